/**
 * RFC 8949 Appendix A vectors (../shared/vectors/cbor-rfc-appendix-a.json): every vector in the
 * supported subset decodes to its value and re-encodes to its bytes (or, where the codec's
 * preferred encoding differs, to the bytes listed below); every other one is refused with the
 * right typed error.
 */
import * as fs from 'fs';
import { cborDecode, cborEncode, CborReader, CBOR_ERROR_NAMES, isProtocolError, ERROR_PREFIX, ErrorCode } from '../../protocol';
import type { CborValue } from '../../protocol';
import { fromHex, hex, sharedPath } from './helpers';

interface Vector {
  cbor: string;
  hex: string;
  roundtrip: boolean;
  decoded?: unknown;
  diagnostic?: string;
}

const vectors: Vector[] = JSON.parse(fs.readFileSync(sharedPath('vectors', 'cbor-rfc-appendix-a.json'), 'utf8'));

/** Vectors outside the subset, with the error code they must get. */
const REJECTED: { [hex: string]: string } = {
  '1bffffffffffffffff': 'CBOR_INT_RANGE', // 2^64 − 1: beyond 2^53 − 1
  '3bffffffffffffffff': 'CBOR_INT_RANGE', // −2^64
  c249010000000000000000: 'CBOR_TAG', // bignum
  c349010000000000000000: 'CBOR_TAG', // negative bignum
  f7: 'CBOR_SIMPLE', // undefined
  f0: 'CBOR_SIMPLE', // simple(16)
  f818: 'CBOR_SIMPLE', // simple(24)
  f8ff: 'CBOR_SIMPLE', // simple(255)
  c074323031332d30332d32315432303a30343a30305a: 'CBOR_TAG',
  c11a514b67b0: 'CBOR_TAG',
  c1fb41d452d9ec200000: 'CBOR_TAG',
  d74401020304: 'CBOR_TAG',
  d818456449455446: 'CBOR_TAG',
  d82076687474703a2f2f7777772e6578616d706c652e636f6d: 'CBOR_TAG',
  '5f42010243030405ff': 'CBOR_INDEFINITE',
  '7f657374726561646d696e67ff': 'CBOR_INDEFINITE',
  '9fff': 'CBOR_INDEFINITE',
  '9f018202039f0405ffff': 'CBOR_INDEFINITE',
  '9f01820203820405ff': 'CBOR_INDEFINITE',
  '83018202039f0405ff': 'CBOR_INDEFINITE',
  '83019f0203ff820405': 'CBOR_INDEFINITE',
  '9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff': 'CBOR_INDEFINITE',
  bf61610161629f0203ffff: 'CBOR_INDEFINITE',
  '826161bf61626163ff': 'CBOR_INDEFINITE',
  bf6346756ef563416d7421ff: 'CBOR_INDEFINITE',
};

/**
 * Supported vectors whose bytes the codec does not write back as they are, and what it writes:
 * integral floats become integers, other floats float32 when exact (the codec writes no
 * float16), integer map keys come back as text keys.
 */
const REENCODED: { [hex: string]: string } = {
  f90000: '00', // 0.0 → 0
  f98000: '00', // −0.0 → 0 (as cbor-x does)
  f93c00: '01', // 1.0 → 1
  f93e00: 'fa3fc00000', // 1.5 → float32
  f97bff: '19ffe0', // 65504.0 → 65504
  fa47c35000: '1a000186a0', // 100000.0 → 100000
  f90001: 'fa33800000', // 2^-24 → float32
  f90400: 'fa38800000', // 2^-14 → float32
  f9c400: '23', // −4.0 → −4
  f97c00: 'fa7f800000', // Infinity → float32
  f97e00: 'fa7fc00000', // NaN → float32
  f9fc00: 'faff800000', // −Infinity → float32
  a201020304: 'a2613102613304', // {1: 2, 3: 4} → {"1": 2, "3": 4}
};

/** The value a supported vector stands for. */
function expected(v: Vector): unknown {
  if ('decoded' in v) return v.decoded;
  const d = v.diagnostic || '';
  if (d === 'Infinity') return Infinity;
  if (d === '-Infinity') return -Infinity;
  if (d === 'NaN') return NaN;
  const bytes = /^h'([0-9a-f]*)'$/.exec(d);
  if (bytes) return fromHex(bytes[1]);
  if (d === '{1: 2, 3: 4}') return { '1': 2, '3': 4 };
  throw new Error('no expectation for ' + v.hex + ' ' + d);
}

describe('RFC 8949 Appendix A vectors', () => {
  it('has the vectors and every rejected entry is one of them', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(80);
    const all = new Set(vectors.map((v) => v.hex));
    for (const h of Object.keys(REJECTED)) expect(all.has(h)).toBe(true);
    for (const h of Object.keys(REENCODED)) expect(all.has(h)).toBe(true);
  });

  const supported = vectors.filter((v) => !(v.hex in REJECTED));
  const rejected = vectors.filter((v) => v.hex in REJECTED);

  it.each(supported.map((v) => [v.hex, v] as const))('decodes %s', (_h, v) => {
    const value = cborDecode(fromHex(v.hex));
    expect(value).toEqual(expected(v));
    if (Object.is(expected(v), -0)) expect(Object.is(value, -0)).toBe(true);
  });

  it.each(supported.map((v) => [v.hex, v] as const))('re-encodes %s', (_h, v) => {
    const value = cborDecode(fromHex(v.hex));
    const again = hex(cborEncode(value));
    if (v.hex in REENCODED) expect(again).toBe(REENCODED[v.hex]);
    else if (v.roundtrip) expect(again).toBe(v.hex);
    // Whatever the bytes, they decode to the same value.
    expect(cborDecode(fromHex(again))).toEqual(v.hex === 'f98000' ? 0 : value);
  });

  it.each(rejected.map((v) => [v.hex, REJECTED[v.hex]] as const))('rejects %s with %s', (h, code) => {
    let caught: unknown;
    try {
      cborDecode(fromHex(h));
    } catch (err) {
      caught = err;
    }
    expect(isProtocolError(caught, code)).toBe(true);
    expect(caught).toBeInstanceOf(Error);
    expect((caught as Error).message.startsWith(ERROR_PREFIX)).toBe(true);
    expect((caught as { errorCode: number }).errorCode).toBe(ErrorCode.BAD_FRAME);
  });

  it.each(rejected.map((v) => [v.hex, REJECTED[v.hex]] as const))('the hot-path reader also refuses %s (skip)', (h, code) => {
    const r = new CborReader(fromHex(h));
    expect(r.skip()).toBe(false);
    expect(CBOR_ERROR_NAMES[r.error]).toBe(code);
  });

  it('decodes the supported vectors the same way cbor-x does', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Decoder } = require('cbor-x') as typeof import('cbor-x');
    const d = new Decoder({ useRecords: false, mapsAsObjects: true, ...({ int64AsNumber: true } as object) });
    for (const v of supported) {
      const ours = cborDecode(fromHex(v.hex)) as CborValue;
      const theirs = d.decode(Buffer.from(v.hex, 'hex'));
      expect(ours).toEqual(theirs instanceof Uint8Array ? new Uint8Array(theirs) : theirs);
    }
  });
});

/**
 * Protocol round trip per message: encode (CBOR) + frame (CRC-16, COBS) + unframe + decode,
 * for an activateMany request and its response, with the portable codec (protocol/, what the
 * firmware runs) and with cbor-x (what the host uses). Same messages, same framing.
 */
import { Decoder, Encoder, FLOAT32_OPTIONS } from 'cbor-x';
import { cborDecode, cborEncode } from '../protocol/cbor';
import { decodeFrame, encodeFrame } from '../protocol/frame';
import type { BenchFigure } from './figure';
import { opsPerSecond } from './figure';

const XS = [0.12, -1.5, 3.25, -0.75, 2.5, -4, 0.5, 1.75, -2.25, 5.5];
const REQUEST = [4711, 13, [null, XS]];
const RESPONSE = [4711, 0, [XS.map((x) => 1 / (1 + Math.exp(-x))).map((y) => new Float32Array([y])[0]), 2712]];

export function benchProtocol(budgetMs = 1500): BenchFigure[] {
  let sink = 0;
  const portable = (): void => {
    for (const m of [REQUEST, RESPONSE]) {
      const back = cborDecode(decodeFrame(encodeFrame(cborEncode(m as never)))) as unknown[];
      sink += back.length;
    }
  };
  const enc = new Encoder({ useRecords: false, mapsAsObjects: true, useFloat32: FLOAT32_OPTIONS.ALWAYS, tagUint8Array: false });
  const dec = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);
  const cborx = (): void => {
    for (const m of [REQUEST, RESPONSE]) {
      const back = dec.decode(decodeFrame(encodeFrame(new Uint8Array(enc.encode(m))))) as unknown[];
      sink += back.length;
    }
  };
  // both must agree on what they carry
  const a = JSON.stringify(cborDecode(cborEncode(RESPONSE as never)));
  const b = JSON.stringify(dec.decode(enc.encode(RESPONSE)));
  if (a !== b) throw new Error(`codecs disagree: ${a} vs ${b}`);
  const p = opsPerSecond(portable, budgetMs);
  const c = opsPerSecond(cborx, budgetMs);
  if (sink === 0) throw new Error('unreachable');
  const bytes = encodeFrame(cborEncode(REQUEST as never)).length + encodeFrame(cborEncode(RESPONSE as never)).length;
  return [
    { group: 'protocol', name: 'round trip, portable codec (request+response, encode+frame+unframe+decode)', value: p, unit: 'round trips/s', note: `${bytes} bytes on the wire per round trip` },
    { group: 'protocol', name: 'round trip, cbor-x (same messages and framing)', value: c, unit: 'round trips/s', against: `portable/cbor-x = ${(p / c).toFixed(2)}×` },
  ];
}

if (require.main === module) {
  for (const f of benchProtocol()) console.log(`${f.name}: ${Math.round(f.value ?? 0)} ${f.unit} ${f.against ?? ''}`);
}

/**
 * The host's one receive path, the Board client's wire (host/client/default-wire.ts: the
 * protocol's FrameDecoder + cbor-x): random chunking, one byte per chunk, frame errors reported
 * and the decoder going on; and host frames ⇄ the portable decoder.
 * (Moved here from the deleted host/framing/frame-stream.ts, which only tests used.)
 */
import fc from 'fast-check';
import { decodeMessage, encodeFrame, encodeRequest, FrameDecoder, MAX_FRAME_BYTES, messageToValue, Op, packF32le } from '../../protocol';
import type { CborValue } from '../../protocol';
import { hostEncodeMessage } from '../../host/framing';
import { defaultWire } from '../../host/client/default-wire';
import { boardMessageArb, requestArb } from '../protocol/arbitraries';
import { concat, FRAME_FIXTURES, fromHex, hex, normalize } from '../protocol/helpers';

interface Run {
  messages: unknown[];
  errors: string[];
}

/** Pushes `chunks` through one wire decoder and collects what comes out. */
function run(chunks: Uint8Array[]): Run {
  const out: Run = { messages: [], errors: [] };
  const sink = defaultWire().decoder(
    (m) => out.messages.push(m),
    (reason) => out.errors.push(reason),
  );
  for (const c of chunks) sink.push(c);
  return out;
}

/** Cuts bytes at the given sorted offsets. */
function cut(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let prev = 0;
  for (const o of [...offsets, bytes.length]) {
    parts.push(bytes.subarray(prev, o));
    prev = o;
  }
  return parts.filter((p) => p.length > 0);
}

const chunking = (len: number) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, len - 1) }), { maxLength: 12 }).map((a) => a.sort((x, y) => x - y));

describe('the client wire decoder (the host receive path)', () => {
  it('round-trips random board messages chunked at random', () => {
    fc.assert(
      fc.property(
        fc.array(boardMessageArb, { minLength: 1, maxLength: 8 }).chain((msgs) => {
          const bytes = concat(msgs.map((m) => hostEncodeMessage(m)));
          return fc.tuple(fc.constant(msgs), fc.constant(bytes), chunking(bytes.length));
        }),
        ([msgs, bytes, offsets]) => {
          const got = run(cut(bytes, offsets));
          expect(got.errors).toEqual([]);
          expect(got.messages.map(normalize)).toEqual(msgs.map(normalize));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes portable-encoded requests (the same bytes a board would answer to)', () => {
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 5 }), (reqs) => {
        const bytes = concat(reqs.map((r) => encodeFrame(encodeRequest(r[0] as number, r[1] as number, r[2] as CborValue[]))));
        const got = run([bytes]);
        expect(got.errors).toEqual([]);
        expect(got.messages.map(normalize)).toEqual(reqs.map(normalize));
      }),
      { numRuns: 100 },
    );
  });

  it('decodes the fixture frames one byte per chunk', () => {
    const board = FRAME_FIXTURES.filter((f) => f.sender === 'board');
    const bytes = concat(board.map((f) => fromHex(f.frame)));
    const got = run(Array.from(bytes, (b) => new Uint8Array([b])));
    expect(got.errors).toEqual([]);
    expect(got.messages).toEqual(board.map((f) => f.value));
  });

  it('reports bad CRC, bad COBS, oversize and bad CBOR and goes on; a non-array is passed on for the client to count', () => {
    const good = hostEncodeMessage([1, 0, [true]]);
    const badCrc = good.slice();
    badCrc[1] ^= 0x01; // 0x83 → 0x82: still valid COBS, wrong CRC
    const oversize = new Uint8Array(MAX_FRAME_BYTES * 2).fill(0x41);
    const notAMessage = encodeFrame(new Uint8Array([0x01])); // CBOR 1, not an array
    const badCbor = encodeFrame(new Uint8Array([0x1c])); // reserved additional information
    const stream = concat([good, badCrc, good, oversize, new Uint8Array([0]), good, fromHex('0511'), new Uint8Array([0]), notAMessage, badCbor, good]);
    for (const chunks of [[stream], cut(stream, [3, 700, 1030, 1031, 1100])]) {
      const got = run(chunks);
      expect(got.messages).toEqual([[1, 0, [true]], [1, 0, [true]], [1, 0, [true]], 1, [1, 0, [true]]]);
      expect(got.errors.map((e) => e.replace(/^(CBOR):.*/, '$1'))).toEqual(['FRAME_CRC', 'FRAME_TOO_LARGE', 'FRAME_COBS', 'CBOR']);
    }
  });

  it('holds a last frame without its delimiter until the 0x00 arrives', () => {
    const good = hostEncodeMessage([2, 0, [1]]);
    const messages: unknown[] = [];
    const sink = defaultWire().decoder((m) => messages.push(m), () => undefined);
    sink.push(good.subarray(0, good.length - 1));
    expect(messages).toEqual([]);
    sink.push(good.subarray(good.length - 1));
    expect(messages).toEqual([[2, 0, [1]]]);
  });
});

describe('hostEncodeMessage ⇄ portable decoding', () => {
  it('host frames decode with the portable FrameDecoder + decodeMessage', () => {
    fc.assert(
      fc.property(fc.array(requestArb, { minLength: 1, maxLength: 6 }), (reqs) => {
        const got: unknown[] = [];
        const dec = new FrameDecoder({ onFrame: (c) => got.push(normalize(messageToValue(decodeMessage(c, 'host')))), onError: (e, c) => got.push(c) });
        dec.push(concat(reqs.map((r) => hostEncodeMessage(r))));
        expect(got).toEqual(reqs.map(normalize));
      }),
      { numRuns: 500 },
    );
  });

  it('host and portable frames are byte-identical for protocol messages', () => {
    const req = [5, Op.ACTIVATE_MANY, [null, packF32le([0.5, -0.125, 0.75])]] as CborValue[];
    expect(hex(hostEncodeMessage(req))).toBe(hex(encodeFrame(encodeRequest(5, Op.ACTIVATE_MANY, [null, packF32le([0.5, -0.125, 0.75])]))));
    expect(run([hostEncodeMessage(req)]).messages).toEqual([[5, 13, [null, packF32le([0.5, -0.125, 0.75])]]]);
  });
});

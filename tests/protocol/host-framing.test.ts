/**
 * host/framing: FrameStream over real Node streams (parser-delimiter underneath), chunked at
 * random; hostEncodeMessage ⇄ the portable FrameDecoder; frame errors as events, never thrown.
 */
import { PassThrough, Readable } from 'stream';
import fc from 'fast-check';
import {
  decodeMessage,
  encodeFrame,
  encodeRequest,
  ErrorCode,
  FrameDecoder,
  MAX_FRAME_BYTES,
  messageToValue,
  Op,
} from '../../protocol';
import type { CborValue, Message, ProtocolError } from '../../protocol';
import { FrameStream, hostDecodeFrame, hostEncodeMessage } from '../../host/framing';
import type { FrameStreamOptions } from '../../host/framing';
import { boardMessageArb, requestArb } from './arbitraries';
import { concat, FRAME_FIXTURES, fromHex, hex, normalize } from './helpers';

interface Run {
  messages: Message[];
  errors: ProtocolError[];
  streamErrors: Error[];
}

/** Pipes `chunks` through a FrameStream and collects what comes out. */
function run(chunks: Uint8Array[], options?: FrameStreamOptions): Promise<Run> {
  return new Promise((resolve) => {
    const out: Run = { messages: [], errors: [], streamErrors: [] };
    const fs = new FrameStream(options);
    fs.on('data', (m: Message) => out.messages.push(m));
    fs.on('frameError', (e: ProtocolError) => out.errors.push(e));
    fs.on('error', (e: Error) => out.streamErrors.push(e));
    fs.on('end', () => resolve(out));
    Readable.from(chunks.map((c) => Buffer.from(c)), { objectMode: false }).pipe(fs);
  });
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

describe('FrameStream', () => {
  it('round-trips random board messages through a real stream chunked at random', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(boardMessageArb, { minLength: 1, maxLength: 8 }).chain((msgs) => {
          const bytes = concat(msgs.map((m) => hostEncodeMessage(m)));
          return fc.tuple(fc.constant(msgs), fc.constant(bytes), chunking(bytes.length));
        }),
        async ([msgs, bytes, offsets]) => {
          const got = await run(cut(bytes, offsets));
          expect(got.errors).toEqual([]);
          expect(got.streamErrors).toEqual([]);
          expect(got.messages.map((m) => normalize(messageToValue(m)))).toEqual(msgs.map(normalize));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('decodes portable-encoded requests when the sender is the host', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(requestArb, { minLength: 1, maxLength: 5 }), async (reqs) => {
        const bytes = concat(reqs.map((r) => encodeFrame(encodeRequest(r[0] as number, r[1] as number, r[2] as CborValue[]))));
        const got = await run([bytes], { sender: 'host' });
        expect(got.errors).toEqual([]);
        expect(got.messages.map((m) => m.kind)).toEqual(reqs.map(() => 'request'));
        expect(got.messages.map((m) => normalize(messageToValue(m)))).toEqual(reqs.map(normalize));
      }),
      { numRuns: 100 },
    );
  });

  it('decodes the fixture frames one byte per chunk', async () => {
    const bytes = concat(FRAME_FIXTURES.filter((f) => f.sender === 'board').map((f) => fromHex(f.frame)));
    const chunks = Array.from(bytes, (b) => new Uint8Array([b]));
    const got = await run(chunks);
    expect(got.errors).toEqual([]);
    expect(got.messages.map(messageToValue)).toEqual(FRAME_FIXTURES.filter((f) => f.sender === 'board').map((f) => f.value));
  });

  it('emits bad CRC, bad COBS, oversize and bad shape as frameError events and goes on', async () => {
    const good = hostEncodeMessage([1, 0, [true]]);
    const badCrc = good.slice();
    badCrc[1] ^= 0x01; // 0x83 → 0x82: still valid COBS, wrong CRC
    const oversize = new Uint8Array(MAX_FRAME_BYTES * 2).fill(0x41);
    const notAMessage = encodeFrame(new Uint8Array([0x01])); // CBOR 1, not an array
    const badCbor = encodeFrame(new Uint8Array([0x1c])); // reserved additional information
    const stream = concat([
      good,
      badCrc,
      good,
      oversize,
      new Uint8Array([0]),
      good,
      fromHex('0511'),
      new Uint8Array([0]),
      notAMessage,
      badCbor,
      good,
    ]);
    for (const chunks of [[stream], cut(stream, [3, 700, 1030, 1031, 1100])]) {
      const got = await run(chunks);
      expect(got.streamErrors).toEqual([]);
      expect(got.messages).toHaveLength(4);
      expect(got.errors.map((e) => e.code)).toEqual(['FRAME_CRC', 'FRAME_TOO_LARGE', 'FRAME_COBS', 'MSG_SHAPE', 'CBOR_DECODE']);
      expect(got.errors.map((e) => e.errorCode)).toEqual([ErrorCode.BAD_CRC, 1, 1, 1, 1]);
    }
  });

  it('offers a last frame without its delimiter to decodeFrame at the end of the stream', async () => {
    const good = hostEncodeMessage([2, 0, [1]]);
    const got = await run([good, good.subarray(0, good.length - 1)]);
    expect(got.messages).toHaveLength(2);
  });

  it('works as a pipe target of a PassThrough written in pieces', async () => {
    const src = new PassThrough();
    const fs = new FrameStream();
    const seen: Message[] = [];
    fs.on('data', (m: Message) => seen.push(m));
    const done = new Promise((r) => fs.on('end', r));
    src.pipe(fs);
    const frame = hostEncodeMessage({ kind: 'response', seq: 3, status: 0, result: [[0.5, 0.25], 12] });
    src.write(frame.subarray(0, 4));
    src.write(frame.subarray(4));
    src.end();
    await done;
    expect(seen).toEqual([{ kind: 'response', seq: 3, status: 0, result: [[0.5, 0.25], 12] }]);
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
    const req = [5, Op.ACTIVATE_MANY, [null, [0.5, -0.125, 0.75]]] as CborValue[];
    expect(hex(hostEncodeMessage(req))).toBe(hex(encodeFrame(encodeRequest(5, Op.ACTIVATE_MANY, [null, [0.5, -0.125, 0.75]]))));
    expect(hostDecodeFrame(hostEncodeMessage(req), 'host')).toEqual({ kind: 'request', seq: 5, op: 13, args: [null, [0.5, -0.125, 0.75]] });
  });
});

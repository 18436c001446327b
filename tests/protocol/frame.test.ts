/**
 * Frames and the streaming FrameDecoder: fixture tables both ways; every fixture replayed split
 * at every offset and byte by byte; garbage and oversize input resynchronised; every single-byte
 * corruption never accepted as a different message; truncation at every byte gives the exact
 * error (nanopb io_errors style).
 */
import {
  decodeFrame,
  decodeFrameInto,
  decodeMessage,
  encodeFrame,
  encodeFrameInto,
  ErrorCode,
  FrameDecoder,
  FrameError,
  isProtocolError,
  MAX_FRAME_BYTES,
  MAX_MESSAGE_BYTES,
  maxFrameLength,
  ERROR_PREFIX,
  cborEncode,
  cobsDecode,
} from '../../protocol';
import type { Message } from '../../protocol';
import { concat, FRAME_FIXTURES, fromHex, hex } from './helpers';

interface Collected {
  frames: string[];
  errors: string[];
}

function collector(maxFrameBytes?: number): { dec: FrameDecoder; out: Collected } {
  const out: Collected = { frames: [], errors: [] };
  const dec = new FrameDecoder(
    {
      onFrame: (cbor) => out.frames.push(hex(cbor)),
      onError: (errorCode, code) => out.errors.push(code + '/' + errorCode),
    },
    maxFrameBytes,
  );
  return { dec, out };
}

function frameCode(frame: Uint8Array): string {
  try {
    decodeFrame(frame);
    return 'OK';
  } catch (err) {
    if (isProtocolError(err)) return err.code;
    throw err;
  }
}

const fixtures = FRAME_FIXTURES;
const stream = concat([new Uint8Array([0]), ...fixtures.map((f) => fromHex(f.frame))]);
const allCbor = fixtures.map((f) => f.cbor);

describe('frame fixtures', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s: value → CBOR → frame', (_n, f) => {
    expect(hex(cborEncode(f.value))).toBe(f.cbor);
    expect(hex(encodeFrame(fromHex(f.cbor)))).toBe(f.frame);
    const out = new Uint8Array(maxFrameLength(f.cbor.length / 2));
    const n = encodeFrameInto(fromHex(f.cbor), f.cbor.length / 2, out);
    expect(hex(out.subarray(0, n))).toBe(f.frame);
  });

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: frame → CBOR → message', (_n, f) => {
    const frame = fromHex(f.frame);
    expect(hex(decodeFrame(frame))).toBe(f.cbor);
    expect(hex(decodeFrame(frame.subarray(0, frame.length - 1)))).toBe(f.cbor); // without the 0x00
    const msg = decodeMessage(fromHex(f.cbor), f.sender);
    const wire = msg.kind === 'request' ? [msg.seq, msg.op, msg.args] : msg.kind === 'response' ? [msg.seq, msg.status, msg.result] : [0, msg.event, msg.data];
    expect(wire).toEqual(f.value);
    const out = new Uint8Array(frame.length);
    expect(decodeFrameInto(frame, frame.length, out)).toBe(f.cbor.length / 2);
  });

  it('frames hold no 0x00 but the delimiter', () => {
    for (const f of fixtures) {
      const frame = fromHex(f.frame);
      expect(frame.indexOf(0)).toBe(frame.length - 1);
    }
  });
});

describe('FrameDecoder', () => {
  it('decodes the fixture stream in one chunk', () => {
    const { dec, out } = collector();
    dec.push(stream);
    expect(out.errors).toEqual([]);
    expect(out.frames).toEqual(allCbor);
  });

  it('decodes the fixture stream split at every byte offset', () => {
    for (let k = 0; k <= stream.length; k++) {
      const { dec, out } = collector();
      dec.push(stream.subarray(0, k));
      dec.push(stream.subarray(k));
      if (out.errors.length || out.frames.join() !== allCbor.join()) throw new Error('split at ' + k + ': ' + JSON.stringify(out));
    }
  });

  it('decodes the fixture stream split into three at every pair of offsets of a short frame pair', () => {
    const two = concat([fromHex(fixtures[1].frame), fromHex(fixtures[3].frame)]);
    for (let a = 0; a <= two.length; a++) {
      for (let b = a; b <= two.length; b++) {
        const { dec, out } = collector();
        dec.push(two.subarray(0, a));
        dec.push(two.subarray(a, b));
        dec.push(two.subarray(b));
        expect(out.frames).toEqual([fixtures[1].cbor, fixtures[3].cbor]);
      }
    }
  });

  it('decodes the fixture stream fed one byte at a time', () => {
    const { dec, out } = collector();
    for (const b of stream) dec.pushByte(b);
    expect(out.errors).toEqual([]);
    expect(out.frames).toEqual(allCbor);
    expect(dec.frames).toBe(fixtures.length);
  });

  it('skips empty frames silently (0x00 0x00 flushes)', () => {
    const { dec, out } = collector();
    dec.push(fromHex('000000'));
    dec.push(fromHex(fixtures[0].frame));
    dec.push(fromHex('0000'));
    expect(out).toEqual({ frames: [fixtures[0].cbor], errors: [] });
  });

  it('reports garbage between frames and resynchronises at the next 0x00', () => {
    const garbage = [fromHex('41424344'), fromHex('ff'), fromHex('0511'), fromHex('01'), fromHex('0201')];
    for (const g of garbage) {
      const { dec, out } = collector();
      dec.push(concat([fromHex(fixtures[0].frame), g, new Uint8Array([0]), fromHex(fixtures[1].frame)]));
      expect(out.frames).toEqual([fixtures[0].cbor, fixtures[1].cbor]);
      expect(out.errors).toHaveLength(1);
    }
    // garbage merged into the following frame costs that frame, never more
    const { dec, out } = collector();
    dec.push(concat([fromHex('4142'), fromHex(fixtures[0].frame), fromHex(fixtures[1].frame)]));
    expect(out.frames).toEqual([fixtures[1].cbor]);
    expect(out.errors).toEqual(['FRAME_COBS/' + ErrorCode.BAD_FRAME]); // 0x41 points past the end
  });

  it('reports an oversize frame once, then decodes the next valid frame', () => {
    const { dec, out } = collector();
    const big = new Uint8Array(MAX_FRAME_BYTES * 3).fill(0x55);
    dec.push(concat([big, new Uint8Array([0]), fromHex(fixtures[2].frame)]));
    expect(out.errors).toEqual(['FRAME_TOO_LARGE/' + ErrorCode.BAD_FRAME]);
    expect(out.frames).toEqual([fixtures[2].cbor]);
  });

  it('takes a frame of exactly maxFrameBytes and refuses one byte more', () => {
    // A frame of 16 bytes with its delimiter: COBS of 14 bytes (10 CBOR + 4 CRC) is 15, + 0x00 = 16.
    const cbor = cborEncode('abcdefghi'); // 10 bytes → frame 16
    const frame = encodeFrame(cbor);
    expect(frame.length).toBe(16);
    const ok = collector(16);
    ok.dec.push(frame);
    expect(ok.out).toEqual({ frames: [hex(cbor)], errors: [] });
    const tight = collector(15);
    tight.dec.push(frame);
    tight.dec.push(frame);
    expect(tight.out.frames).toEqual([]);
    expect(tight.out.errors).toEqual(['FRAME_TOO_LARGE/1', 'FRAME_TOO_LARGE/1']);
    expect(frameCode(frame)).toBe('OK');
    expect(() => decodeFrame(frame, 15)).toThrow(/FRAME|too large|exceeds/);
  });

  it('is allocation-stable: the CBOR view is reused between frames', () => {
    const views: Uint8Array[] = [];
    const dec = new FrameDecoder({ onFrame: (c) => views.push(c), onError: () => undefined });
    dec.push(fromHex(fixtures[0].frame));
    dec.push(fromHex(fixtures[1].frame));
    expect(views[0].buffer).toBe(views[1].buffer);
  });
});

describe('corruption', () => {
  const MASKS = [0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff, 0x55, 0xaa, 0x0f, 0xf0, 0x81];

  it('no single-byte corruption of any fixture is accepted as a different message', () => {
    let rejected = 0;
    let sameMessage = 0;
    for (const f of fixtures) {
      const frame = fromHex(f.frame);
      const good = f.cbor;
      for (let i = 0; i < frame.length; i++) {
        for (const m of MASKS) {
          const bad = frame.slice();
          bad[i] ^= m;
          const { dec, out } = collector();
          // the corrupted frame, a flush, then the intact frame: it must still come through
          dec.push(bad);
          dec.push(new Uint8Array([0]));
          dec.push(frame);
          const last = out.frames[out.frames.length - 1];
          if (last !== good) throw new Error(`${f.name}: resync failed after byte ${i} ^ ${m}`);
          for (const c of out.frames.slice(0, -1)) {
            // a frame that got through must be the very same message
            let same = c === good;
            if (!same) {
              try {
                same = JSON.stringify(decodeMessage(fromHex(c), f.sender)) === JSON.stringify(decodeMessage(fromHex(good), f.sender));
              } catch {
                same = true; // not a message at all: rejected one layer up
              }
            }
            if (!same) throw new Error(`${f.name}: byte ${i} ^ ${m} decoded as a different message ${c}`);
            sameMessage++;
          }
          if (out.frames.length === 1) rejected++;
        }
      }
    }
    expect(rejected).toBeGreaterThan(0);
    // Report the split: nearly all are rejected by COBS/CRC.
    expect(sameMessage).toBeLessThan(rejected);
  });
});

describe('truncation at every byte (io_errors)', () => {
  /** Offsets at which a COBS block ends, for the oracle. */
  function blockEnds(frame: Uint8Array): Set<number> {
    const ends = new Set<number>();
    let p = 0;
    while (p < frame.length - 1) {
      p += frame[p];
      ends.add(p);
    }
    return ends;
  }

  it.each(fixtures.map((f) => [f.name, f] as const))('%s: each cut gives the exact error', (_n, f) => {
    const frame = fromHex(f.frame);
    const ends = blockEnds(frame);
    for (let i = 0; i < frame.length - 1; i++) {
      const cut = frame.subarray(0, i);
      // Exact expectation: nothing → EMPTY; mid-block → COBS; at a block end → a shorter payload
      // whose CRC fails. (Protocol 1's CRC-16/CCITT-FALSE had one structural exception: with a
      // CRC low byte of 0x00, a cut just before the last "01" block left M[0..n-1] ‖ [M[n-1],
      // crcHigh], which passed it; CRC-32 has no such accident: that fixture's cut fails the CRC.)
      const want = i === 0 ? 'FRAME_EMPTY' : ends.has(i) ? 'FRAME_CRC' : 'FRAME_COBS';
      expect([i, frameCode(cut)]).toEqual([i, want]);
      const out = new Uint8Array(frame.length);
      const code = decodeFrameInto(cut, i, out);
      const wantCode = { FRAME_EMPTY: FrameError.EMPTY, FRAME_CRC: FrameError.CRC, FRAME_COBS: FrameError.COBS }[want];
      expect(code).toBe(wantCode);
      // the same through the streaming decoder: the link fails after byte i, then recovers
      const { dec, out: got } = collector();
      dec.push(cut);
      dec.pushByte(0);
      dec.push(frame);
      const errors = i === 0 ? [] : [want + '/' + (want === 'FRAME_CRC' ? ErrorCode.BAD_CRC : ErrorCode.BAD_FRAME)];
      expect(got.errors).toEqual(errors);
      expect(got.frames).toEqual([f.cbor]);
    }
  });
});

describe('frame errors', () => {
  it('decodeFrame throws typed errors with the shared prefix and a wire error code', () => {
    const cases: [string, string, number][] = [
      ['', 'FRAME_EMPTY', ErrorCode.BAD_FRAME],
      ['00', 'FRAME_EMPTY', ErrorCode.BAD_FRAME],
      ['0300', 'FRAME_COBS', ErrorCode.BAD_FRAME],
      ['031100', 'FRAME_COBS', ErrorCode.BAD_FRAME],
      ['0311', 'FRAME_COBS', ErrorCode.BAD_FRAME],
      ['03112200', 'FRAME_CRC', ErrorCode.BAD_CRC],
      ['0201', 'FRAME_CRC', ErrorCode.BAD_CRC],
    ];
    for (const [h, code, errorCode] of cases) {
      let caught: unknown;
      try {
        decodeFrame(fromHex(h));
      } catch (err) {
        caught = err;
      }
      expect(isProtocolError(caught, code)).toBe(true);
      expect((caught as { errorCode: number }).errorCode).toBe(errorCode);
      expect((caught as Error).message.startsWith(ERROR_PREFIX)).toBe(true);
    }
    const long = new Uint8Array(MAX_FRAME_BYTES).fill(1);
    expect(frameCode(long)).toBe('FRAME_TOO_LARGE');
  });

  it('encodeFrame refuses a message over MAX_MESSAGE_BYTES; the largest one fits in MAX_FRAME_BYTES', () => {
    expect(() => encodeFrame(new Uint8Array(MAX_MESSAGE_BYTES + 1))).toThrow(expect.objectContaining({ code: 'FRAME_TOO_LARGE' }));
    for (const fill of [0, 1, 0xff]) {
      const frame = encodeFrame(new Uint8Array(MAX_MESSAGE_BYTES).fill(fill));
      expect(frame.length).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      expect(decodeFrame(frame).length).toBe(MAX_MESSAGE_BYTES);
    }
    expect(encodeFrameInto(new Uint8Array(MAX_MESSAGE_BYTES + 1), MAX_MESSAGE_BYTES + 1, new Uint8Array(1024))).toBe(FrameError.TOO_LARGE);
    expect(encodeFrameInto(fromHex('8301018101'), 5, new Uint8Array(10))).toBe(FrameError.OVERFLOW);
    expect(encodeFrameInto(fromHex('8301018101'), 5, new Uint8Array(11))).toBe(11);
  });

  it('encodeFrameInto fits any frame into a buffer of exactly its length, long runs of non-zero bytes included', () => {
    // the reference: COBS(cbor ‖ crc) by the allocating path, then the delimiter
    const cases: Uint8Array[] = [];
    const nonZero = (n: number, seed: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => 1 + ((i * 31 + seed) % 255));
    for (const n of [1, 5, 240, 249, 250, 251, 253, 254, 255, 300, 500, MAX_MESSAGE_BYTES]) {
      cases.push(nonZero(n, n)); // one long run (data ending in a full block for some n)
      const z = nonZero(n, 7);
      if (n > 2) z[n >> 1] = 0; // a zero inside
      cases.push(z);
    }
    for (const cbor of cases) {
      const want = encodeFrame(cbor);
      // stale bytes from an earlier frame after the data: zeros and non-zeros
      for (const fill of [0, 0x55]) {
        const out = new Uint8Array(want.length).fill(fill);
        expect(encodeFrameInto(cbor, cbor.length, out)).toBe(want.length);
        expect(hex(out)).toBe(hex(want));
        expect(encodeFrameInto(cbor, cbor.length, new Uint8Array(want.length - 1).fill(fill))).toBe(FrameError.OVERFLOW);
      }
      expect(Array.from(decodeFrame(want))).toEqual(Array.from(cbor));
    }
  });
});

export type { Message };

/**
 * Consistent Overhead Byte Stuffing (Cheshire & Baker, 1999): removes every 0x00 from a byte
 * string so 0x00 can delimit frames. Each block is a code byte n (1..255) followed by n − 1
 * non-zero bytes; a block with n < 255 stands for its bytes and a 0x00, except the last block.
 * A full 254-byte block at the very end gets no trailing 0x01 (as in the paper and Wikipedia).
 * Overhead: at most 1 + floor(n / 254) bytes for n input bytes.
 *
 * The *Into functions write into a caller-given buffer and allocate nothing; they return the
 * length written or a negative CobsError.
 */
import { ErrorCode } from './ops';
import { ProtocolError } from './errors';

export const CobsError = {
  /** The output buffer is too small. */
  OVERFLOW: -1,
  /** A 0x00 inside the encoded data. */
  ZERO_BYTE: -2,
  /** A code byte points past the end of the data. */
  TRUNCATED: -3,
} as const;

/** Largest COBS encoding of n bytes (no delimiter). */
export function cobsMaxEncodedLength(n: number): number {
  return n + Math.floor(n / 254) + 1;
}

/**
 * COBS-encodes src[0, srcLen) into `out`; returns the encoded length or CobsError.OVERFLOW.
 * No 0x00 delimiter is written. A run of non-zero bytes at a time: the native `indexOf` finds
 * the next 0x00 and `set` copies the run (on Espruino a JS statement per byte is the cost).
 */
export function cobsEncodeInto(src: Uint8Array, srcLen: number, out: Uint8Array): number {
  const cap = out.length;
  if (cap < 1) return CobsError.OVERFLOW;
  let codeAt = 0;
  let o = 1;
  let code = 1;
  let i = 0;
  while (i < srcLen) {
    let z = src.indexOf(0, i);
    if (z < 0 || z > srcLen) z = srcLen;
    while (i < z) {
      let take = 0xff - code;
      if (take > z - i) take = z - i;
      if (o + take > cap) return CobsError.OVERFLOW;
      out.set(src.subarray(i, i + take), o);
      o += take;
      i += take;
      code += take;
      if (code === 0xff) {
        out[codeAt] = code;
        code = 1;
        if (i < srcLen) {
          if (o >= cap) return CobsError.OVERFLOW;
          codeAt = o++;
        } else codeAt = -1;
      }
    }
    if (z < srcLen) {
      out[codeAt] = code;
      if (o >= cap) return CobsError.OVERFLOW;
      codeAt = o++;
      code = 1;
      i = z + 1;
    }
  }
  if (codeAt >= 0) out[codeAt] = code;
  return o;
}

/**
 * Decodes COBS data src[0, srcLen) (no delimiter) into `out`; returns the decoded length or a
 * negative CobsError (ZERO_BYTE, TRUNCATED, OVERFLOW), the first one met reading from the
 * start. A block at a time (native `indexOf` and `set`); `out` may be `src` itself (decoding
 * in place: the output never overtakes the input).
 */
export function cobsDecodeInto(src: Uint8Array, srcLen: number, out: Uint8Array): number {
  const cap = out.length;
  let zero = src.indexOf(0);
  if (zero < 0 || zero > srcLen) zero = srcLen;
  if (zero === srcLen && srcLen > 0 && srcLen < 0xff && srcLen - 1 <= cap) {
    // Most frames: no 0x00 inside and shorter than a full block (so no 0xff code: one would point
    // past the end). The data is then src shifted down by one with a 0x00 where each later code
    // byte was: one native copy, then the code chain walked once, two statements a block (on
    // Espruino a block's own view and copy cost more). A chain that does not end exactly at the
    // end is truncated, as the general path below finds.
    let p = src[0] - 1;
    const n = srcLen - 1;
    out.set(src.subarray(1, srcLen), 0);
    while (p < n) {
      const code = out[p];
      out[p] = 0;
      p += code;
    }
    return p === n ? n : CobsError.TRUNCATED;
  }
  let i = 0;
  let o = 0;
  while (i < srcLen) {
    const code = src[i++];
    if (code === 0) return CobsError.ZERO_BYTE;
    const blockEnd = i + code - 1;
    if (blockEnd > srcLen) return CobsError.TRUNCATED;
    if (o + code - 1 > cap) return CobsError.OVERFLOW;
    if (zero < blockEnd) return CobsError.ZERO_BYTE;
    if (blockEnd > i) {
      out.set(src.subarray(i, blockEnd), o);
      o += blockEnd - i;
      i = blockEnd;
    }
    if (code !== 0xff && i < srcLen) {
      if (o >= cap) return CobsError.OVERFLOW;
      out[o++] = 0;
    }
  }
  return o;
}

/** COBS-encodes src (allocates; no delimiter). */
export function cobsEncode(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(cobsMaxEncodedLength(src.length));
  const n = cobsEncodeInto(src, src.length, out);
  return out.slice(0, n);
}

/** Decodes COBS data (allocates; no delimiter). Throws ProtocolError FRAME_COBS. */
export function cobsDecode(src: Uint8Array): Uint8Array {
  const out = new Uint8Array(src.length);
  const n = cobsDecodeInto(src, src.length, out);
  if (n < 0) {
    const why = n === CobsError.ZERO_BYTE ? 'a 0x00 byte inside COBS data' : 'a COBS code byte points past the end';
    throw new ProtocolError('FRAME_COBS', ErrorCode.BAD_FRAME, why);
  }
  return out.slice(0, n);
}

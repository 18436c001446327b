/**
 * Frames: COBS( CBOR ‖ CRC-32 big-endian ) followed by one 0x00 delimiter (protocol 2; protocol
 * 1 had CRC-16/CCITT-FALSE). CRC-32 is the one Espruino computes natively (E.CRC32), and its 32
 * bits double as the firmware's exactly-once hash of the request.
 *
 * encodeFrame / decodeFrame allocate and throw ProtocolError; encodeFrameInto /
 * decodeFrameInto are for the firmware: caller-given buffers, no allocation, a negative
 * FrameError on failure.
 */
import { ErrorCode } from './ops';
import { MAX_FRAME_BYTES, MAX_MESSAGE_BYTES } from './limits';
import { ProtocolError } from './errors';
import { cobsDecodeInto, cobsEncodeInto, cobsMaxEncodedLength, CobsError } from './cobs';
import { crc32 } from './crc32';

/** Negative results of the *Into frame functions. */
export const FrameError = {
  /** Not valid COBS (a 0x00 inside, or a code byte pointing past the end). */
  COBS: -1,
  /** CRC mismatch, or too short to hold message + CRC (5 bytes). */
  CRC: -2,
  /** Frame (or message) longer than the cap. */
  TOO_LARGE: -3,
  /** Nothing between the delimiters. */
  EMPTY: -4,
  /** The caller's output buffer is too small. */
  OVERFLOW: -5,
} as const;

/** String codes of FrameError values, as ProtocolError.code. */
export function frameErrorName(err: number): string {
  if (err === FrameError.COBS) return 'FRAME_COBS';
  if (err === FrameError.CRC) return 'FRAME_CRC';
  if (err === FrameError.TOO_LARGE) return 'FRAME_TOO_LARGE';
  if (err === FrameError.EMPTY) return 'FRAME_EMPTY';
  if (err === FrameError.OVERFLOW) return 'FRAME_OVERFLOW';
  return 'FRAME_ERROR';
}

/** The wire ErrorCode for a FrameError: BAD_CRC for CRC problems, BAD_FRAME otherwise. */
export function frameErrorCode(err: number): number {
  return err === FrameError.CRC ? ErrorCode.BAD_CRC : ErrorCode.BAD_FRAME;
}

const FRAME_ERROR_MESSAGES: { [code: string]: string } = {
  FRAME_COBS: 'frame is not valid COBS',
  FRAME_CRC: 'frame CRC-32 mismatch (or frame too short for its CRC)',
  FRAME_TOO_LARGE: 'frame exceeds the size cap',
  FRAME_EMPTY: 'empty frame',
  FRAME_OVERFLOW: 'output buffer too small for the frame',
};

/** A ProtocolError for a FrameError value. */
export function frameError(err: number): ProtocolError {
  const name = frameErrorName(err);
  return new ProtocolError(name, frameErrorCode(err), FRAME_ERROR_MESSAGES[name] || 'bad frame');
}

/** Bytes of the frame CRC (CRC-32, big-endian, after the CBOR). */
export const CRC_BYTES = 4;

/** Largest frame (delimiter included) for a message of n CBOR bytes. */
export function maxFrameLength(n: number): number {
  return cobsMaxEncodedLength(n + CRC_BYTES) + 1;
}

/**
 * Writes the frame for cbor[0, cborLen) into `out`: COBS(cbor ‖ crc) then 0x00. Returns the
 * frame length (delimiter included) or FrameError.TOO_LARGE (cborLen > MAX_MESSAGE_BYTES) /
 * FrameError.OVERFLOW (`out` has no room for the frame). One native copy of the CBOR, then the
 * native `indexOf` from zero to zero (see below).
 */
export function encodeFrameInto(cbor: Uint8Array, cborLen: number, out: Uint8Array): number {
  if (cborLen > MAX_MESSAGE_BYTES) return FrameError.TOO_LARGE;
  const crc = crc32(cbor, 0, cborLen);
  const end = cborLen + CRC_BYTES;
  if (end + 2 <= out.length) {
    // Most messages: no run of 254 non-zero bytes. COBS is then the data (CBOR ‖ CRC) after one
    // code byte, each 0x00 of it replaced by the distance to the next 0x00 (or to the end): one
    // native copy, then the native indexOf from zero to zero (on Espruino a view and a copy per
    // block, or a statement per byte, cost more). A longer run takes the general path below.
    out.set(cbor.subarray(0, cborLen), 1);
    out[cborLen + 1] = (crc >>> 24) & 0xff;
    out[cborLen + 2] = (crc >>> 16) & 0xff;
    out[cborLen + 3] = (crc >>> 8) & 0xff;
    out[cborLen + 4] = crc & 0xff;
    if (end < 0xfe) {
      // shorter than a block (most answers): none can be full, and the delimiter, written first,
      // stops the search (one comparison a zero, where the loop below needs three)
      out[end + 1] = 0;
      let at = 0;
      let z = out.indexOf(0, 1);
      while (z <= end) {
        out[at] = z - at;
        z = out.indexOf(0, (at = z) + 1);
      }
      out[at] = end + 1 - at;
      return end + 2;
    }
    let codeAt = 0;
    let z = out.indexOf(0, 1);
    // zeros past `end` are a previous frame's bytes, not this one's
    while (z > 0 && z <= end && z - codeAt < 0xff) {
      out[codeAt] = z - codeAt;
      codeAt = z;
      z = out.indexOf(0, z + 1);
    }
    // the last block may be full (code 0xff: a full block at the very end has no 0x00 after it)
    if (!(z > 0 && z <= end) && end + 1 - codeAt <= 0xff) {
      out[codeAt] = end + 1 - codeAt;
      out[end + 1] = 0;
      return end + 2;
    }
  }
  // The general path (a run of 254 non-zero bytes inside needs a code byte of its own): the data
  // goes to the end of `out` and is COBS-encoded from there towards the front, in place. The
  // output runs ahead of the input by 1 plus one byte per full block so far, never less: when the
  // frame fits (its overhead ≤ `at`), no write reaches input not yet read; when it does not, the
  // result is too long and refused whatever was overwritten.
  const at = out.length - 1 - end;
  if (at < 1) return FrameError.OVERFLOW;
  out.set(cbor.subarray(0, cborLen), at);
  out[at + cborLen] = (crc >>> 24) & 0xff;
  out[at + cborLen + 1] = (crc >>> 16) & 0xff;
  out[at + cborLen + 2] = (crc >>> 8) & 0xff;
  out[at + cborLen + 3] = crc & 0xff;
  const n = cobsEncodeInto(out.subarray(at, at + end), end, out);
  if (n < 0 || n > out.length - 1) return FrameError.OVERFLOW;
  out[n] = 0;
  return n + 1;
}

/**
 * Decodes frame[0, frameLen) (the bytes between delimiters, with or without the trailing
 * 0x00) into `out`, which must hold the message plus the 4 CRC bytes (`out` may be `frame`
 * itself: COBS decodes in place). Returns the CBOR length n (the message is out[0, n), its CRC
 * out[n, n + 4)) or a FrameError: EMPTY, TOO_LARGE (frame + delimiter longer than
 * maxFrameBytes, default MAX_FRAME_BYTES), COBS, CRC, OVERFLOW.
 */
export function decodeFrameInto(frame: Uint8Array, frameLen: number, out: Uint8Array, maxFrameBytes?: number): number {
  const max = maxFrameBytes === undefined ? MAX_FRAME_BYTES : maxFrameBytes;
  let len = frameLen;
  if (len > 0 && frame[len - 1] === 0) len--;
  if (len === 0) return FrameError.EMPTY;
  if (len + 1 > max) return FrameError.TOO_LARGE;
  const n = cobsDecodeInto(frame, len, out);
  if (n === CobsError.OVERFLOW) return FrameError.OVERFLOW;
  if (n < 0) return FrameError.COBS;
  if (n < CRC_BYTES + 1) return FrameError.CRC;
  const m = n - CRC_BYTES;
  const want = ((out[m] << 24) | (out[m + 1] << 16) | (out[m + 2] << 8) | out[m + 3]) >>> 0;
  if (crc32(out, 0, m) !== want) return FrameError.CRC;
  return m;
}

/** The frame for a CBOR message, trailing 0x00 included. Throws FRAME_TOO_LARGE. */
export function encodeFrame(cbor: Uint8Array): Uint8Array {
  if (cbor.length > MAX_MESSAGE_BYTES) {
    throw new ProtocolError(
      'FRAME_TOO_LARGE',
      ErrorCode.BAD_FRAME,
      'message of ' + cbor.length + ' bytes exceeds MAX_MESSAGE_BYTES (' + MAX_MESSAGE_BYTES + ')',
    );
  }
  const out = new Uint8Array(maxFrameLength(cbor.length));
  const n = encodeFrameInto(cbor, cbor.length, out);
  if (n < 0) throw frameError(n);
  return out.slice(0, n);
}

/**
 * The CBOR bytes of a frame (the bytes between delimiters, with or without the trailing
 * 0x00). Throws ProtocolError FRAME_EMPTY | FRAME_TOO_LARGE | FRAME_COBS | FRAME_CRC.
 */
export function decodeFrame(frame: Uint8Array, maxFrameBytes?: number): Uint8Array {
  const out = new Uint8Array(frame.length);
  const n = decodeFrameInto(frame, frame.length, out, maxFrameBytes);
  if (n < 0) throw frameError(n);
  return out.slice(0, n);
}

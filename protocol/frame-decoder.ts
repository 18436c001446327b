/**
 * FrameDecoder: the streaming side of framing. Bytes arrive in any chunking; each 0x00 ends a
 * frame, which is COBS-decoded and CRC-checked. Valid frames reach `onFrame` as a view of the
 * CBOR bytes inside a buffer the decoder reuses: valid only during the callback (copy it to
 * keep it). Bad frames reach `onError(errorCode, code)` with the wire ErrorCode (BAD_FRAME /
 * BAD_CRC) and the string code (FRAME_COBS, FRAME_CRC, FRAME_TOO_LARGE). A frame that grows
 * past `maxFrameBytes` is reported once, as soon as it does, and everything up to the next
 * 0x00 is dropped: the decoder always resynchronises at the next delimiter. Empty frames (two
 * 0x00 in a row, used to flush a link) are skipped silently.
 *
 * One buffer, allocated once in the constructor, holds the frame being received and is decoded
 * in place (COBS output never overtakes its input). `push`/`pushBytes` take a chunk a run at a
 * time: the native `indexOf` finds each 0x00 and `set` copies the bytes before it (on Espruino a
 * JS statement per byte is the cost; `pushByte` is the byte-at-a-time form). Nothing is
 * allocated per frame but the views those natives take — and no frame view for a handler with
 * `onFrameData`, which gets the decoder's buffer and the frame's length (the firmware's path).
 */
import { MAX_FRAME_BYTES } from './limits';
import { decodeFrameInto, FrameError, frameErrorCode, frameErrorName } from './frame';

export interface FrameHandler {
  /** A valid frame's CBOR bytes (a view valid during the call); a handler has this or onFrameData. */
  onFrame?(cbor: Uint8Array): void;
  /**
   * Optional, used instead of `onFrame` when present: the frame's CBOR bytes are
   * `bytes[0 .. length)` of a buffer the decoder reuses (valid during the call); no view is made.
   * `bytes[length .. length + 4)` holds the frame's CRC-32, big-endian.
   */
  onFrameData?(bytes: Uint8Array, length: number): void;
  /** A rejected frame: errorCode from ErrorCode (BAD_FRAME/BAD_CRC), code 'FRAME_*'. */
  onError(errorCode: number, code: string): void;
}

export class FrameDecoder {
  readonly maxFrameBytes: number;
  private handler: FrameHandler;
  /** Encoded bytes of the frame being received (delimiter excluded); decoded in place. */
  private raw: Uint8Array;
  private rawLen: number;
  /** True while dropping the rest of an oversize frame. */
  private discarding: boolean;
  /** Counters, for diagnostics. */
  frames: number;
  errors: number;

  /** maxFrameBytes: largest frame, delimiter included (default MAX_FRAME_BYTES). */
  constructor(handler: FrameHandler, maxFrameBytes?: number) {
    this.handler = handler;
    this.maxFrameBytes = maxFrameBytes === undefined ? MAX_FRAME_BYTES : maxFrameBytes;
    this.raw = new Uint8Array(this.maxFrameBytes);
    this.rawLen = 0;
    this.discarding = false;
    this.frames = 0;
    this.errors = 0;
  }

  /** Drops a partly received frame (e.g. after the link was reopened). */
  reset(): void {
    this.rawLen = 0;
    this.discarding = false;
  }

  private report(err: number): void {
    this.errors++;
    this.handler.onError(frameErrorCode(err), frameErrorName(err));
  }

  private endFrame(): void {
    const len = this.rawLen;
    this.rawLen = 0;
    if (this.discarding) {
      this.discarding = false;
      return;
    }
    if (len === 0) return;
    const n = decodeFrameInto(this.raw, len, this.raw, this.maxFrameBytes);
    if (n < 0) {
      this.report(n);
      return;
    }
    this.frames++;
    const h = this.handler;
    if (h.onFrameData !== undefined) h.onFrameData(this.raw, n);
    else if (h.onFrame !== undefined) h.onFrame(this.raw.subarray(0, n));
  }

  /** Feeds one byte. */
  pushByte(b: number): void {
    if (b === 0) {
      this.endFrame();
      return;
    }
    if (this.discarding) return;
    // A frame plus its delimiter must fit in maxFrameBytes.
    if (this.rawLen + 1 >= this.maxFrameBytes) {
      this.discarding = true;
      this.rawLen = 0;
      this.report(FrameError.TOO_LARGE);
      return;
    }
    this.raw[this.rawLen++] = b;
  }

  /** Feeds a chunk of any size. */
  push(chunk: Uint8Array): void {
    this.pushBytes(chunk, chunk.length);
  }

  /** Feeds bytes[0, length): the same as pushByte for each, a run of non-zero bytes at a time. */
  pushBytes(bytes: Uint8Array, length: number): void {
    const max = this.maxFrameBytes;
    let i = 0;
    while (i < length) {
      let z = bytes.indexOf(0, i);
      if (z < 0 || z > length) z = length;
      const n = z - i;
      if (n > 0 && !this.discarding) {
        // A frame plus its delimiter must fit in maxFrameBytes.
        if (this.rawLen + n + 1 > max) {
          this.discarding = true;
          this.rawLen = 0;
          this.report(FrameError.TOO_LARGE);
        } else {
          this.raw.set(bytes.subarray(i, z), this.rawLen);
          this.rawLen += n;
        }
      }
      if (z < length) this.endFrame();
      i = z + 1;
    }
  }
}

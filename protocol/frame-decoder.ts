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
 * Both buffers are allocated once, in the constructor; push/pushByte allocate nothing but the
 * one view per delivered frame — and not even that for a handler with `onFrameData`, which
 * gets the decoder's buffer and the frame's length instead of a view (the firmware's hot path).
 */
import { MAX_FRAME_BYTES } from './limits';
import { decodeFrameInto, FrameError, frameErrorCode, frameErrorName } from './frame';

export interface FrameHandler {
  /** A valid frame's CBOR bytes (a view valid during the call). */
  onFrame(cbor: Uint8Array): void;
  /**
   * Optional, used instead of `onFrame` when present: the frame's CBOR bytes are
   * `bytes[0 .. length)` of a buffer the decoder reuses (valid during the call); no view is made.
   */
  onFrameData?(bytes: Uint8Array, length: number): void;
  /** A rejected frame: errorCode from ErrorCode (BAD_FRAME/BAD_CRC), code 'FRAME_*'. */
  onError(errorCode: number, code: string): void;
}

export class FrameDecoder {
  readonly maxFrameBytes: number;
  private handler: FrameHandler;
  /** Encoded bytes of the frame being received (delimiter excluded). */
  private raw: Uint8Array;
  private rawLen: number;
  /** Decoded message + CRC of the last frame. */
  private decoded: Uint8Array;
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
    this.decoded = new Uint8Array(this.maxFrameBytes);
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

  /** Bytes of the frame currently being received. */
  get pending(): number {
    return this.rawLen;
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
    const n = decodeFrameInto(this.raw, len, this.decoded, this.maxFrameBytes);
    if (n < 0) {
      this.report(n);
      return;
    }
    this.frames++;
    const h = this.handler;
    if (h.onFrameData !== undefined) h.onFrameData(this.decoded, n);
    else h.onFrame(this.decoded.subarray(0, n));
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
    const n = chunk.length;
    for (let i = 0; i < n; i++) this.pushByte(chunk[i]);
  }
}

/**
 * CborWriter: the allocation-free CBOR writer (writer-core.ts) with what the host and the tests
 * use on top: `number(x)` applies the codec's rule (integer → CBOR integer, else float32 when
 * exact, else float64), float64, a view of the bytes written, `ok`, `nil()`.
 */
import { Major, MAX_SAFE_INT } from './constants';
import { isFloat32Exact, writeFloat64 } from './float';
import { CborWriterCore } from './writer-core';

export class CborWriter extends CborWriterCore {
  /** True while no error happened. */
  get ok(): boolean {
    return this.error === 0;
  }

  /** A view of the bytes written (allocates a view; not for the hot path). */
  view(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** x as float64. */
  f64(x: number): boolean {
    if (!this.room(9)) return false;
    this.buf[this.pos] = 0xfb;
    writeFloat64(this.buf, this.pos + 1, x);
    this.pos += 9;
    return true;
  }

  /**
   * The codec's number rule: an integer within ±(2^53 − 1) as a CBOR integer (−0 becomes 0,
   * as cbor-x does), otherwise float32 when float32 holds x exactly, otherwise float64.
   */
  number(x: number): boolean {
    if (x >= -MAX_SAFE_INT && x <= MAX_SAFE_INT && Math.floor(x) === x) {
      if (x >= 0) return this.head(Major.UINT, x);
      return this.head(Major.NINT, -1 - x);
    }
    if (isFloat32Exact(x)) return this.f32(x);
    return this.f64(x);
  }

  /** Same as null(), for code that prefers not to call a method named after a keyword. */
  nil(): boolean {
    return this.null();
  }

}

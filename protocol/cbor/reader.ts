/**
 * CborReader: the CBOR pull reader (reader-core.ts) with what the host and the tests use on top:
 * skip() of a whole item without recursion, byte strings as views, atEnd(), peekMajor(), ok.
 * Nesting deeper than `maxDepth` in skip() is TOO_DEEP.
 */
import { MAX_CBOR_DEPTH } from '../limits';
import { CborError, Major } from './constants';
import { CborReaderCore, EMPTY } from './reader-core';

export class CborReader extends CborReaderCore {
  /** Nesting cap for skip(). */
  maxDepth: number;
  /** Remaining-item counts for skip(), one per open container; allocated once. */
  private stack: Float64Array;

  constructor(buf?: Uint8Array, start?: number, end?: number, maxDepth?: number, maxStringBytes?: number) {
    super(undefined, undefined, undefined, maxStringBytes);
    this.maxDepth = maxDepth === undefined ? MAX_CBOR_DEPTH : maxDepth;
    this.stack = new Float64Array(this.maxDepth + 1);
    if (buf !== undefined) this.reset(buf, start, end);
  }

  get ok(): boolean {
    return this.error === 0;
  }

  /** True when every byte was consumed (and no error). */
  atEnd(): boolean {
    return this.error === 0 && this.offset >= this.end;
  }

  /** Major type (0..7) of the next item, -1 at the end or after an error. */
  peekMajor(): number {
    if (this.error !== 0 || this.offset >= this.end) return -1;
    return this.buf[this.offset] >> 5;
  }

  /** A byte string, as a view into the input (valid while the input is). */
  readBytes(): Uint8Array {
    const n = this.stringHead(Major.BYTES);
    if (n < 0) return EMPTY;
    const v = this.buf.subarray(this.offset, this.offset + n);
    this.offset += n;
    return v;
  }

  /**
   * Skips one complete item, containers included, without recursion (a fixed stack of
   * `maxDepth` counts). Rejects what the reader rejects; TOO_DEEP past `maxDepth` levels.
   * Text strings are not UTF-8 checked when skipped.
   */
  skip(): boolean {
    if (this.error !== 0) return false;
    const stack = this.stack;
    let depth = 0;
    let pending = 1;
    while (true) {
      while (pending === 0) {
        if (depth === 0) return true;
        depth--;
        pending = stack[depth];
      }
      if (this.offset >= this.end) return this.fail(CborError.TRUNCATED);
      const ib = this.buf[this.offset];
      const major = ib >> 5;
      pending--;
      if (major === Major.SIMPLE) {
        if (this.atFloat(ib)) {
          this.float();
          if (this.error !== 0) return false;
        } else if (ib >= 0xf4 && ib <= 0xf6) this.offset++;
        else return this.fail(this.kindError(ib));
      } else if (major === Major.TAG) {
        return this.fail(this.kindError(ib));
      } else if (major === Major.BYTES || major === Major.TEXT) {
        if (this.stringHead(major) < 0) return false;
        this.offset += this.arg;
      } else if (major === Major.ARRAY || major === Major.MAP) {
        const n = this.containerHead(major, major === Major.MAP ? 2 : 1);
        if (n < 0) return false;
        if (n > 0) {
          if (depth >= this.maxDepth) return this.fail(CborError.TOO_DEEP);
          stack[depth] = pending;
          depth++;
          pending = major === Major.MAP ? n * 2 : n;
        } else if (depth >= this.maxDepth) return this.fail(CborError.TOO_DEEP);
      } else if (!this.head()) return false;
    }
  }
}

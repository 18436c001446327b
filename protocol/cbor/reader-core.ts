/**
 * CborReaderCore: pulls CBOR items out of buf[start, end) without allocating (nanopb style; a
 * text string necessarily allocates its JS string). Errors never throw:
 * the first one is kept in `error` (a CborError) with `errorOffset`, every later read returns
 * its neutral value (0, false, '', an empty view, -1 for headers), so a caller checks once:
 *
 *   r.reset(frame, 0, n);
 *   if (r.readArrayHeader() !== 3) …; const seq = r.readUint(); const op = r.readUint(); …
 *   if (r.error) → answer BAD_FRAME
 *
 * Rejected input: indefinite lengths and stray breaks (INDEFINITE), tags (TAG), undefined and
 * simple values (SIMPLE), reserved additional information (RESERVED), integers beyond
 * ±(2^53 − 1) (INT_RANGE), lengths running past the end (TRUNCATED), strings longer than
 * `maxStringBytes` (TOO_LARGE).
 * Non-shortest integer and length encodings are accepted (cbor-x writes some).
 *
 * This is what the firmware links: each method is a function object on a Pico (≈ 7 variables),
 * so what only the host and the tests use (skip, readBytes, atEnd, peekMajor) is in CborReader
 * (reader.ts), which extends this class.
 */
import { MAX_CBOR_STRING_BYTES } from '../limits';
import { CborError, CborKind, Major, MAX_SAFE_INT, TWO_32 } from './constants';
import { halfToNumber, readFloat32, readFloat64 } from './float';
import { utf8Read } from './utf8';

export const EMPTY = new Uint8Array(0);

export class CborReaderCore {
  buf: Uint8Array;
  /** Position of the next item. */
  offset: number;
  /** End of the readable region (exclusive). */
  end: number;
  /** First error (a CborError value), 0 while all is well. */
  error: number;
  /** Offset where the first error was found (-1 when none). */
  errorOffset: number;
  /** Longest text or byte string accepted. */
  maxStringBytes: number;
  /** Argument of the last head read (count, length or integer magnitude). */
  protected arg: number;

  constructor(buf?: Uint8Array, start?: number, end?: number, maxStringBytes?: number) {
    this.buf = EMPTY;
    this.offset = 0;
    this.end = 0;
    this.error = 0;
    this.errorOffset = -1;
    this.arg = 0;
    this.maxStringBytes = maxStringBytes === undefined ? MAX_CBOR_STRING_BYTES : maxStringBytes;
    if (buf !== undefined) this.reset(buf, start, end);
  }

  /** Reads buf[start, end) from now on (defaults: the whole buffer) and clears the error. */
  reset(buf: Uint8Array, start?: number, end?: number): void {
    this.buf = buf;
    this.offset = start === undefined ? 0 : start;
    this.end = end === undefined ? buf.length : end;
    this.error = 0;
    this.errorOffset = -1;
    this.arg = 0;
  }

  /** Records the first error and stops further reading. Returns false. */
  fail(code: number): boolean {
    if (this.error === 0) {
      this.error = code;
      this.errorOffset = this.offset;
    }
    return false;
  }

  /** fail(code), then `value`: the neutral result a failed read returns. */
  protected failWith<T>(code: number, value: T): T {
    this.fail(code);
    return value;
  }

  /** The kind of the next item (a CborKind), END at the end or after an error. */
  peekKind(): number {
    if (this.error !== 0 || this.offset >= this.end) return CborKind.END;
    const ib = this.buf[this.offset];
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (major !== Major.SIMPLE) {
      if (ai >= 28 && ai <= 30) return CborKind.RESERVED;
      if (ai === 31 && (major === Major.UINT || major === Major.NINT || major === Major.TAG)) return CborKind.RESERVED;
      return major;
    }
    if (ai === 20 || ai === 21) return CborKind.BOOL;
    if (ai === 22) return CborKind.NULL;
    if (ai === 23) return CborKind.UNDEFINED;
    if (ai >= 25 && ai <= 27) return CborKind.FLOAT;
    if (ai === 31) return CborKind.BREAK;
    if (ai >= 28) return CborKind.RESERVED;
    return CborKind.SIMPLE;
  }

  /** The error that an item of this initial byte gets when it is not what the caller asked for. */
  protected kindError(ib: number): number {
    const major = ib >> 5;
    const ai = ib & 0x1f;
    if (ai >= 28 && ai <= 30) return CborError.RESERVED;
    if (major === Major.TAG) return ai === 31 ? CborError.RESERVED : CborError.TAG;
    if (ai === 31) {
      if (major === Major.UINT || major === Major.NINT) return CborError.RESERVED;
      return CborError.INDEFINITE;
    }
    if (major === Major.SIMPLE && (ai < 20 || ai === 23 || ai === 24)) return CborError.SIMPLE;
    return CborError.TYPE;
  }

  /**
   * Reads the head of an item whose major type the caller checked: sets `arg` to its argument
   * and advances past the head. False (with the error set) on truncation, indefinite length,
   * reserved additional information or an argument beyond 2^53 − 1.
   */
  protected head(): boolean {
    const b = this.buf;
    const p = this.offset;
    const ib = b[p];
    const ai = ib & 0x1f;
    if (ai < 24) {
      this.arg = ai;
      this.offset = p + 1;
      return true;
    }
    if (ai === 24) {
      if (p + 2 > this.end) return this.fail(CborError.TRUNCATED);
      this.arg = b[p + 1];
      this.offset = p + 2;
      return true;
    }
    if (ai === 25) {
      if (p + 3 > this.end) return this.fail(CborError.TRUNCATED);
      this.arg = (b[p + 1] << 8) | b[p + 2];
      this.offset = p + 3;
      return true;
    }
    if (ai === 26) {
      if (p + 5 > this.end) return this.fail(CborError.TRUNCATED);
      this.arg = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]);
      this.offset = p + 5;
      return true;
    }
    if (ai === 27) {
      if (p + 9 > this.end) return this.fail(CborError.TRUNCATED);
      const hi = b[p + 1] * 16777216 + ((b[p + 2] << 16) | (b[p + 3] << 8) | b[p + 4]);
      const lo = b[p + 5] * 16777216 + ((b[p + 6] << 16) | (b[p + 7] << 8) | b[p + 8]);
      if (hi > 0x1fffff) return this.fail(CborError.INT_RANGE);
      this.arg = hi * TWO_32 + lo;
      this.offset = p + 9;
      return true;
    }
    return this.fail(this.kindError(ib));
  }

  /** Reads the float at the offset (initial byte 0xF9/0xFA/0xFB checked by the caller). */
  protected float(): number {
    const b = this.buf;
    const p = this.offset;
    const ai = b[p] & 0x1f;
    if (ai === 25) {
      if (p + 3 > this.end) return this.failWith(CborError.TRUNCATED, 0);
      this.offset = p + 3;
      return halfToNumber((b[p + 1] << 8) | b[p + 2]);
    }
    if (ai === 26) {
      if (p + 5 > this.end) return this.failWith(CborError.TRUNCATED, 0);
      this.offset = p + 5;
      return readFloat32(b, p + 1);
    }
    if (p + 9 > this.end) return this.failWith(CborError.TRUNCATED, 0);
    this.offset = p + 9;
    return readFloat64(b, p + 1);
  }

  /** True when the next initial byte is a float16/32/64 head. */
  protected atFloat(ib: number): boolean {
    return ib === 0xf9 || ib === 0xfa || ib === 0xfb;
  }

  /**
   * An unsigned integer. An integer-valued float is accepted as well (cbor-x writes integers
   * of 2^32 and more as float64). 0 with `error` set otherwise.
   */
  readUint(): number {
    const p = this.offset;
    const ib0 = this.buf[p];
    if (ib0 < 24 && this.error === 0 && p < this.end) {
      // a one-byte unsigned integer (seq, op, small arguments): no head() call
      this.offset = p + 1;
      return ib0;
    }
    if (ib0 === 24 && this.error === 0 && p + 2 <= this.end) {
      // a two-byte one (a sequence number past 23)
      this.offset = p + 2;
      return this.buf[p + 1];
    }
    if (this.error !== 0) return 0;
    if (this.offset >= this.end) return this.failWith(CborError.TRUNCATED, 0);
    const ib = this.buf[this.offset];
    const major = ib >> 5;
    if (major === Major.UINT) return this.head() ? this.arg : 0;
    if (this.atFloat(ib)) {
      const start = this.offset;
      const x = this.float();
      if (this.error !== 0) return 0;
      if (x >= 0 && x <= MAX_SAFE_INT && Math.floor(x) === x) return x;
      this.offset = start;
      return this.failWith(CborError.TYPE, 0);
    }
    if (major === Major.NINT && (ib & 0x1f) < 28) return this.failWith(CborError.TYPE, 0);
    return this.failWith(this.kindError(ib), 0);
  }

  /** A signed integer within ±(2^53 − 1); an integer-valued float is accepted as well. */
  readInt(): number {
    if (this.error !== 0) return 0;
    if (this.offset >= this.end) return this.failWith(CborError.TRUNCATED, 0);
    const ib = this.buf[this.offset];
    const major = ib >> 5;
    if (major === Major.UINT) return this.head() ? this.arg : 0;
    if (major === Major.NINT) {
      const start = this.offset;
      if (!this.head()) return 0;
      if (this.arg > MAX_SAFE_INT - 1) {
        this.offset = start;
        return this.failWith(CborError.INT_RANGE, 0);
      }
      return -1 - this.arg;
    }
    if (this.atFloat(ib)) {
      const start = this.offset;
      const x = this.float();
      if (this.error !== 0) return 0;
      if (x >= -MAX_SAFE_INT && x <= MAX_SAFE_INT && Math.floor(x) === x) return x;
      this.offset = start;
      return this.failWith(CborError.TYPE, 0);
    }
    return this.failWith(this.kindError(ib), 0);
  }

  /** A number: float16, float32 or float64, or an integer. NaN with `error` set otherwise. */
  readFloat(): number {
    if (this.error !== 0) return NaN;
    if (this.offset >= this.end) return this.failWith(CborError.TRUNCATED, NaN);
    const ib = this.buf[this.offset];
    if (this.atFloat(ib)) {
      const x = this.float();
      return this.error !== 0 ? NaN : x;
    }
    const major = ib >> 5;
    if (major === Major.UINT || major === Major.NINT) {
      const x = this.readInt();
      return this.error !== 0 ? NaN : x;
    }
    return this.failWith(this.kindError(ib), NaN);
  }

  /** true/false; false with `error` set for anything else. */
  readBool(): boolean {
    if (this.error !== 0) return false;
    if (this.offset >= this.end) return this.fail(CborError.TRUNCATED);
    const ib = this.buf[this.offset];
    if (ib === 0xf4 || ib === 0xf5) {
      this.offset++;
      return ib === 0xf5;
    }
    return this.fail(this.kindError(ib));
  }

  /** True when the next item is null (nothing consumed). */
  isNull(): boolean {
    return this.error === 0 && this.offset < this.end && this.buf[this.offset] === 0xf6;
  }

  /** Consumes a null; false with `error` set for anything else. */
  readNull(): boolean {
    if (this.error !== 0) return false;
    if (this.offset >= this.end) return this.fail(CborError.TRUNCATED);
    const ib = this.buf[this.offset];
    if (ib === 0xf6) {
      this.offset++;
      return true;
    }
    return this.fail(this.kindError(ib));
  }

  /** Reads the head of a string of major type `major`; returns its length or -1. */
  protected stringHead(major: number): number {
    if (this.error !== 0) return -1;
    if (this.offset >= this.end) return this.failWith(CborError.TRUNCATED, -1);
    const ib = this.buf[this.offset];
    if (ib >> 5 !== major) return this.failWith(this.kindError(ib), -1);
    const start = this.offset;
    if (!this.head()) return -1;
    const n = this.arg;
    if (n > this.maxStringBytes) {
      this.offset = start;
      return this.failWith(CborError.TOO_LARGE, -1);
    }
    if (this.offset + n > this.end) {
      this.offset = start;
      return this.failWith(CborError.TRUNCATED, -1);
    }
    return n;
  }

  /** A text string ('' with `error` set on a wrong type, a truncation or bad UTF-8). */
  readText(): string {
    const start = this.offset;
    const n = this.stringHead(Major.TEXT);
    if (n < 0) return '';
    const s = utf8Read(this.buf, this.offset, this.offset + n);
    if (s === null) {
      this.offset = start;
      return this.failWith(CborError.BAD_UTF8, '');
    }
    this.offset += n;
    return s;
  }

  /** Reads the head of a container of major type `major`; returns its count or -1. */
  protected containerHead(major: number, perItem: number): number {
    if (this.error !== 0) return -1;
    if (this.offset >= this.end) return this.failWith(CborError.TRUNCATED, -1);
    const ib = this.buf[this.offset];
    if (ib >> 5 !== major) return this.failWith(this.kindError(ib), -1);
    const start = this.offset;
    if (!this.head()) return -1;
    // Every item takes at least one byte: a count that cannot fit is a truncation, found now.
    if (this.arg * perItem > this.end - this.offset) {
      this.offset = start;
      return this.failWith(CborError.TRUNCATED, -1);
    }
    return this.arg;
  }

  /** The item count of an array (the caller reads that many items next), or -1. */
  readArrayHeader(): number {
    const p = this.offset;
    const ib = this.buf[p];
    if (ib >= 0x80 && ib < 0x98 && this.error === 0 && p < this.end && ib - 0x80 <= this.end - p - 1) {
      // fewer than 24 items that can fit (a one-byte head): no containerHead() and head() calls
      this.offset = p + 1;
      return ib - 0x80;
    }
    return this.containerHead(Major.ARRAY, 1);
  }

  /**
   * A byte string: its length n, its bytes copied into out[0, n) with one native copy when they
   * fit (n ≤ out.length; the caller refuses a longer one by its length). -1 with `error` set on
   * another type or a truncation.
   */
  readBytesInto(out: Uint8Array): number {
    const b = this.buf;
    const p = this.offset;
    if (b[p] === 0x58 && this.error === 0 && p + 2 <= this.end) {
      // 24..255 bytes (activateMany's xs): the two-byte head inline, no stringHead() and head() calls
      const m = b[p + 1];
      if (m <= this.maxStringBytes && p + 2 + m <= this.end) {
        if (m <= out.length) out.set(b.subarray(p + 2, p + 2 + m));
        this.offset = p + 2 + m;
        return m;
      }
    }
    const n = this.stringHead(Major.BYTES);
    if (n < 0) return -1;
    if (n <= out.length) out.set(this.buf.subarray(this.offset, this.offset + n));
    this.offset += n;
    return n;
  }

  /** The pair count of a map (the caller reads key, value… next), or -1. */
  readMapHeader(): number {
    return this.containerHead(Major.MAP, 2);
  }
}

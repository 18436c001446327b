/**
 * CborWriterCore: writes CBOR into a caller-given Uint8Array, allocating nothing (nanopb style).
 * A write that does not fit sets `overflow` and leaves `length` where it was; the first error
 * is kept in `error` (a CborError) and later writes are ignored, so a caller checks once at
 * the end:
 *
 *   const w = new CborWriterCore(buf);
 *   w.arrayHeader(3); w.uint(seq); w.uint(Status.OK); w.arrayHeader(0);
 *   if (w.error) …; send(buf, w.length)
 *
 * Integers are written in the shortest form. This is what the firmware links (each method is
 * a function object on a Pico, ≈ 7 variables); CborWriter (writer.ts) adds what only the host
 * and the tests use: `number(x)` with the codec's rule, float64, `view()`, `ok`, `nil()`.
 */
import { CborError, Major, MAX_SAFE_INT, TWO_32 } from './constants';
import { writeFloat32 } from './float';
import { utf8Length, utf8Write } from './utf8';

export class CborWriterCore {
  /** The buffer written into. */
  buf: Uint8Array;
  /** Write position (bytes written so far). Kept apart from `length`: Espruino treats
   *  assignments to `.length` specially, so only a getter carries that name. */
  protected pos: number;
  /** True once a write did not fit. */
  overflow: boolean;
  /** First error (a CborError value), 0 while all is well. */
  error: number;

  constructor(buf: Uint8Array) {
    this.buf = buf;
    this.pos = 0;
    this.overflow = false;
    this.error = 0;
  }

  /** Starts over (on a new buffer when one is given). */
  reset(buf?: Uint8Array): void {
    if (buf !== undefined) this.buf = buf;
    this.pos = 0;
    this.overflow = false;
    this.error = 0;
  }

  /**
   * Starts over with the head the firmware's messages begin with: an array of three, then the
   * unsigned integers a and b ([seq, status, …] or [0, event, …]). One call where reset,
   * arrayHeader and two uints are four (on Espruino every call is interpreted): a below 2^16 and
   * b below 24 are written here, anything else as those four would write it.
   */
  begin3(a: number, b: number): boolean {
    const buf = this.buf;
    this.pos = 0;
    this.overflow = false;
    this.error = 0;
    if ((a & 0xffff) !== a || (b & 31) !== b || b > 23 || buf.length < 5) return this.arrayHeader(3) && this.uint(a) && this.uint(b);
    buf[0] = 0x83;
    let p = 1;
    if (a > 23) {
      if (a > 0xff) {
        buf[1] = 0x19;
        buf[2] = a >> 8;
        p = 3;
      } else {
        buf[1] = 0x18;
        p = 2;
      }
    }
    // a typed array keeps the low byte of what it is given
    buf[p] = a;
    buf[p + 1] = b;
    this.pos = p + 2;
    return true;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos;
  }

  /**
   * A copy of the bytes written, exactly as long (allocates; not for the hot path). Not
   * `slice`: on Espruino a typed array's slice() gives a plain Array.
   */
  copy(): Uint8Array {
    const out = new Uint8Array(this.pos);
    out.set(this.buf.subarray(0, this.pos), 0);
    return out;
  }

  /** Records the first error; returns false so callers can `return this.fail(…)`. */
  fail(code: number): boolean {
    if (this.error === 0) this.error = code;
    if (code === CborError.OVERFLOW) this.overflow = true;
    return false;
  }

  /** Checks that n more bytes fit (and no earlier error is pending). */
  protected room(n: number): boolean {
    if (this.error !== 0) return false;
    if (this.pos + n > this.buf.length) return this.fail(CborError.OVERFLOW);
    return true;
  }

  /** Bytes of a head whose argument is n. */
  protected headSize(n: number): number {
    if (n < 24) return 1;
    if (n < 0x100) return 2;
    if (n < 0x10000) return 3;
    if (n < TWO_32) return 5;
    return 9;
  }

  /**
   * Writes an initial byte with major type `major` and argument n (0 ≤ n ≤ 2^53 − 1), shortest
   * form. The one- and two-byte forms (most of what the firmware writes) check the room inline:
   * on Espruino every call and every property lookup is interpreted.
   */
  protected head(major: number, n: number): boolean {
    const b = this.buf;
    const m = major << 5;
    // Espruino reads the text of the branches it skips: the long forms are a method of their own
    if (n >= 0x100) return this.longHead(m, n);
    const p = this.pos;
    if (this.error !== 0) return false;
    if (n < 24) {
      if (p + 1 > b.length) return this.fail(CborError.OVERFLOW);
      b[p] = m | n;
      this.pos = p + 1;
      return true;
    }
    if (p + 2 > b.length) return this.fail(CborError.OVERFLOW);
    b[p] = m | 24;
    b[p + 1] = n;
    this.pos = p + 2;
    return true;
  }

  /** head's three-, five- and nine-byte forms (n ≥ 256); `m`: the major type, shifted. */
  private longHead(m: number, n: number): boolean {
    const b = this.buf;
    if (n < 0x10000) {
      if (!this.room(3)) return false;
      b[this.pos++] = m | 25;
      b[this.pos++] = n >> 8;
      b[this.pos++] = n & 0xff;
    } else if (n < TWO_32) {
      if (!this.room(5)) return false;
      b[this.pos++] = m | 26;
      this.be(n, 4);
    } else {
      if (!this.room(9)) return false;
      b[this.pos++] = m | 27;
      const hi = Math.floor(n / TWO_32);
      this.be(hi, 4);
      this.be(n - hi * TWO_32, 4);
    }
    return true;
  }

  /** Big-endian unsigned v (< 2^32) in `count` bytes, by arithmetic (no 32-bit shifts). */
  protected be(v: number, count: number): void {
    const b = this.buf;
    let x = v;
    for (let i = count - 1; i >= 0; i--) {
      const lo = x % 256;
      b[this.pos + i] = lo;
      x = (x - lo) / 256;
    }
    this.pos += count;
  }

  /** An unsigned integer 0 … 2^53 − 1. */
  uint(n: number): boolean {
    if (n >= 0 && n < 24 && (n | 0) === n) {
      // the one-byte form inline (most counters and flags): a call less on Espruino
      const p = this.pos;
      if (this.error !== 0) return false;
      if (p + 1 > this.buf.length) return this.fail(CborError.OVERFLOW);
      this.buf[p] = n;
      this.pos = p + 1;
      return true;
    }
    if (!(n >= 0 && n <= MAX_SAFE_INT && Math.floor(n) === n)) return this.fail(CborError.INT_RANGE);
    return this.head(Major.UINT, n);
  }

  /**
   * An array of the unsigned integers values[0, n) (status's per-channel counts): one call, the
   * one-byte ones written inline.
   */
  uints(values: ArrayLike<number>, n: number): boolean {
    if (!this.arrayHeader(n)) return false;
    const b = this.buf;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      const p = this.pos;
      if (v >= 0 && v < 24 && (v | 0) === v && p < b.length) {
        b[p] = v;
        this.pos = p + 1;
      } else if (!this.uint(v)) return false;
    }
    return true;
  }

  /** A signed integer −(2^53 − 1) … 2^53 − 1. */
  int(n: number): boolean {
    if (!(n >= -MAX_SAFE_INT && n <= MAX_SAFE_INT && Math.floor(n) === n)) return this.fail(CborError.INT_RANGE);
    if (n >= 0) return this.head(Major.UINT, n);
    return this.head(Major.NINT, -1 - n);
  }

  /** x as float32 (rounded to float32 when it is not exact). */
  f32(x: number): boolean {
    // the room check inline (a call less on Espruino, as in head())
    const b = this.buf;
    const p = this.pos;
    if (this.error !== 0) return false;
    if (p + 5 > b.length) return this.fail(CborError.OVERFLOW);
    b[p] = 0xfa;
    writeFloat32(b, p + 1, x);
    this.pos = p + 5;
    return true;
  }

  bool(b: boolean): boolean {
    if (!this.room(1)) return false;
    this.buf[this.pos++] = b ? 0xf5 : 0xf4;
    return true;
  }

  /** CBOR null (0xF6). */
  null(): boolean {
    if (!this.room(1)) return false;
    this.buf[this.pos++] = 0xf6;
    return true;
  }

  /** A text string, UTF-8 encoded in place (a lone surrogate becomes U+FFFD). */
  text(s: string): boolean {
    const n = utf8Length(s);
    if (!this.room(this.headSize(n) + n)) return false;
    this.head(Major.TEXT, n);
    this.pos = utf8Write(s, this.buf, this.pos);
    return true;
  }

  /** A byte string: u8[start, end) (the whole array by default). */
  bytes(u8: Uint8Array, start?: number, end?: number): boolean {
    const s = start === undefined ? 0 : start;
    const e = end === undefined ? u8.length : end;
    const n = e - s;
    const p = this.pos;
    if (n < 24 || n >= 0x100) {
      if (!this.room(this.headSize(n) + n)) return false;
      this.head(Major.BYTES, n);
    } else {
      // the two-byte head inline (activateMany's ys: 24..64 bytes)
      if (this.error !== 0) return false;
      if (p + 2 + n > this.buf.length) return this.fail(CborError.OVERFLOW);
      this.buf[p] = 0x58;
      this.buf[p + 1] = n;
      this.pos = p + 2;
    }
    // one native copy (activateMany's ys, 4 bytes a value), not a statement per byte
    this.buf.set(u8.subarray(s, e), this.pos);
    this.pos += n;
    return true;
  }

  /**
   * Pre-encoded CBOR copied as it is: bytes[start, end) (e.g. a text key encoded once, see
   * `CborKeys`). One native copy, where `text` costs JS statements per character.
   */
  raw(bytes: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    if (this.error !== 0) return false;
    if (this.pos + n > this.buf.length) return this.fail(CborError.OVERFLOW);
    this.buf.set(bytes.subarray(start, end), this.pos);
    this.pos += n;
    return true;
  }

  /** The header of an array of n items; the caller writes the n items next. */
  arrayHeader(n: number): boolean {
    if (!(n >= 0 && n < 24 && (n | 0) === n)) {
      if (!(n >= 0 && Math.floor(n) === n && n <= MAX_SAFE_INT)) return this.fail(CborError.INT_RANGE);
      return this.head(Major.ARRAY, n);
    }
    // a short array (every one the firmware writes): its one-byte head inline, a call less
    const p = this.pos;
    if (this.error !== 0) return false;
    if (p + 1 > this.buf.length) return this.fail(CborError.OVERFLOW);
    this.buf[p] = 0x80 | n;
    this.pos = p + 1;
    return true;
  }

  /** The header of a map of n pairs; the caller writes key, value, key, value… next. */
  mapHeader(n: number): boolean {
    if (!(n >= 0 && Math.floor(n) === n && n <= MAX_SAFE_INT)) return this.fail(CborError.INT_RANGE);
    return this.head(Major.MAP, n);
  }
}

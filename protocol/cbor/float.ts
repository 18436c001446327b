/**
 * Float helpers without Math.fround (absent on Espruino): one 8-byte scratch DataView,
 * allocated once at load.
 */
const scratch = new DataView(new ArrayBuffer(8));

/** x rounded to the nearest float32 (Math.fround). */
export function toFloat32(x: number): number {
  scratch.setFloat32(0, x);
  return scratch.getFloat32(0);
}

/** True when float32 holds x exactly (NaN and ±Infinity included). */
export function isFloat32Exact(x: number): boolean {
  if (x !== x) return true;
  scratch.setFloat32(0, x);
  return scratch.getFloat32(0) === x;
}

/** True for a finite integer-valued number (Number.isInteger, absent on Espruino). */
export function isIntegral(x: number): boolean {
  return isFinite(x) && Math.floor(x) === x;
}

/** 2^-24, the float16 subnormal step (exact literal). */
const HALF_SUBNORMAL_STEP = 5.960464477539063e-8;

/**
 * Decodes IEEE 754 binary16 bits. Normal numbers are rebuilt as float32 bits (exact, no
 * Math.pow, whose last bits differ on Espruino); subnormals are an exact integer multiple of 2^-24.
 */
export function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) return sign * mant * HALF_SUBNORMAL_STEP;
  if (exp === 31) {
    if (mant !== 0) return NaN;
    return sign > 0 ? Infinity : -Infinity;
  }
  // float32: sign | (exp - 15 + 127) << 23 | mant << 13, written as two 16-bit halves.
  scratch.setUint16(0, (bits & 0x8000) | ((exp + 112) << 7) | (mant >> 3));
  scratch.setUint16(2, (mant & 0x7) << 13);
  return scratch.getFloat32(0);
}

/** Reads a big-endian float32 at `offset`. */
export function readFloat32(buf: Uint8Array, offset: number): number {
  scratch.setUint8(0, buf[offset]);
  scratch.setUint8(1, buf[offset + 1]);
  scratch.setUint8(2, buf[offset + 2]);
  scratch.setUint8(3, buf[offset + 3]);
  return scratch.getFloat32(0);
}

/** Reads a big-endian float64 at `offset`. */
export function readFloat64(buf: Uint8Array, offset: number): number {
  for (let i = 0; i < 8; i++) scratch.setUint8(i, buf[offset + i]);
  return scratch.getFloat64(0);
}

/** Writes x as a big-endian float32 at `offset` (the caller checked the room). */
export function writeFloat32(buf: Uint8Array, offset: number, x: number): void {
  scratch.setFloat32(0, x);
  buf[offset] = scratch.getUint8(0);
  buf[offset + 1] = scratch.getUint8(1);
  buf[offset + 2] = scratch.getUint8(2);
  buf[offset + 3] = scratch.getUint8(3);
}

/** Writes x as a big-endian float64 at `offset` (the caller checked the room). */
export function writeFloat64(buf: Uint8Array, offset: number, x: number): void {
  scratch.setFloat64(0, x);
  for (let i = 0; i < 8; i++) buf[offset + i] = scratch.getUint8(i);
}

/**
 * Float helpers without Math.fround (absent on Espruino): one 8-byte scratch DataView,
 * allocated once at load.
 */
const scratch = new DataView(new ArrayBuffer(8));

/*
 * The same conversions through typed arrays over one buffer: a float stored in F64 / F32 and its
 * bytes read from BYTES (or the other way round) is one indexed access per byte, where each
 * DataView get/set is a method call (on Espruino a call costs several statements' time). The
 * typed arrays hold the platform's byte order; every target (the Pico's Cortex-M, x86, ARM
 * hosts) is little-endian, and on a big-endian one LITTLE_ENDIAN is false and the DataView path
 * runs.
 */
const F64 = new Float64Array(1);
const F32 = new Float32Array(F64.buffer, 0, 1);
const BYTES = new Uint8Array(F64.buffer);
F32[0] = 1;
const LITTLE_ENDIAN = BYTES[3] === 0x3f;

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
  if (LITTLE_ENDIAN) {
    const q = BYTES;
    q[3] = buf[offset];
    q[2] = buf[offset + 1];
    q[1] = buf[offset + 2];
    q[0] = buf[offset + 3];
    return F32[0];
  }
  scratch.setUint8(0, buf[offset]);
  scratch.setUint8(1, buf[offset + 1]);
  scratch.setUint8(2, buf[offset + 2]);
  scratch.setUint8(3, buf[offset + 3]);
  return scratch.getFloat32(0);
}

/** Reads a big-endian float64 at `offset`. */
export function readFloat64(buf: Uint8Array, offset: number): number {
  if (LITTLE_ENDIAN) {
    const q = BYTES;
    q[7] = buf[offset];
    q[6] = buf[offset + 1];
    q[5] = buf[offset + 2];
    q[4] = buf[offset + 3];
    q[3] = buf[offset + 4];
    q[2] = buf[offset + 5];
    q[1] = buf[offset + 6];
    q[0] = buf[offset + 7];
    return F64[0];
  }
  for (let i = 0; i < 8; i++) scratch.setUint8(i, buf[offset + i]);
  return scratch.getFloat64(0);
}

/** Writes x as a big-endian float32 at `offset` (the caller checked the room). */
export function writeFloat32(buf: Uint8Array, offset: number, x: number): void {
  if (LITTLE_ENDIAN) {
    const q = BYTES;
    F32[0] = x;
    buf[offset] = q[3];
    buf[offset + 1] = q[2];
    buf[offset + 2] = q[1];
    buf[offset + 3] = q[0];
    return;
  }
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

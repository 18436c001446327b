/**
 * The `f32le` field type: float32 values packed little-endian in one CBOR byte string, 4 bytes
 * each (activateMany's xs and ys since protocol 3). The board copies the string into a
 * Float32Array with one native call, where a CBOR array of floats costs its interpreter several
 * statements per number; an ARM Cortex-M (the Pico) and the twin are little-endian, as is this
 * packing. The host client takes and returns plain number arrays.
 */

import { natives } from './natives';

/** Largest finite float32. */
export const F32_MAX = 3.4028234663852886e38;

/**
 * The values as float32, little-endian, 4 bytes each. Throws a TypeError naming the first value
 * that is not a finite number within float32's range (nothing else is coerced: a NaN that
 * became `null` in JSON must not go out as 0).
 */
export function packF32le(values: readonly number[]): Uint8Array {
  if (!Array.isArray(values)) throw new TypeError(`f32le: expected an array of numbers, got ${values === null ? 'null' : typeof values}`);
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v !== 'number' || !(v >= -F32_MAX && v <= F32_MAX)) {
      throw new TypeError(`f32le: value ${i} must be a finite number within ±${F32_MAX} (float32), got ${typeof v === 'number' ? String(v) : v === null ? 'null' : typeof v}`);
    }
    view.setFloat32(4 * i, v, true);
  }
  return out;
}

/**
 * Whether values[0, n) are all finite. With a native sum (natives.sum, Espruino's E.sum), one
 * call: the sum of float32 values, each below 2^128 in size, is finite in float64 exactly when
 * every value is (a NaN or an infinity makes it NaN or infinite; finite ones cannot overflow it),
 * where a loop costs the interpreter ≈ 30 000 instructions a value (espruino-pico-16k, counted).
 */
export function allFiniteF32(values: Float32Array, n: number): boolean {
  const sum = natives.sum;
  if (sum !== undefined) return isFinite(sum(values.subarray(0, n)));
  for (let i = 0; i < n; i++) if (!isFinite(values[i])) return false;
  return true;
}

/** The float32 values of a packed byte string (its length must be a multiple of 4). */
export function unpackF32le(bytes: Uint8Array): number[] {
  if (bytes.length % 4 !== 0) throw new RangeError(`f32le: ${bytes.length} bytes is not a whole number of float32 values (4 bytes each)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(view.getFloat32(i, true));
  return out;
}

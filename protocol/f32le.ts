/**
 * The `f32le` field type: float32 values packed little-endian in one CBOR byte string, 4 bytes
 * each (activateMany's xs and ys since protocol 3). The board copies the string into a
 * Float32Array with one native call, where a CBOR array of floats costs its interpreter several
 * statements per number; an ARM Cortex-M (the Pico) and the twin are little-endian, as is this
 * packing. The host client takes and returns plain number arrays.
 */

/** The values as float32, little-endian, 4 bytes each. */
export function packF32le(values: readonly number[]): Uint8Array {
  const out = new Uint8Array(4 * values.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return out;
}

/** The float32 values of a packed byte string (its length must be a multiple of 4). */
export function unpackF32le(bytes: Uint8Array): number[] {
  if (bytes.length % 4 !== 0) throw new RangeError(`f32le: ${bytes.length} bytes is not a whole number of float32 values (4 bytes each)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i += 4) out.push(view.getFloat32(i, true));
  return out;
}

/**
 * CRC-32 (ISO-HDLC, the zlib/PNG/Ethernet CRC): width 32, reflected poly 0xEDB88320, init and
 * xorout 0xFFFFFFFF. Check value: crc32("123456789") = 0xCBF43926. The frame CRC since protocol 2.
 *
 * On Espruino the firmware hands in the interpreter's native `E.CRC32` (the same CRC, measured:
 * E.CRC32("123456789") === 0xCBF43926), which costs about as much as one JS statement for a
 * whole frame, where a table-driven JS loop costs several statements per byte. Elsewhere (Node,
 * the twin's vm) a table-driven loop runs; its table is built on first use, so a board that has
 * the native CRC never holds it.
 */
import { natives } from './natives';

export const CRC32_NAME = 'CRC-32/ISO-HDLC';
export const CRC32_POLY_REFLECTED = 0xedb88320;
export const CRC32_CHECK = 0xcbf43926;

let table: Int32Array | undefined;

/**
 * Uses `fn` (Espruino's E.CRC32: data → unsigned CRC-32) for every later crc32 call; undefined
 * goes back to the JS loop. (natives.crc32, which the firmware sets at boot.)
 */
export function useNativeCrc32(fn: ((data: Uint8Array) => number) | undefined): void {
  natives.crc32 = fn;
}

function buildTable(): Int32Array {
  const t = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ CRC32_POLY_REFLECTED : c >>> 1;
    t[i] = c;
  }
  return t;
}

/** CRC-32 of bytes[start, end) as an unsigned 32-bit number (the whole array by default). */
export function crc32(bytes: Uint8Array, start?: number, end?: number): number {
  const s = start === undefined ? 0 : start;
  const e = end === undefined ? bytes.length : end;
  const native = natives.crc32;
  if (native !== undefined) return native(bytes.subarray(s, e));
  if (table === undefined) table = buildTable();
  const t = table;
  let c = -1;
  for (let i = s; i < e; i++) c = (c >>> 8) ^ t[(c ^ bytes[i]) & 0xff];
  return (c ^ -1) >>> 0;
}

/**
 * Native helpers an interpreter may offer, in place of the JS loops of crc32 and allFiniteF32.
 * The firmware fills this at boot from Espruino's `E` (E.CRC32, E.sum); elsewhere it stays empty
 * and the loops run. One object rather than a setter function per helper: on a Pico each function
 * object costs ≈ 7 of its 5 100 variables for as long as the program runs.
 */
export const natives: {
  /** CRC-32 (ISO-HDLC) of the data, unsigned (Espruino's E.CRC32). */
  crc32?: (data: Uint8Array) => number;
  /** The sum of an array's values (Espruino's E.sum). */
  sum?: (values: Float32Array) => number;
} = {};

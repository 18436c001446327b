/**
 * Espruino's Math where it differs from V8's in a way a program's result can show (measured on
 * the real interpreter, ../shared/tools/espruino/; tests/target/numbers.test.ts compares):
 *  - Math.round rounds halves away from zero (C's round(): −2.5 → −3, −0.5 → −1; V8: −2, −0),
 *    keeps the sign of a zero (−0.4 → −0) and past ±2^63 gives −2^63 (its integer wraps).
 * Math.pow and Math.sqrt also differ in the last bits there (Math.pow(2, 12) is 4096 − 3.2e-12),
 * by an algorithm not reproduced here: the firmware does not call them (a test checks the
 * bundle), so the surface keeps V8's.
 */
const INT64_LIMIT = 9223372036854775808;

export function espruinoRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  if (x >= INT64_LIMIT || x < -INT64_LIMIT) return -INT64_LIMIT;
  const t = Math.trunc(x);
  return Math.abs(x - t) >= 0.5 ? t + Math.sign(x) : t;
}

/** The Math object a program on the surface sees: V8's, with Espruino's round. */
export function espruinoMath(): Math {
  const m = Object.create(null) as { [k: string]: unknown };
  for (const k of Object.getOwnPropertyNames(Math)) m[k] = (Math as unknown as { [k: string]: unknown })[k];
  m.round = espruinoRound;
  return m as unknown as Math;
}

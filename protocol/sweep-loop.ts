/**
 * The current walk of the sweep op, start → peak → −peak → start, in `steps` equal lengths of
 * the path: what the firmware's one-request sweep fires and what the host's paced loop
 * (host/calibration/loop-sweep.ts) fires point for point when it takes over, defined once.
 */

/** Current of step k (1..steps) on the loop start → peak → −peak → start, µA (rounded). */
export function sweepCurrentUa(startUa: number, peakUa: number, steps: number, k: number): number {
  const l1 = Math.abs(peakUa - startUa);
  const l2 = 2 * Math.abs(peakUa);
  const l3 = Math.abs(startUa + peakUa);
  const total = l1 + l2 + l3;
  const d = (k * total) / steps;
  let ua: number;
  if (d <= l1) ua = startUa + (l1 === 0 ? 0 : ((peakUa - startUa) * d) / l1);
  else if (d <= l1 + l2) ua = peakUa - (2 * peakUa * (d - l1)) / l2;
  else ua = -peakUa + (l3 === 0 ? 0 : ((startUa + peakUa) * (d - l1 - l2)) / l3);
  return Math.round(ua);
}

/**
 * The analog sigmoid (paper Fig. 3d): x ∈ [xMin, xMax] maps linearly onto the ΔI₉₉ window
 * [iLowUa, iHighUa]; y is the calibrated branch's R_H there, normalised between the saturated
 * ends (rLowOhm → 0, rHighOhm → 1) and made monotone. With xMax = −xMin = ln(199) the window's
 * 0.5 % … 99.5 % ends land where the logistic has the same values.
 */
import { interpolate, isotonic } from './branches';
import type { Calibration } from './types';

/** ln(199): logistic(±X_EDGE) = 0.5 % / 99.5 %. */
export const X_EDGE = Math.log(199);

export const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

type SigmoidSource = Pick<Calibration, 'points' | 'iLowUa' | 'iHighUa' | 'rLowOhm' | 'rHighOhm' | 'xMin' | 'xMax'>;

/** x → current in the window (clamped: the device never sees current outside ΔI). */
export function xToCurrentUa(cal: Pick<Calibration, 'iLowUa' | 'iHighUa' | 'xMin' | 'xMax'>, x: number): number {
  const t = Math.min(1, Math.max(0, (x - cal.xMin) / (cal.xMax - cal.xMin)));
  return cal.iLowUa + t * (cal.iHighUa - cal.iLowUa);
}

/** R_H → y between the saturated ends. */
export function rToY(cal: Pick<Calibration, 'rLowOhm' | 'rHighOhm'>, rHallOhm: number): number {
  return (rHallOhm - cal.rLowOhm) / (cal.rHighOhm - cal.rLowOhm);
}

/** A pure function x ⇒ y built from a calibration (the trainer's "analog" activation). */
export function analogSigmoid(cal: SigmoidSource): (x: number) => number {
  if (cal.points.length < 2) throw new TypeError('analogSigmoid: the calibration has fewer than two points');
  if (!(cal.xMax > cal.xMin) || !(cal.iHighUa > cal.iLowUa) || cal.rHighOhm === cal.rLowOhm) {
    throw new TypeError('analogSigmoid: degenerate calibration (x, current or R range is empty)');
  }
  const sorted = cal.points.slice().sort((a, b) => a.currentUa - b.currentUa);
  const currents = sorted.map((p) => p.currentUa);
  const ys = isotonic(sorted.map((p) => rToY(cal, p.rHallOhm)), true).map((y) => Math.min(1, Math.max(0, y)));
  return (x: number): number => interpolate(currents, ys, xToCurrentUa(cal, x));
}

/** Max |analog(x) − logistic(x)| over `samples` evenly spaced x in [xMin, xMax]. */
export function maxResidual(cal: SigmoidSource, samples = 201): number {
  const f = analogSigmoid(cal);
  let worst = 0;
  for (let i = 0; i < samples; i++) {
    const x = cal.xMin + ((cal.xMax - cal.xMin) * i) / (samples - 1);
    worst = Math.max(worst, Math.abs(f(x) - logistic(x)));
  }
  return worst;
}

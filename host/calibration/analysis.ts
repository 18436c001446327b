/**
 * Pure analysis of one branch of a switching loop: normalise R_H to y ∈ [0, 1] between the
 * branch's saturated ends, find ΔI₉₉ (the smallest current range holding ≥ 99 % of the change,
 * the paper's Fig. 1g definition) and the half-switching current.
 */
import { interpolate, inverse, isotonic } from './branches';
import type { LoopPoint } from './types';

export interface BranchAnalysis {
  /** Currents, increasing. */
  currentsUa: number[];
  /** Monotone (isotonic) fit of y = (R − rStart)/(rEnd − rStart), non-decreasing. */
  ys: number[];
  /** R_H at the start (low current) and end (high current) of the branch, from the fit. */
  rStartOhm: number;
  rEndOhm: number;
  /** The ΔI₉₉ window. */
  iLowUa: number;
  iHighUa: number;
  deltaI99Ua: number;
  /** Current where y crosses 0.5. */
  i50Ua: number;
}

/** Fraction of the change the ΔI window must hold. */
export const DELTA_I_FRACTION = 0.99;

export function analyseBranch(points: readonly LoopPoint[], fraction = DELTA_I_FRACTION): BranchAnalysis | null {
  if (points.length < 4) return null;
  const currentsUa = points.map((p) => p.currentUa);
  const rs = points.map((p) => p.rHallOhm);
  // Direction of the change: compare the means of the first and last tenth.
  const k = Math.max(1, Math.floor(points.length / 10));
  const mean = (a: number[]): number => a.reduce((s, v) => s + v, 0) / a.length;
  const rising = mean(rs.slice(-k)) >= mean(rs.slice(0, k));
  const fit = isotonic(rs, rising);
  if (fit[fit.length - 1] === fit[0]) return null;
  // The fit's end values are biased by noise (PAVA keeps the extreme prefix/suffix means), so
  // the saturated ends are the means of the raw points well outside the 10–90 % transition.
  const rough = fit.map((r) => (r - fit[0]) / (fit[fit.length - 1] - fit[0]));
  const i10 = inverse(currentsUa, rough, 0.1);
  const i90 = inverse(currentsUa, rough, 0.9);
  const guard = 1.5 * (i90 - i10);
  const plateau = (keep: (i: number) => boolean, fallback: number): number => {
    const sel = rs.filter((_, i) => keep(currentsUa[i]));
    return sel.length >= 3 ? mean(sel) : fallback;
  };
  const rStartOhm = plateau((i) => i < i10 - guard, fit[0]);
  const rEndOhm = plateau((i) => i > i90 + guard, fit[fit.length - 1]);
  const span = rEndOhm - rStartOhm;
  if (span === 0 || Math.sign(span) !== (rising ? 1 : -1)) return null;
  const ys = fit.map((r) => Math.min(1, Math.max(0, (r - rStartOhm) / span)));
  // Smallest window [I(a), I(a + fraction)] over a ∈ [0, 1 − fraction].
  let best = { lo: currentsUa[0], hi: currentsUa[currentsUa.length - 1] };
  const steps = 200;
  for (let s = 0; s <= steps; s++) {
    const a = ((1 - fraction) * s) / steps;
    const lo = inverse(currentsUa, ys, a);
    const hi = inverse(currentsUa, ys, Math.min(1, a + fraction));
    if (hi - lo < best.hi - best.lo) best = { lo, hi };
  }
  return {
    currentsUa,
    ys,
    rStartOhm,
    rEndOhm,
    iLowUa: best.lo,
    iHighUa: best.hi,
    deltaI99Ua: best.hi - best.lo,
    i50Ua: inverse(currentsUa, ys, 0.5),
  };
}

export { interpolate };

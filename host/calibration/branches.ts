/**
 * Splits a swept R_H–I loop into its branches: runs of points where the current rises (SET
 * branch, positive pulses switch the device) or falls (RESET branch). Works for any sweep
 * order (−peak → +peak → −peak, or 0 → +peak → −peak → 0); the longest run in each direction
 * wins.
 */
import type { LoopPoint } from './types';

export interface Branches {
  /** Increasing current. */
  set: LoopPoint[];
  /** Decreasing current, returned in increasing current order. */
  reset: LoopPoint[];
}

export function splitBranches(points: readonly LoopPoint[]): Branches {
  const runs: { dir: 1 | -1; pts: LoopPoint[] }[] = [];
  let current: { dir: 1 | -1; pts: LoopPoint[] } | null = null;
  for (let i = 1; i < points.length; i++) {
    const d = points[i].currentUa - points[i - 1].currentUa;
    if (d === 0) {
      if (current) current.pts.push(points[i]);
      continue;
    }
    const dir: 1 | -1 = d > 0 ? 1 : -1;
    if (!current || current.dir !== dir) {
      current = { dir, pts: [points[i - 1]] };
      runs.push(current);
    }
    current.pts.push(points[i]);
  }
  const span = (pts: LoopPoint[]): number => Math.abs(pts[pts.length - 1].currentUa - pts[0].currentUa);
  const longest = (dir: 1 | -1): LoopPoint[] => {
    let best: LoopPoint[] = [];
    for (const r of runs) if (r.dir === dir && (best.length === 0 || span(r.pts) >= span(best))) best = r.pts;
    return best;
  };
  return { set: longest(1), reset: longest(-1).slice().reverse() };
}

/**
 * Pool-adjacent-violators: the closest non-decreasing (or non-increasing) sequence to `ys`
 * in least squares. The analog sigmoid must be monotone; noise on the plateaus is not.
 */
export function isotonic(ys: readonly number[], increasing = true): number[] {
  const sign = increasing ? 1 : -1;
  const values: number[] = [];
  const weights: number[] = [];
  for (const y of ys) {
    values.push(sign * y);
    weights.push(1);
    while (values.length > 1 && values[values.length - 2] > values[values.length - 1]) {
      const w = weights[weights.length - 2] + weights[weights.length - 1];
      const v = (values[values.length - 2] * weights[weights.length - 2] + values[values.length - 1] * weights[weights.length - 1]) / w;
      values.splice(-2, 2, v);
      weights.splice(-2, 2, w);
    }
  }
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) for (let k = 0; k < weights[i]; k++) out.push(sign * values[i]);
  return out;
}

/** Linear interpolation of y(x) on increasing xs, clamped to the end values. */
export function interpolate(xs: readonly number[], ys: readonly number[], x: number): number {
  const n = xs.length;
  if (n === 0) return NaN;
  if (x <= xs[0]) return ys[0];
  if (x >= xs[n - 1]) return ys[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= x) lo = mid;
    else hi = mid;
  }
  const dx = xs[hi] - xs[lo];
  return dx === 0 ? ys[hi] : ys[lo] + ((x - xs[lo]) / dx) * (ys[hi] - ys[lo]);
}

/** Inverse of a non-decreasing piecewise-linear y(x): the smallest x with y(x) ≥ target. */
export function inverse(xs: readonly number[], ys: readonly number[], target: number): number {
  const n = xs.length;
  if (target <= ys[0]) return xs[0];
  for (let i = 1; i < n; i++) {
    if (ys[i] >= target) {
      const dy = ys[i] - ys[i - 1];
      return dy <= 0 ? xs[i] : xs[i - 1] + ((target - ys[i - 1]) / dy) * (xs[i] - xs[i - 1]);
    }
  }
  return xs[n - 1];
}

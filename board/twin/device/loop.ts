/**
 * Measuring a device the way the paper did: R_H after each pulse of a current sweep (Fig. 1e–f),
 * and ΔI₉₉, the smallest current range holding ≥ 99 % of a branch's change in R_H (Fig. 1g).
 * Used by the tests and the plot script; the SDK's calibration does the same on a real board.
 */
import type { HallBar } from './hall-bar';

export interface SweepOptions {
  widthS: number;
  /** Most negative current of the sweep (mA): the loop starts and ends here. */
  minMa: number;
  /** Largest positive current (mA): the turning point (smaller for a minor loop). */
  maxMa: number;
  stepMa: number;
  /** Time of the first pulse (s) and time between pulses (s). */
  startS: number;
  intervalS: number;
  /** Delay between a pulse and its read (s); default intervalS / 2. */
  readDelayS?: number;
}

export interface LoopPoint {
  currentMa: number;
  rHallOhm: number;
  m: number;
}

export interface Loop {
  /** minMa → maxMa. */
  up: LoopPoint[];
  /** maxMa → minMa. */
  down: LoopPoint[];
  /** Time after the last pulse's slot (s): start the next sweep here. */
  endS: number;
}

/** Currents from a to b (inclusive) in steps of stepMa, without float drift. */
export function ramp(aMa: number, bMa: number, stepMa: number): number[] {
  if (!(stepMa > 0)) throw new TypeError('ramp: stepMa must be > 0');
  const n = Math.round(Math.abs(bMa - aMa) / stepMa);
  const dir = bMa >= aMa ? 1 : -1;
  const out: number[] = [];
  for (let k = 0; k <= n; k++) out.push(Math.round((aMa + dir * k * stepMa) * 1e6) / 1e6 + 0); // + 0: no −0
  return out;
}

export function sweepLoop(device: HallBar, o: SweepOptions): Loop {
  if (!(o.maxMa > o.minMa)) throw new TypeError('sweepLoop: maxMa must exceed minMa');
  const readDelayS = o.readDelayS ?? o.intervalS / 2;
  let t = o.startS;
  const run = (currents: number[]): LoopPoint[] =>
    currents.map((iMa) => {
      device.pulse(iMa * 1e-3, o.widthS, t);
      const point = { currentMa: iMa, rHallOhm: device.rHallOhm(t + readDelayS), m: device.magnetization() };
      t += o.intervalS;
      return point;
    });
  const up = run(ramp(o.minMa, o.maxMa, o.stepMa));
  const down = run(ramp(o.maxMa, o.minMa, o.stepMa).slice(1));
  return { up, down, endS: t };
}

/** The ΔI window of a branch: indices a < b of its smallest covering current range. */
export interface DeltaIWindow {
  widthMa: number;
  startIndex: number;
  endIndex: number;
}

/**
 * The smallest current window |I_b − I_a| over pairs a < b of a sweep branch (points in sweep
 * order) whose R_H change covers ≥ `fraction` of the branch's full change (max − min), in the
 * branch's direction. Null for a flat branch.
 */
export function deltaIWindow(branch: readonly LoopPoint[], fraction = 0.99): DeltaIWindow | null {
  const n = branch.length;
  if (n < 2) return null;
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of branch) {
    lo = Math.min(lo, p.rHallOhm);
    hi = Math.max(hi, p.rHallOhm);
  }
  const total = hi - lo;
  if (!(total > 0)) return null;
  const dir = Math.sign(branch[n - 1].rHallOhm - branch[0].rHallOhm) || 1;
  const need = fraction * total;
  // A window can only start where R_H is within (1 − fraction) of the branch's start extreme.
  const startLimit = dir > 0 ? lo + (total - need) : hi - (total - need);
  let best: DeltaIWindow | null = null;
  for (let a = 0; a < n; a++) {
    if (dir * (branch[a].rHallOhm - startLimit) > 0) continue;
    for (let b = a + 1; b < n; b++) {
      const width = Math.abs(branch[b].currentMa - branch[a].currentMa);
      if (best !== null && width >= best.widthMa) break;
      if (dir * (branch[b].rHallOhm - branch[a].rHallOhm) >= need) {
        best = { widthMa: width, startIndex: a, endIndex: b };
        break;
      }
    }
  }
  return best;
}

/** ΔI₉₉ (mA) of one sweep branch (paper Fig. 1g); NaN for a flat branch. */
export function deltaI99Ma(branch: readonly LoopPoint[], fraction = 0.99): number {
  return deltaIWindow(branch, fraction)?.widthMa ?? NaN;
}

/** Current (mA) where a branch crosses the middle of its R_H range, by linear interpolation. */
export function midpointMa(branch: readonly LoopPoint[]): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of branch) {
    lo = Math.min(lo, p.rHallOhm);
    hi = Math.max(hi, p.rHallOhm);
  }
  const mid = 0.5 * (lo + hi);
  for (let k = 1; k < branch.length; k++) {
    const a = branch[k - 1];
    const b = branch[k];
    if ((a.rHallOhm - mid) * (b.rHallOhm - mid) <= 0 && a.rHallOhm !== b.rHallOhm) {
      return a.currentMa + ((mid - a.rHallOhm) / (b.rHallOhm - a.rHallOhm)) * (b.currentMa - a.currentMa);
    }
  }
  return NaN;
}

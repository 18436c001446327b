/**
 * Builds a Calibration from a swept loop (pure: no board). `calibrate()` feeds it a sweep and
 * stores the result; tests and the trainer can feed it any loop.
 */
import { HostErrorCode, NucleonError } from '../errors';
import { analyseBranch } from './analysis';
import { splitBranches } from './branches';
import { maxResidual, X_EDGE } from './sigmoid';
import type { Calibration, LoopPoint } from './types';

export interface BuildOptions {
  channel: number;
  widthUs: number;
  /** Largest |current| the board allows: the RESET pulse stays within it. */
  maxCurrentUa: number;
  /**
   * The device's field-induced full ΔR_AHE,H (Ω, measured once in a magnet; the board
   * definition's fieldDeltaROhm), if known: the switching ratio's denominator.
   */
  fieldDeltaROhm?: number | null;
  /** Older name of `fieldDeltaROhm` (used when that is not given). */
  fullDeltaROhm?: number;
  /** Margin beyond the RESET branch's ΔI₉₉ end for the RESET pulse, as a fraction of that ΔI. */
  resetMargin?: number;
}

export function buildCalibration(loop: readonly LoopPoint[], options: BuildOptions): Calibration {
  const { set, reset } = splitBranches(loop);
  const setA = analyseBranch(set);
  if (!setA) {
    throw new NucleonError(
      HostErrorCode.NO_LOOP,
      `channel ${options.channel}: no switching on the rising branch (${set.length} points): ` +
        'is the channel populated, and does the sweep reach the switching current?',
    );
  }
  const resetA = analyseBranch(reset);
  const iLowUa = Math.round(setA.iLowUa);
  let iHighUa = Math.round(setA.iHighUa);
  if (iHighUa <= iLowUa) iHighUa = iLowUa + 1;

  // RESET: beyond where the falling branch has completed 99 % of its change.
  const margin = options.resetMargin ?? 0.1;
  let resetUa = -options.maxCurrentUa;
  if (resetA) {
    const far = resetA.iLowUa - margin * resetA.deltaI99Ua;
    resetUa = Math.max(-options.maxCurrentUa, Math.min(-1, Math.round(far)));
  }

  // Points the analog sigmoid uses: the window and one neighbour on each side.
  let first = set.findIndex((p) => p.currentUa >= iLowUa);
  let last = set.length - 1 - [...set].reverse().findIndex((p) => p.currentUa <= iHighUa);
  first = Math.max(0, first - 1);
  last = Math.min(set.length - 1, last + 1);
  const points = set.slice(first, last + 1).map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm }));

  const loopDeltaR = Math.abs(setA.rEndOhm - setA.rStartOhm);
  const field = options.fieldDeltaROhm ?? options.fullDeltaROhm ?? null;
  const fieldDeltaROhm = field !== null && Number.isFinite(field) && field > 0 ? field : null;
  // The loop against the full R span the sweep itself saw (either branch, 1 %–99 % quantiles).
  const rs = loop.map((p) => p.rHallOhm).sort((a, b) => a - b);
  const q = (f: number): number => rs[Math.min(rs.length - 1, Math.max(0, Math.round(f * (rs.length - 1))))];
  const sweptSpan = q(0.99) - q(0.01);

  const cal: Calibration = {
    channel: options.channel,
    widthUs: options.widthUs,
    iLowUa,
    iHighUa,
    resetUa,
    rLowOhm: setA.rStartOhm,
    rHighOhm: setA.rEndOhm,
    xMin: -X_EDGE,
    xMax: X_EDGE,
    points,
    deltaI99Ua: iHighUa - iLowUa,
    loopDeltaROhm: loopDeltaR,
    fieldDeltaROhm,
    switchingRatio: fieldDeltaROhm !== null ? loopDeltaR / fieldDeltaROhm : NaN,
    loopSaturation: sweptSpan > 0 ? Math.min(1, loopDeltaR / sweptSpan) : 0,
    residual: 0,
    hysteresisUa: resetA ? setA.i50Ua - resetA.i50Ua : NaN,
    stored: false,
  };
  cal.residual = maxResidual(cal);
  return cal;
}

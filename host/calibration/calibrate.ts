/**
 * calibrate(board, channel): sweep the channel's loop, build the analog sigmoid, report its
 * quality and store it on the board (calPut), as the paper did per device before training.
 * The loop is swept with sweepLoop, so any width and step count the limits allow works: a loop
 * too large for the thermal budget in one request is paced by the host (said via onPacing).
 */
import type { Board } from '../client/board';
import type { SweepPoint } from '../client/types';
import { sweepLoop, type LoopSweepResult } from './loop-sweep';
import { checkChannel } from '../client/args';
import { buildCalibration } from './build';
import type { Calibration } from './types';

export interface CalibrateOptions {
  /** Pulse width of the loop and of later activations (default 5 µs, as in the paper). */
  widthUs?: number;
  /** Largest |current| of the loop (default: the board's maxCurrentUa). */
  peakUa?: number;
  /** Points in the loop (default 400). */
  steps?: number;
  /** Store on the board (default true). */
  store?: boolean;
  /**
   * The device's field-induced full ΔR_AHE,H (Ω), the switching ratio's denominator. Default:
   * the board's value for this channel from hello (its definition's fieldDeltaROhm); null
   * there too → switchingRatio NaN (unknown).
   */
  fieldDeltaROhm?: number;
  /** Older name of `fieldDeltaROhm`. */
  fullDeltaROhm?: number;
  onPoint?: (point: SweepPoint) => void;
  /** Told when the loop is paced by the host for the thermal guard, and why (sweepLoop). */
  onPacing?: (line: string) => void;
  /** The loop as measured: its device time and whether it was paced. */
  onSweep?: (result: LoopSweepResult) => void;
  /** Longest guard pause before one paced pulse, ms of device time (sweepLoop's maxPauseMs). */
  maxPauseMs?: number;
}

export const DEFAULT_CAL_STEPS = 400;

export async function calibrate(board: Board, channel: number, options: CalibrateOptions = {}): Promise<Calibration> {
  checkChannel('calibrate', channel, board.info.channels);
  const widthUs = options.widthUs ?? 5;
  const peakUa = options.peakUa ?? board.info.limits.maxCurrentUa;
  const steps = options.steps ?? DEFAULT_CAL_STEPS;
  const sweep = await sweepLoop(board, {
    channel,
    widthUs,
    startUa: -peakUa,
    peakUa,
    steps,
    onPoint: options.onPoint,
    onPacing: options.onPacing,
    maxPauseMs: options.maxPauseMs,
  });
  options.onSweep?.(sweep);
  const cal = buildCalibration(
    sweep.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm })),
    {
      channel,
      widthUs,
      maxCurrentUa: board.info.limits.maxCurrentUa,
      fieldDeltaROhm: options.fieldDeltaROhm ?? options.fullDeltaROhm ?? board.info.fieldDeltaROhm[channel] ?? null,
    },
  );
  if (options.store ?? true) {
    cal.stored = await board.calPut({
      channel,
      iLowUa: cal.iLowUa,
      iHighUa: cal.iHighUa,
      widthUs: cal.widthUs,
      resetUa: cal.resetUa,
      rLowOhm: cal.rLowOhm,
      rHighOhm: cal.rHighOhm,
      xMin: cal.xMin,
      xMax: cal.xMax,
    });
  }
  return cal;
}

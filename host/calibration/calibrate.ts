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
import { HostErrorCode, NucleonError } from '../errors';
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
  /**
   * Smallest switching ratio (loop ΔR over the field ΔR_AHE) that counts as a device that
   * switches (default DEFAULT_MIN_SWITCHING_RATIO). Below it nothing is stored: NOT_SWITCHING.
   */
  minSwitchingRatio?: number;
  onPoint?: (point: SweepPoint) => void;
  /** Told when the loop is paced by the host for the thermal guard, and why (sweepLoop). */
  onPacing?: (line: string) => void;
  /** The loop as measured: its device time and whether it was paced. */
  onSweep?: (result: LoopSweepResult) => void;
  /** Longest guard pause before one paced pulse, ms of device time (sweepLoop's maxPauseMs). */
  maxPauseMs?: number;
}

export const DEFAULT_CAL_STEPS = 400;

/**
 * The paper's devices switch with a ratio ≈ 0.69 (the twin's spread: 0.5–0.9); a vacant or dead
 * channel's "loop" is noise, ≈ 0.005. A third of the paper's ratio separates them.
 */
export const DEFAULT_MIN_SWITCHING_RATIO = 0.2;

/** Refuses a channel outside hello's populated mask before anything is pulsed (NOT_POPULATED). */
export function checkPopulated(board: Board, op: string, channel: number): void {
  if (!board.info.populated.includes(channel)) {
    throw new NucleonError(
      HostErrorCode.NOT_POPULATED,
      `${op}: channel ${channel} is not populated on board ${board.info.boardId} (populated: ${board.info.populated.join(', ') || 'none'}); nothing was pulsed or stored`,
      { op, detail: 'channel' },
    );
  }
}

/**
 * Refuses a loop whose switching ratio is below `minRatio` (NOT_SWITCHING): the channel does not
 * switch. A ratio that is not known (no field ΔR_AHE for the channel) is not judged.
 */
export function checkSwitches(op: string, channel: number, switchingRatio: number, minRatio: number): void {
  if (Number.isFinite(switchingRatio) && switchingRatio < minRatio) {
    throw new NucleonError(
      HostErrorCode.NOT_SWITCHING,
      `${op}: channel ${channel} does not switch: switching ratio ${switchingRatio.toFixed(3)} is below the minimum ${minRatio} ` +
        '(a device switches with ≈ 0.69): is a device bonded on this channel, and does the sweep reach its switching current? Nothing was stored',
      { op, detail: 'channel' },
    );
  }
}

export async function calibrate(board: Board, channel: number, options: CalibrateOptions = {}): Promise<Calibration> {
  checkChannel('calibrate', channel, board.info.channels);
  const minRatio = options.minSwitchingRatio ?? DEFAULT_MIN_SWITCHING_RATIO;
  if (typeof minRatio !== 'number' || !(minRatio >= 0 && minRatio <= 1)) {
    throw new TypeError(`calibrate: minSwitchingRatio must be a number in [0, 1], got ${String(minRatio)}`);
  }
  checkPopulated(board, 'calibrate', channel);
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
  checkSwitches('calibrate', channel, cal.switchingRatio, minRatio);
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

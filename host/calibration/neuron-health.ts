/**
 * Is a calibrated neuron still a neuron? One rule set for the trainer (spares) and `nucleon
 * serve` (its pool), fed with what any board gives: each reading (x sent, y read back) and the
 * errors of the requests. No board-kind branches: a real board and the twin are judged alike.
 *
 * A neuron has failed when
 *   - `stuck`: over its last `windowReadings` readings the x sent would move a calibrated
 *     device's y by at least `minExpectedYSpan` (calibration maps the device onto the logistic
 *     y = 1/(1 + e^−x), so the expected span is σ(x_max seen) − σ(x_min seen)) and y moved less
 *     than `maxSpanRatio` of that. An open channel, a dead current source or a device that no
 *     longer switches reads the same y whatever x (the lock-in's offset plus noise: the twin's
 *     open channel moves y by < 0.01), while a working one follows x within its noise;
 *   - `out-of-window`: y is not a number in [0, 1] (the firmware maps R_H into the calibrated
 *     window and clamps, so anything else is a reading gone wrong);
 *   - `errors`: `maxErrorsInARow` requests for it failed in a row with a device error
 *     (NOT_CALIBRATED: the board lost its calibration; THERMAL_GUARD that never clears);
 *   - `link`: its board's link is gone (DISCONNECTED, CLOSED, NOT_OPEN, TIMEOUT after the
 *     client's retries): every neuron of that board fails at once.
 * Not a rule: readings off the logistic. A freshly calibrated twin device's sigmoid lies up to
 * ≈ 0.2 from σ(x) on average over a window in its middle (its calibration residual reaches
 * 0.23), as far as a device damaged to D = 0.7 does, so "off the curve" would take healthy
 * devices out; a damaged device is caught when its loop has shrunk past `stuck`'s ratio.
 * Saturated neurons are not flagged: x is clamped into the calibrated range, so a neuron whose
 * pre-activations all lie beyond it sees a narrow x span and keeps its y.
 *
 * The board's `status` does not tell an open channel (the firmware pulses the gate and cannot see
 * that no current flows) nor a device's damage (the board has no damage sensor): the readings do.
 */
import { HostErrorCode, isNucleonError } from '../errors';
import { logistic } from './sigmoid';

export interface HealthRules {
  windowReadings: number;
  /** The logistic's span over the window's x below which nothing is judged (saturated or idle neurons). */
  minExpectedYSpan: number;
  /** y's span over the window below this fraction of the expected span: stuck. */
  maxSpanRatio: number;
  maxErrorsInARow: number;
}

export const DEFAULT_HEALTH_RULES: Readonly<HealthRules> = { windowReadings: 32, minExpectedYSpan: 0.2, maxSpanRatio: 0.25, maxErrorsInARow: 3 };


export type HealthRule = 'stuck' | 'out-of-window' | 'errors' | 'link';

export interface HealthFailure {
  rule: HealthRule;
  /** One line: what was seen, in numbers. */
  reason: string;
}

/** Error codes that mean the board's link is gone for this client (after its own retries). */
const LINK_CODES: readonly string[] = [HostErrorCode.DISCONNECTED, HostErrorCode.CLOSED, HostErrorCode.NOT_OPEN, HostErrorCode.TIMEOUT];
/** Device errors that count towards `errors` (anything else is the caller's mistake, not the device's). */
const DEVICE_CODES: readonly string[] = ['NOT_CALIBRATED', 'THERMAL_GUARD'];

/** A request error that means the board's link is gone: the reason, or null. */
export function linkFailure(err: unknown): HealthFailure | null {
  if (!isNucleonError(err)) return null;
  if (!err.disconnected && !LINK_CODES.includes(err.code)) return null;
  return { rule: 'link', reason: `board link lost (${err.code}: ${err.message})` };
}

export class NeuronHealth {
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private count = 0;
  private errorsInARow = 0;
  private failure: HealthFailure | null = null;

  constructor(
    readonly xMin: number,
    readonly xMax: number,
    private readonly rules: Readonly<HealthRules> = DEFAULT_HEALTH_RULES,
  ) {
    if (!(xMax > xMin)) throw new TypeError(`NeuronHealth: xMax (${xMax}) must exceed xMin (${xMin})`);
    this.xs = new Float64Array(rules.windowReadings);
    this.ys = new Float64Array(rules.windowReadings);
  }

  /** The failure seen so far (it stays), or null. */
  get failed(): HealthFailure | null {
    return this.failure;
  }

  /** One reading: x as sent (clamped into the range), y as read. Returns the failure if this reading shows one. */
  reading(x: number, y: number): HealthFailure | null {
    if (this.failure !== null) return this.failure;
    this.errorsInARow = 0;
    if (!(y >= 0 && y <= 1)) return this.fail('out-of-window', `reading y = ${y} at x = ${x.toFixed(3)} is outside the calibrated window [0, 1]`);
    const n = this.rules.windowReadings;
    const i = this.count % n;
    this.xs[i] = x;
    this.ys[i] = y;
    this.count++;
    if (this.count < n) return null;
    let xLo = Infinity;
    let xHi = -Infinity;
    let yLo = Infinity;
    let yHi = -Infinity;
    for (let k = 0; k < n; k++) {
      const xv = this.xs[k];
      const yv = this.ys[k];
      if (xv < xLo) xLo = xv;
      if (xv > xHi) xHi = xv;
      if (yv < yLo) yLo = yv;
      if (yv > yHi) yHi = yv;
    }
    const expected = logistic(xHi) - logistic(xLo);
    if (expected >= this.rules.minExpectedYSpan && yHi - yLo < this.rules.maxSpanRatio * expected) {
      return this.fail(
        'stuck',
        `output stuck: over its last ${n} readings x went from ${xLo.toFixed(2)} to ${xHi.toFixed(2)} (the calibrated sigmoid moves ${expected.toFixed(2)} over that) while y stayed in [${yLo.toFixed(3)}, ${yHi.toFixed(3)}] (an open channel or a device that no longer switches)`,
      );
    }
    return null;
  }

  /** A request for this neuron failed. Link errors fail it at once; device errors after `maxErrorsInARow`. */
  error(err: unknown): HealthFailure | null {
    if (this.failure !== null) return this.failure;
    const link = linkFailure(err);
    if (link !== null) return this.fail(link.rule, link.reason);
    if (!isNucleonError(err) || !DEVICE_CODES.includes(err.code)) return null;
    this.errorsInARow++;
    if (this.errorsInARow >= this.rules.maxErrorsInARow) return this.fail('errors', `${this.errorsInARow} requests in a row failed (last: ${err.code}: ${err.message})`);
    return null;
  }

  /** Marks the neuron failed for a reason seen elsewhere (its board's link). */
  markFailed(failure: HealthFailure): HealthFailure {
    if (this.failure === null) this.failure = failure;
    return this.failure;
  }

  private fail(rule: HealthRule, reason: string): HealthFailure {
    this.failure = { rule, reason };
    return this.failure;
  }
}

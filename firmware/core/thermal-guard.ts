/**
 * Per-channel thermal guard (PHYSICS §4). Each channel keeps the slow stress S (mJ), relaxing
 * with τ_stress, plus S += E = I²·R·τ_p per pulse; a pulse is allowed only when
 * S + E ≤ guardFraction·S_max and the fast-network minimum gap since the last pulse has passed.
 * `waitMs` answers how long until a pulse (or a group of pulses of total energy E) is allowed.
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import type { Params } from './params';

/** `waitMs` result when no wait makes the pulse allowed (E alone exceeds the budget). */
export const GUARD_NEVER = -1;

export class ThermalGuard {
  private readonly params: Params;
  /** Per channel: S (mJ) as of stressAtMs, relaxing as S·exp(−Δt/τ) (status reads it so, inline). */
  readonly stressMj = new Float64Array(MAX_CHANNELS);
  /** Per channel: when stressMj was booked (ms). */
  readonly stressAtMs = new Float64Array(MAX_CHANNELS);
  /** Per channel: when the fast network's gap after its last pulse has passed (ms). */
  readonly nextAllowedMs = new Float64Array(MAX_CHANNELS);
  /** τ_stress in ms. */
  readonly tauMs: number;

  /**
   * Params.energyK, here for a pulse's booking (one lookup less); the fast network's gap after a
   * pulse is gap5Ms + gapPerUsMs · (widthUs − 5), widthUs within 5..300.
   */
  readonly energyK: number;
  private readonly gap5Ms: number;
  private readonly gapPerUsMs: number;

  constructor(params: Params) {
    const l = params.board.limits;
    this.params = params;
    this.tauMs = l.stressTauS * 1000;
    this.energyK = params.energyK;
    this.gap5Ms = l.minGapMsAt5Us;
    this.gapPerUsMs = (l.minGapMsAt300Us - l.minGapMsAt5Us) / (300 - 5);
  }

  /** ms to wait before pulses of total `energyMj` may start on `channel`; 0 = now; GUARD_NEVER. */
  waitMs(channel: number, energyMj: number, nowMs: number): number {
    const limit = this.params.guardLimitMj;
    if (energyMj > limit) return GUARD_NEVER;
    let wait = this.nextAllowedMs[channel] - nowMs;
    if (wait < 0) wait = 0;
    // the stress now, S·exp(−Δt/τ), inline
    let s = this.stressMj[channel];
    if (s !== 0) {
      const dt = nowMs - this.stressAtMs[channel];
      if (dt > 0) s = s * Math.exp(-dt / this.tauMs);
    }
    if (s + energyMj > limit) {
      const stressWait = this.tauMs * Math.log(s / (limit - energyMj));
      if (stressWait > wait) wait = stressWait;
    }
    return Math.ceil(wait);
  }

  /**
   * Books a pulse, or a group of pulses on one channel (a RESET and its SET), of `energyMj` in all
   * that ended at `endMs`: a group's first pulses are booked as ending with its last, a little
   * more stress than they leave (by exp(Δt/τ), Δt a few ms against τ of hours), never less. The
   * fast network's gap after it (`gapMs`, at least gapMs(width) of its last pulse) runs from `endMs`.
   * activateMany's straight-line fire step books the same inline (tests/firmware/dispatcher.test.ts
   * holds the two equal): a change here goes there too.
   */
  record(channel: number, energyMj: number, gapMs: number, endMs: number): void {
    // inline (a call, or the limits' property lookups, cost the interpreter more than the sums);
    // the clock never runs back, so the relaxation since the last booking is exp(−Δt/τ) ≤ 1
    const stress = this.stressMj;
    const s = stress[channel];
    stress[channel] = (s === 0 ? 0 : s * Math.exp((this.stressAtMs[channel] - endMs) / this.tauMs)) + energyMj;
    this.stressAtMs[channel] = endMs;
    const next = endMs + gapMs;
    if (next > this.nextAllowedMs[channel]) this.nextAllowedMs[channel] = next;
  }

  /** The fast network's gap after a pulse of `widthUs`. */
  gapMs(widthUs: number): number {
    return this.gap5Ms + (widthUs < 5 ? 0 : widthUs > 300 ? 295 : widthUs - 5) * this.gapPerUsMs;
  }

  /** Ms until the fast-network gap after the last pulse on `channel` has passed. */
  gapWaitMs(channel: number, nowMs: number): number {
    const w = this.nextAllowedMs[channel] - nowMs;
    return w > 0 ? w : 0;
  }
}

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
  /** Per channel: S (mJ) as of stressAtMs (read through stressMjAt; status skips channels at 0). */
  readonly stressMj = new Float64Array(MAX_CHANNELS);
  private readonly stressAtMs = new Float64Array(MAX_CHANNELS);
  /** Per channel: when the fast network's gap after its last pulse has passed (ms). */
  readonly nextAllowedMs = new Float64Array(MAX_CHANNELS);
  private readonly tauMs: number;

  constructor(params: Params) {
    this.params = params;
    this.tauMs = params.board.limits.stressTauS * 1000;
  }

  /** S of `channel` at `nowMs`. */
  stressMjAt(channel: number, nowMs: number): number {
    const s = this.stressMj[channel];
    if (s === 0) return 0; // a channel never pulsed: no Math.exp (status asks for all channels)
    const dt = nowMs - this.stressAtMs[channel];
    return dt > 0 ? s * Math.exp(-dt / this.tauMs) : s;
  }

  /** ms to wait before pulses of total `energyMj` may start on `channel`; 0 = now; GUARD_NEVER. */
  waitMs(channel: number, energyMj: number, nowMs: number): number {
    const limit = this.params.guardLimitMj;
    if (energyMj > limit) return GUARD_NEVER;
    let wait = this.nextAllowedMs[channel] - nowMs;
    if (wait < 0) wait = 0;
    // stressMjAt inline (activateMany asks once per channel of a batch)
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

  /** Books a pulse that ended at `endMs`. */
  record(channel: number, currentUa: number, widthUs: number, endMs: number): void {
    // Params.pulseEnergyMj and minGapMs, inline and in the same order of operations (a call
    // costs the interpreter more than the sums): E = I²·R·τ_p in mJ; the gap interpolated in width
    const l = this.params.board.limits;
    const amps = currentUa * 1e-6;
    let s = this.stressMj[channel];
    if (s !== 0) {
      const dt = endMs - this.stressAtMs[channel];
      if (dt > 0) s = s * Math.exp(-dt / this.tauMs);
    }
    this.stressMj[channel] = s + amps * amps * l.channelResistanceOhm * widthUs * 1e-6 * 1000;
    this.stressAtMs[channel] = endMs;
    const t = (widthUs - 5) / (300 - 5);
    const next = endMs + l.minGapMsAt5Us + (t < 0 ? 0 : t > 1 ? 1 : t) * (l.minGapMsAt300Us - l.minGapMsAt5Us);
    if (next > this.nextAllowedMs[channel]) this.nextAllowedMs[channel] = next;
  }

  /** Ms until the fast-network gap after the last pulse on `channel` has passed. */
  gapWaitMs(channel: number, nowMs: number): number {
    const w = this.nextAllowedMs[channel] - nowMs;
    return w > 0 ? w : 0;
  }
}

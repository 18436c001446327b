/**
 * One guarded pulse, or a RESET+SET pair, on a channel — the only path to the gate. Steps:
 * thermal guard (refuse, or wait by config) for the whole group's energy → select the channel
 * (source gated off while switching) → selector settle → fire → fast-network gap → next pulse.
 * The selector's settle and the gap are short (µs to a few ms): they become the next pulse's
 * hardware-timed delay (Hal.gatePulse) instead of a timer callback, up to MAX_PULSE_DELAY_MS.
 * Limits are checked by the ops before they start a sequence; `fire` re-checks them anyway.
 */
import { ErrorCode } from '../../protocol/ops';
import type { Config } from './config';
import { GUARD_REFUSE } from './config';
import type { Hal } from '../hal';
import { MAX_PULSE_DELAY_MS } from '../hal';
import { DONE, Job } from './job';
import type { Params } from './params';
import type { Source } from './source';
import { GUARD_NEVER, ThermalGuard } from './thermal-guard';

export const NO_RESET = 0;

const PH_GUARD = 0;
const PH_SELECT = 1;
const PH_FIRE = 2;
const PH_GAP = 3;

export class PulseSeq {
  private readonly hal: Hal;
  private readonly params: Params;
  private readonly config: Config;
  private readonly guard: ThermalGuard;
  private readonly source: Source;
  private channel = 0;
  private resetUa = NO_RESET;
  private setUa = 0;
  private widthUs = 0;
  private phase = 0;
  /** Wait before the next pulse, left to the gate's hardware timer (ms). */
  private delayMs = 0;
  /**
   * True when the caller already checked the guard for this group (and more: a whole batch);
   * then refuse mode waits out the fast-network gap instead of refusing, so an admitted batch
   * is never cut short by it.
   */
  private admitted = false;
  /** pulses fired so far */
  fired = 0;
  private total = 0;
  appliedUa = 0;
  waitedMs = 0;
  /** Energy of the whole group (mJ), computed once at start (the guard step may repeat). */
  energyMj = 0;

  constructor(hal: Hal, params: Params, config: Config, guard: ThermalGuard, source: Source) {
    this.hal = hal;
    this.params = params;
    this.config = config;
    this.guard = guard;
    this.source = source;
  }

  /** `resetUa` = NO_RESET for a single pulse of `setUa`; `admitted`: see the field. */
  start(channel: number, resetUa: number, setUa: number, widthUs: number, admitted: boolean): void {
    this.channel = channel;
    this.admitted = admitted;
    this.resetUa = resetUa;
    this.setUa = setUa;
    this.widthUs = widthUs;
    this.phase = PH_GUARD;
    this.delayMs = 0;
    this.fired = 0;
    this.total = resetUa === NO_RESET ? 1 : 2;
    this.appliedUa = 0;
    this.waitedMs = 0;
    let e = this.params.pulseEnergyMj(setUa, widthUs);
    if (resetUa !== NO_RESET) e += this.params.pulseEnergyMj(resetUa, widthUs);
    this.energyMj = e;
  }


  /** ms to wait, DONE, or FAILED (error written into job). */
  step(job: Job): number {
    for (;;) {
      if (this.phase === PH_GUARD) {
        if (this.config.thermalGuard) {
          const wait = this.guard.waitMs(this.channel, this.energyMj, this.hal.nowMs());
          if (wait === GUARD_NEVER) {
            return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: this pulse alone exceeds the stress budget of channel ' + this.channel, 'currentUa');
          }
          if (wait > 0) {
            const gapOnly = this.admitted && wait <= Math.ceil(this.guard.gapWaitMs(this.channel, this.hal.nowMs()));
            if ((this.config.guardMode === GUARD_REFUSE && !gapOnly) || wait > this.config.maxGuardDelayMs) {
              return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + this.channel + ' needs ' + wait + ' ms to cool', 'channel');
            }
            this.waitedMs += wait;
            return wait;
          }
        }
        this.phase = PH_SELECT;
      } else if (this.phase === PH_SELECT) {
        if (!this.source.select(this.channel)) return job.fail(ErrorCode.HARDWARE, this.source.selectFault(this.channel), 'channel');
        this.phase = PH_FIRE;
        const w = this.source.switchWaitMs();
        if (w > 0) {
          this.waitedMs += w;
          if (w > MAX_PULSE_DELAY_MS) return w;
          this.delayMs = w;
        }
      } else if (this.phase === PH_FIRE) {
        const ua = this.fired === 0 && this.total === 2 ? this.resetUa : this.setUa;
        if (!this.withinLimits(ua)) return job.fail(ErrorCode.INTERNAL, 'pulse outside limits reached the source stage', 'currentUa');
        if (!this.source.select(this.channel)) return job.fail(ErrorCode.HARDWARE, this.source.selectFault(this.channel), 'channel');
        this.appliedUa = this.source.fire(ua, this.widthUs, this.delayMs);
        this.delayMs = 0;
        this.guard.record(this.channel, ua, this.widthUs, this.hal.nowMs());
        this.fired++;
        if (this.fired >= this.total) return DONE;
        this.phase = PH_GAP;
      } else {
        this.phase = PH_FIRE;
        const gap = this.guard.gapWaitMs(this.channel, this.hal.nowMs());
        if (gap > 0) {
          this.waitedMs += gap;
          if (gap > MAX_PULSE_DELAY_MS) return gap;
          this.delayMs = gap;
        }
      }
    }
  }

  private withinLimits(ua: number): boolean {
    const p = this.params;
    return ua >= -p.maxCurrentUa && ua <= p.maxCurrentUa && this.widthUs >= p.minWidthUs && this.widthUs <= p.maxWidthUs && ua === Math.round(ua);
  }
}


/**
 * One guarded pulse, or a RESET+SET pair, on a channel — the only path to the gate. Steps:
 * thermal guard (refuse, or wait by config) for the whole group's energy → fire each pulse:
 * select the channel (source gated off while switching), then the gate pulse once the
 * selector has settled and the fast thermal network's gap since the last pulse has passed.
 * Those two waits are short (µs to a few ms): they are the pulse's hardware-timed delay
 * (Hal.pulse) instead of a timer callback, up to MAX_PULSE_DELAY_MS; a longer one is a timer.
 * Limits are checked by the ops before they start a sequence; the fire step re-checks them.
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
const PH_FIRE = 1;

export class PulseSeq {
  private readonly hal: Hal;
  private readonly params: Params;
  private readonly config: Config;
  private readonly guard: ThermalGuard;
  private readonly sourceStage: Source;
  private channel = 0;
  private resetUa = NO_RESET;
  private setUa = 0;
  private widthUs = 0;
  private phase = 0;
  /** pulses fired so far */
  fired = 0;
  private total = 0;
  appliedUa = 0;
  waitedMs = 0;

  constructor(hal: Hal, params: Params, config: Config, guard: ThermalGuard, source: Source) {
    this.hal = hal;
    this.params = params;
    this.config = config;
    this.guard = guard;
    this.sourceStage = source;
  }

  /**
   * `resetUa` = NO_RESET for a single pulse of `setUa`. `admitted`: the caller already checked
   * the guard for this group and found that its stress fits now (activateMany checks a whole
   * batch at once); the group skips the guard step, and the fire step waits out the fast
   * network's gap, so an admitted batch is never cut short.
   */
  start(channel: number, resetUa: number, setUa: number, widthUs: number, admitted: boolean): void {
    this.channel = channel;
    this.resetUa = resetUa;
    this.setUa = setUa;
    this.widthUs = widthUs;
    // a batch admitted whole was checked for every pulse it fires (stress only relaxes
    // meanwhile): its groups go straight to the fire step, which keeps the gap
    this.phase = admitted || !this.config.thermalGuard ? PH_FIRE : PH_GUARD;
    this.fired = 0;
    this.total = resetUa === NO_RESET ? 1 : 2;
    this.appliedUa = 0;
    this.waitedMs = 0;
  }

  /**
   * ms to wait, DONE, or FAILED (error written into job). The fire step comes first: Espruino
   * reads the text of every branch it passes over.
   */
  step(job: Job): number {
    for (;;) {
      if (this.phase === PH_FIRE) {
        const ch = this.channel;
        const p = this.params;
        const ua = this.fired === 0 && this.total === 2 ? this.resetUa : this.setUa;
        const w = this.widthUs;
        if (!(ua >= -p.maxCurrentUa && ua <= p.maxCurrentUa && w >= p.minWidthUs && w <= p.maxWidthUs && ua === Math.round(ua))) {
          return job.fail(ErrorCode.INTERNAL, 'pulse outside limits reached the source stage', 'currentUa');
        }
        const src = this.sourceStage;
        const hal = this.hal;
        const now = hal.nowMs();
        // the channel is most often connected already (a RESET before its SET, a read before)
        if ((src.selected !== ch || !src.enabled) && !src.select(ch, now)) return job.fail(ErrorCode.HARDWARE, src.selectFault(ch), 'channel');
        // the selector's settle since it switched, and the gap since this channel's last pulse
        let d = src.switchedAtMs + p.switchSettleMs - now;
        const gap = this.guard.nextAllowedMs[ch] - now;
        if (gap > d) d = gap;
        if (d > 0) {
          this.waitedMs += d;
          if (d > MAX_PULSE_DELAY_MS) return d;
        } else d = 0;
        // the pulse, `d` ms from now, timed by the hardware (here rather than a Source method: a
        // call costs the interpreter more than these lines): the DAC code and the applied current as
        // Params.dacCode and appliedUa compute them
        const fullScaleUa = p.board.dac.fullScaleUa;
        const max = p.dacMaxCode;
        const negative = ua < 0;
        let code = (((negative ? -ua : ua) / fullScaleUa) * max + 0.5) | 0;
        if (code > max) code = max;
        const end = hal.pulse(code, negative, w, d > 0 ? d : 0);
        src.firedCount++;
        src.firedPerChannel[ch]++;
        // settling restarts when the pulse is over; the guard books the pulse as ending then
        src.settleStartMs = end;
        const applied = Math.round((code / max) * fullScaleUa);
        this.appliedUa = negative ? -applied : applied;
        this.guard.record(ch, ua * ua * w * this.guard.energyK, this.guard.gapMs(w), end);
        this.fired++;
        if (this.fired >= this.total) return DONE;
      } else {
        const wait = this.guardWaitMs(job);
        if (wait !== 0) return wait;
        this.phase = PH_FIRE;
      }
    }
  }

  /**
   * The guard's say on the whole group: 0 (go on), ms to wait, or FAILED. A wait that is only
   * the fast network's gap is left to the fire step's hardware-timed delay when it is short and
   * the group may wait for it (delay mode).
   */
  private guardWaitMs(job: Job): number {
    const cfg = this.config;
    if (!cfg.thermalGuard) return 0;
    const ch = this.channel;
    const now = this.hal.nowMs();
    // the group's energy, here rather than at start: a group admitted whole never asks
    const p = this.params;
    const energyMj = p.pulseEnergyMj(this.setUa, this.widthUs) + (this.resetUa === NO_RESET ? 0 : p.pulseEnergyMj(this.resetUa, this.widthUs));
    const wait = this.guard.waitMs(ch, energyMj, now);
    if (wait === 0) return 0;
    if (wait === GUARD_NEVER) {
      return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: this pulse alone exceeds the stress budget of channel ' + ch, 'currentUa');
    }
    if (cfg.guardMode === GUARD_REFUSE || wait > cfg.maxGuardDelayMs) {
      return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + ch + ' needs ' + wait + ' ms to cool', 'channel');
    }
    if (wait <= MAX_PULSE_DELAY_MS && wait <= Math.ceil(this.guard.gapWaitMs(ch, now))) return 0;
    this.waitedMs += wait;
    return wait;
  }
}

/**
 * A lock-in reading that respects settling: select the channel (a change restarts settling),
 * then either wait until settleMs has passed since the last change (fixed mode) or sample every
 * sampleIntervalMs until two successive readings agree within toleranceMilliOhm (stable mode,
 * bounded by maxSettleMs). Reports the counts, R_H in mΩ and the time it waited.
 */
import type { Config } from './config';
import { SETTLE_FIXED } from './config';
import type { Hal } from '../hal';
import { ErrorCode } from '../../protocol/ops';
import { DONE, Job } from './job';
import type { Params } from './params';
import type { Source } from './source';

const PH_SELECT = 0;
const PH_FIXED = 1;
const PH_STABLE = 2;

export class ReadSeq {
  private readonly hal: Hal;
  private readonly params: Params;
  private readonly config: Config;
  private readonly sourceStage: Source;
  private channel = 0;
  private phase = 0;
  private startMs = 0;
  private prevMilliOhm = 0;
  private samples = 0;
  adcCounts = 0;
  rHallMilliOhm = 0;
  settleMs = 0;

  constructor(hal: Hal, params: Params, config: Config, source: Source) {
    this.hal = hal;
    this.params = params;
    this.config = config;
    this.sourceStage = source;
  }

  start(channel: number): void {
    this.channel = channel;
    this.phase = PH_SELECT;
    this.startMs = this.hal.nowMs();
    this.samples = 0;
  }

  /**
   * ms to wait, DONE, or FAILED (HARDWARE: the select bus did not take the channel). Fixed mode
   * (the default) comes first and reads the sample itself: Espruino reads the text of every
   * statement it passes, run or not, so the stable mode's loop is a method of its own.
   */
  step(job: Job): number {
    const src = this.sourceStage;
    // one clock read: the switch's time when the channel must be selected, and the settle check's
    const now = this.hal.nowMs();
    if (this.phase === PH_SELECT) {
      // most reads follow a pulse on their channel, still connected
      const ch = this.channel;
      if ((src.selected !== ch || !src.enabled) && !src.select(ch, now)) return job.fail(ErrorCode.HARDWARE, src.selectFault(ch), 'channel');
      this.phase = this.config.settleMode === SETTLE_FIXED ? PH_FIXED : PH_STABLE;
    }
    const settledFor = now - src.settleStartMs;
    if (this.phase !== PH_FIXED) return this.stableStep(now, settledFor);
    const settleMs = this.config.settleMs;
    if (settledFor < settleMs) return settleMs - settledFor;
    const n = this.config.adcSamples;
    const mean = this.hal.readAdcSum(n) / n;
    this.adcCounts = Math.round(mean);
    const p = this.params;
    this.rHallMilliOhm = Math.round(p.rPerCountMilliOhm * mean + p.rAtZeroCountsMilliOhm);
    this.settleMs = Math.round(now - this.startMs);
    return DONE;
  }

  /** Stable mode: sample until two readings agree, the fixed rule is met, or time is up. */
  private stableStep(now: number, settledFor: number): number {
    const cfg = this.config;
    // the reading as in step's fixed mode (a method of its own would cost a Pico ≈ 7 variables)
    const n = cfg.adcSamples;
    const mean = this.hal.readAdcSum(n) / n;
    this.adcCounts = Math.round(mean);
    const p = this.params;
    this.rHallMilliOhm = Math.round(p.rPerCountMilliOhm * mean + p.rAtZeroCountsMilliOhm);
    this.settleMs = Math.round(now - this.startMs);
    this.samples++;
    // already settled by the fixed rule, or two readings agree, or out of time
    if (settledFor >= cfg.settleMs) return DONE;
    if (this.samples > 1 && Math.abs(this.rHallMilliOhm - this.prevMilliOhm) <= cfg.toleranceMilliOhm) return DONE;
    if (now - this.startMs >= cfg.maxSettleMs) return DONE;
    this.prevMilliOhm = this.rHallMilliOhm;
    return cfg.sampleIntervalMs;
  }
}

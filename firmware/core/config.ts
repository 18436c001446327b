/**
 * Runtime settings the host may change with configSet (RAM only; boot restores defaults).
 */
import type { Params } from './params';

export const SETTLE_FIXED = 0;
export const SETTLE_STABLE = 1;
export const GUARD_REFUSE = 0;
export const GUARD_DELAY = 1;

export class Config {
  /** SETTLE_FIXED: wait settleMs after a change; SETTLE_STABLE: sample until stable. */
  settleMode = SETTLE_FIXED;
  settleMs = 0;
  /** Stable mode: two successive readings within this many mΩ end the wait. */
  toleranceMilliOhm = 0;
  sampleIntervalMs = 0;
  /** Stable mode gives up (and reports the last reading) after this long. */
  maxSettleMs = 0;
  /** ADC samples averaged per reading. */
  adcSamples = 4;
  guardMode = GUARD_DELAY;
  thermalGuard = true;
  /** Delay mode refuses anyway when the guard would need a longer wait than this. */
  maxGuardDelayMs = 60000;
  /** 0 = off. */
  heartbeatTimeoutMs = 0;

  constructor(params: Params) {
    this.reset(params);
  }

  reset(params: Params): void {
    this.settleMode = SETTLE_FIXED;
    this.settleMs = params.defaultSettleMs;
    const twoCounts = Math.ceil(Math.abs(params.rPerCountMilliOhm) * 2);
    this.toleranceMilliOhm = twoCounts < 1 ? 1 : twoCounts;
    this.sampleIntervalMs = params.board.lockin.timeConstantMs;
    this.maxSettleMs = params.defaultSettleMs * 4;
    this.adcSamples = 4;
    this.guardMode = GUARD_DELAY;
    this.thermalGuard = true;
    this.maxGuardDelayMs = 60000;
    this.heartbeatTimeoutMs = params.board.limits.heartbeatTimeoutMs;
  }

  copyFrom(other: Config): void {
    this.settleMode = other.settleMode;
    this.settleMs = other.settleMs;
    this.toleranceMilliOhm = other.toleranceMilliOhm;
    this.sampleIntervalMs = other.sampleIntervalMs;
    this.maxSettleMs = other.maxSettleMs;
    this.adcSamples = other.adcSamples;
    this.guardMode = other.guardMode;
    this.thermalGuard = other.thermalGuard;
    this.maxGuardDelayMs = other.maxGuardDelayMs;
    this.heartbeatTimeoutMs = other.heartbeatTimeoutMs;
  }
}

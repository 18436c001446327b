/**
 * The current source and selector, sequenced safely: the source is gated off (EN low, DAC 0)
 * before any channel change. Pulses are fired by PulseSeq (the only path to the gate), which
 * checks the limits and keeps the counters here up to date. Tracks the selected channel and
 * when the lock-in last had to start settling.
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import type { Hal } from '../hal';

export const NO_CHANNEL = -1;

export class Source {
  private readonly hal: Hal;
  selected = NO_CHANNEL;
  enabled = false;
  /** Time of the last channel change or device state change (lock-in settling restarts). */
  settleStartMs = 0;
  /** Time the selector last switched (the selector's own settle before gating current). */
  switchedAtMs = 0;
  /** Gate pulses fired since boot, in all and per channel. */
  firedCount = 0;
  readonly firedPerChannel = new Int32Array(MAX_CHANNELS);

  constructor(hal: Hal) {
    this.hal = hal;
  }

  /** All outputs safe: DAC 0, polarity low, EN low. The gate is idle low between pulses. */
  makeSafe(): void {
    this.hal.setDacCode(0);
    this.hal.setPolarity(false);
    this.hal.setEnable(false);
    this.enabled = false;
  }

  /**
   * Connects `channel`, gating the source off first. The bus is read back before EN goes on: a
   * stuck select line would route the next pulse into another device, so a mismatch leaves
   * everything off and returns false (the op answers HARDWARE). `now`: the clock read just
   * before (the switch's time; a pulse waits the selector's settle from there, and it switched
   * after it, so never too short).
   */
  select(channel: number, now: number): boolean {
    if (channel === this.selected && this.enabled) return true;
    if (this.hal.connect(channel) !== channel) {
      this.enabled = false;
      this.selected = NO_CHANNEL;
      return false;
    }
    this.enabled = true;
    if (channel !== this.selected) {
      this.switchedAtMs = now;
      this.settleStartMs = now;
    }
    this.selected = channel;
    return true;
  }

  /** The HARDWARE error message for a failed select. */
  selectFault(channel: number): string {
    return 'select lines read back ' + this.hal.selectRead() + ' after writing ' + channel + ': outputs made safe';
  }
}

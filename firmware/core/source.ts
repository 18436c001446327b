/**
 * The current source and selector, sequenced safely: the source is gated off (EN low, DAC 0)
 * before any channel change, and a pulse only ever fires with limits already checked by the
 * caller. Tracks the selected channel and when the lock-in last had to start settling.
 */
import { MAX_CHANNELS } from '../../protocol/limits';
import type { Hal } from '../hal';
import type { Params } from './params';

export const NO_CHANNEL = -1;

export class Source {
  private readonly hal: Hal;
  private readonly params: Params;
  selected = NO_CHANNEL;
  enabled = false;
  /** Time of the last channel change or device state change (lock-in settling restarts). */
  settleStartMs = 0;
  /** Time the selector last switched (the selector's own settle before gating current). */
  switchedAtMs = 0;
  /** Gate pulses fired since boot, in all and per channel. */
  firedCount = 0;
  readonly firedPerChannel = new Int32Array(MAX_CHANNELS);

  constructor(hal: Hal, params: Params) {
    this.hal = hal;
    this.params = params;
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
   * everything off and returns false (the op answers HARDWARE).
   */
  select(channel: number): boolean {
    if (channel === this.selected && this.enabled) return true;
    const now = this.hal.nowMs();
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

  /**
   * Fires one pulse on the selected channel `delayMs` from now, timed by the hardware (caller
   * checked limits and guard; delayMs ≤ MAX_PULSE_DELAY_MS), then sets the DAC back to 0.
   * Returns the applied current (DAC-quantised, signed).
   */
  fire(currentUa: number, widthUs: number, delayMs: number): number {
    // Params.dacCodeFor and appliedUa, inline (a call costs the interpreter more than the sums)
    const p = this.params;
    const fullScaleUa = p.board.dac.fullScaleUa;
    const max = p.dacMaxCode;
    const negative = currentUa < 0;
    let code = Math.round(((negative ? -currentUa : currentUa) / fullScaleUa) * max);
    if (code > max) code = max;
    this.hal.pulse(code, negative, widthUs, delayMs > 0 ? Math.ceil(delayMs * 1000) : 0);
    this.firedCount++;
    this.firedPerChannel[this.selected]++;
    this.settleStartMs = this.hal.nowMs();
    const ua = Math.round((code / max) * fullScaleUa);
    return negative ? -ua : ua;
  }
}

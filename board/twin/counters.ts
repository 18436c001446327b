/**
 * What tests and bring-up read to prove "no pulse from a corrupted frame", "no double pulse",
 * "no switching with the source on". Implements TwinCounters with a few more.
 */
import type { TwinCounters } from './twin-api';

export interface CountersState {
  pulses: number;
  pulsesPerChannel: number[];
  switchWithSourceOnFaults: number;
  gatePulses: number;
  gatePulsesWithoutPath: number;
  compliancePulses: number;
  pulsesBeforeSelectorSettled: number;
}

export class BoardCounters implements TwinCounters {
  pulses = 0;
  readonly pulsesPerChannel: number[];
  switchWithSourceOnFaults = 0;
  /** Every gate pulse, whether or not it reached a device. */
  gatePulses = 0;
  /** Gate pulses with EN off, a vacant or an open channel (no current path). */
  gatePulsesWithoutPath = 0;
  /** Pulses whose current the compliance voltage limited. */
  compliancePulses = 0;
  /** Pulses gated sooner than selector.switchSettleUs after a channel or EN change. */
  pulsesBeforeSelectorSettled = 0;

  constructor(channels: number) {
    this.pulsesPerChannel = new Array<number>(channels).fill(0);
  }

  saveState(): CountersState {
    return {
      pulses: this.pulses,
      pulsesPerChannel: [...this.pulsesPerChannel],
      switchWithSourceOnFaults: this.switchWithSourceOnFaults,
      gatePulses: this.gatePulses,
      gatePulsesWithoutPath: this.gatePulsesWithoutPath,
      compliancePulses: this.compliancePulses,
      pulsesBeforeSelectorSettled: this.pulsesBeforeSelectorSettled,
    };
  }

  loadState(s: CountersState): void {
    this.pulses = s.pulses;
    for (let i = 0; i < this.pulsesPerChannel.length; i++) this.pulsesPerChannel[i] = s.pulsesPerChannel[i] ?? 0;
    this.switchWithSourceOnFaults = s.switchWithSourceOnFaults;
    this.gatePulses = s.gatePulses;
    this.gatePulsesWithoutPath = s.gatePulsesWithoutPath;
    this.compliancePulses = s.compliancePulses;
    this.pulsesBeforeSelectorSettled = s.pulsesBeforeSelectorSettled ?? 0;
  }
}

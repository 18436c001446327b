/**
 * The twin's pin-level hardware: the Espruino surface's digitalWrite/digitalPulse/spiWrite/
 * analogRead land here and drive the selector, the DAC + current pump, the devices, the
 * lock-in and the ADC, wired by the board definition's pins. No allocation per call.
 */
import type { BoardDefinition } from '../definitions/definition';
import type { PinLevelHardware } from './hardware';
import type { Scheduler } from './scheduler';
import { Adc } from './adc';
import { BoardCounters } from './counters';
import { CurrentSource } from './current-source';
import { Mcp48x2Dac } from './dac';
import type { TwinDevice } from './device-port';
import { TwinError } from './errors';
import type { Fault } from './faults';
import { LockIn } from './lockin';
import type { ChainParams } from './params';
import { Rng } from './rng';
import { Selector } from './selector';

const ROLE_SELECT0 = 0; // roles 0..3: select bit 0..3 (S0..S3)
const ROLE_ENABLE = 4;
const ROLE_POLARITY = 5;
const ROLE_GATE = 6;
const ROLE_ADC = 7;

export interface BoardHardwareOptions {
  definition: BoardDefinition;
  params: ChainParams;
  /** The device on a channel (undefined for vacant channels). Called per use: may build lazily. */
  device: (channel: number) => TwinDevice | undefined;
  clock: Scheduler;
  faults?: readonly Fault[];
  seed: number;
  counters?: BoardCounters;
}

export interface HardwareState {
  selector: { drivenBits: number; enabled: boolean };
  polarity: 0 | 1;
  dac: { code: number; gain: 1 | 2; active: boolean };
  lockin: ReturnType<LockIn['saveState']>;
  rngLockin: number[];
  rngAdc: number[];
  pins: { [pin: string]: 0 | 1 };
}

export class BoardHardware implements PinLevelHardware {
  readonly definition: BoardDefinition;
  readonly params: Readonly<ChainParams>;
  readonly counters: BoardCounters;
  readonly selector: Selector;
  readonly dac: Mcp48x2Dac;
  readonly source: CurrentSource;
  readonly lockin: LockIn;
  readonly adc: Adc;
  private readonly device: (channel: number) => TwinDevice | undefined;
  private readonly clock: Scheduler;
  private readonly roles = new Map<string, number>();
  private readonly levels = new Map<string, 0 | 1>();
  private readonly rngLockin: Rng;
  private readonly rngAdc: Rng;
  private readonly dacSpi: string;
  private readonly dacCs: string;
  private readonly onResistanceOhm: number;
  /** The gate is high until this time (digitalPulse), or from `gateStaticSinceMs` (digitalWrite). */
  private gateEndMs = Number.NEGATIVE_INFINITY;
  /** The high segments still queued or running on the gate, [start, end) pairs in ms. */
  private gateHighMs: number[] = [];
  private gateStaticSinceMs = Number.NaN;
  /** End of everything queued on the gate's timer: high pulses and the low segments of trains. */
  private gateQueueEndMs = Number.NEGATIVE_INFINITY;
  /** Last change of the connected channel or EN, and the selector's settle time. */
  private lastSwitchMs = Number.NEGATIVE_INFINITY;
  private readonly switchSettleMs: number;

  constructor(options: BoardHardwareOptions) {
    const { definition: def, params } = options;
    this.definition = def;
    this.params = { ...params };
    this.device = options.device;
    this.clock = options.clock;
    this.counters = options.counters ?? new BoardCounters(def.channels);
    this.selector = new Selector(def.channels, def.populated);
    this.dac = new Mcp48x2Dac(params.dacBits);
    this.source = new CurrentSource({ fullScaleUa: params.dacFullScaleUa, complianceV: params.dacComplianceV, riseTimeNs: params.dacRiseTimeNs }, this.dac);
    this.rngLockin = Rng.stream(options.seed, 'lockin');
    this.rngAdc = Rng.stream(options.seed, 'adc');
    this.lockin = new LockIn(
      {
        frequencyHz: params.lockinFrequencyHz,
        excitationUaRms: params.lockinExcitationUaRms,
        tauMs: params.lockinTauMs,
        order: params.lockinOrder,
        noiseNvRtHz: params.lockinNoiseNvRtHz,
        auxScale: params.lockinAuxScale,
        auxPreoffsetV: params.lockinAuxPreoffsetV,
        auxOffsetV: params.lockinAuxOffsetV,
        auxRangeV: params.lockinAuxRangeV,
        auxBits: params.lockinAuxBits,
        vacantNoiseFactor: params.lockinVacantNoiseFactor,
      },
      this.hallOhm,
      this.rngLockin,
      this.clock.nowMs() / 1000,
    );
    this.adc = new Adc({ bits: params.adcBits, referenceV: params.adcReferenceV, gain: params.adcGain, offsetV: params.adcOffsetV, noiseRmsCounts: params.adcNoiseRmsCounts }, this.rngAdc);
    this.onResistanceOhm = params.muxOnResistanceOhm;
    this.switchSettleMs = def.selector.switchSettleUs / 1000;
    this.dacSpi = def.pins.dacSpi;
    this.dacCs = def.pins.dacCs;
    // pins.select is [S3, S2, S1, S0]
    def.pins.select.forEach((pin, i) => this.roles.set(pin, ROLE_SELECT0 + (3 - i)));
    this.roles.set(def.pins.enable, ROLE_ENABLE);
    this.roles.set(def.pins.polarity, ROLE_POLARITY);
    this.roles.set(def.pins.gate, ROLE_GATE);
    this.roles.set(def.pins.adc, ROLE_ADC);
    for (const fault of options.faults ?? []) {
      if (fault.kind === 'open-channel') {
        if (fault.afterRequests === undefined) this.selector.openChannel(fault.channel);
      }
      else if (fault.kind === 'stuck-select') this.selector.stickLow(fault.bit);
      else if (fault.kind === 'lockin-off') this.lockin.off = true;
      else if (fault.kind === 'dead-dac') this.source.dead = true;
    }
    this.lockin.settle(this.clock.nowMs() / 1000);
  }

  digitalWrite(pin: string, level: 0 | 1): void {
    const role = this.roles.get(pin);
    const bit = level === 1 ? 1 : 0;
    if (role === undefined || role === ROLE_ADC) {
      this.levels.set(pin, bit);
      return;
    }
    const nowMs = this.clock.nowMs();
    if (role <= 3) {
      if (this.selector.drivenLevel(role) === bit) return;
      const nowS = nowMs / 1000;
      this.lockin.inputWillChange(nowS);
      if (this.selector.drive(role, bit)) {
        this.lastSwitchMs = nowMs;
        if (this.gateHigh(nowMs)) this.counters.switchWithSourceOnFaults++;
      }
    } else if (role === ROLE_ENABLE) {
      if (this.selector.enabled === (bit === 1)) return;
      this.lockin.inputWillChange(nowMs / 1000);
      this.selector.enabled = bit === 1;
      this.lastSwitchMs = nowMs;
      if (this.gateHigh(nowMs)) this.counters.switchWithSourceOnFaults++;
    } else if (role === ROLE_POLARITY) {
      this.source.polarity = bit;
    } else if (role === ROLE_GATE) {
      if (bit === 1 && Number.isNaN(this.gateStaticSinceMs)) {
        this.gateStaticSinceMs = Math.max(nowMs, this.gateEndMs);
      } else if (bit === 0 && !Number.isNaN(this.gateStaticSinceMs)) {
        const startMs = this.gateStaticSinceMs;
        this.gateStaticSinceMs = Number.NaN;
        if (nowMs > startMs) this.firePulse(startMs, nowMs - startMs, nowMs);
      }
    }
  }

  digitalRead(pin: string): 0 | 1 {
    const role = this.roles.get(pin);
    if (role === undefined || role === ROLE_ADC) return this.levels.get(pin) ?? 0;
    if (role <= 3) return this.selector.lineLevel(role);
    if (role === ROLE_ENABLE) return this.selector.enabled ? 1 : 0;
    if (role === ROLE_POLARITY) return this.source.polarity;
    return this.gateHigh(this.clock.nowMs()) ? 1 : 0;
  }

  digitalPulse(pin: string, level: 0 | 1, widthMs: number): void {
    if (this.roles.get(pin) !== ROLE_GATE) {
      // Not the gate: the pin toggles and returns to its level; nothing to model.
      return;
    }
    if (!(widthMs > 0)) return;
    const nowMs = this.clock.nowMs();
    // Espruino queues a pulse behind one still running on the same pin; a low segment of a
    // train (digitalPulse(GATE, 0, [delayMs, widthMs])) holds the gate low for its time, so the
    // high segment after it starts that much later.
    const startMs = Math.max(nowMs, this.gateQueueEndMs);
    this.gateQueueEndMs = startMs + widthMs;
    if (level !== 1) return;
    this.gateEndMs = startMs + widthMs;
    const h = this.gateHighMs;
    let kept = 0;
    for (let i = 0; i < h.length; i += 2) {
      if (h[i + 1] > nowMs) {
        h[kept++] = h[i];
        h[kept++] = h[i + 1];
      }
    }
    h.length = kept;
    h.push(startMs, startMs + widthMs);
    this.firePulse(startMs, widthMs, nowMs);
  }

  spiWrite(spi: string, data: Uint8Array, csPin: string): void {
    if (spi === this.dacSpi && csPin === this.dacCs) this.dac.write(data);
  }

  analogRead(pin: string): number {
    if (this.roles.get(pin) !== ROLE_ADC) {
      throw new TwinError('UNKNOWN_PIN', `analogRead(${pin}): only the lock-in ADC pin ${this.definition.pins.adc} is wired to an analog signal`);
    }
    return this.adc.fraction(this.lockin.auxVolts(this.clock.nowMs() / 1000));
  }

  /** ADC counts as analogRead would see them (for tools and tests). */
  readAdcCounts(): number {
    return this.adc.counts(this.lockin.auxVolts(this.clock.nowMs() / 1000));
  }

  saveState(): HardwareState {
    const pins: { [pin: string]: 0 | 1 } = {};
    for (const [pin, level] of this.levels) pins[pin] = level;
    return {
      selector: this.selector.saveState(),
      polarity: this.source.polarity,
      dac: this.dac.saveState(),
      lockin: this.lockin.saveState(),
      rngLockin: this.rngLockin.saveState(),
      rngAdc: this.rngAdc.saveState(),
      pins,
    };
  }

  loadState(s: HardwareState): void {
    this.selector.loadState(s.selector);
    this.source.polarity = s.polarity === 1 ? 1 : 0;
    this.dac.loadState(s.dac);
    this.lockin.loadState(s.lockin);
    this.rngLockin.loadState(s.rngLockin);
    this.rngAdc.loadState(s.rngAdc);
    this.levels.clear();
    for (const pin of Object.keys(s.pins)) this.levels.set(pin, s.pins[pin] === 1 ? 1 : 0);
  }

  private gateHigh(nowMs: number): boolean {
    if (!Number.isNaN(this.gateStaticSinceMs)) return true;
    const h = this.gateHighMs;
    for (let i = 0; i < h.length; i += 2) if (nowMs >= h[i] && nowMs < h[i + 1]) return true;
    return false;
  }

  /** What the lock-in sees: R_H of the connected device, NaN with no current path. */
  private readonly hallOhm = (nowS: number): number => {
    if (!this.selector.hasPath()) return Number.NaN;
    const device = this.device(this.selector.channel);
    return device === undefined ? Number.NaN : device.rHallOhm(nowS);
  };

  private firePulse(startMs: number, widthMs: number, nowMs: number): void {
    const counters = this.counters;
    counters.gatePulses++;
    const channel = this.selector.channel;
    const device = this.selector.hasPath() ? this.device(channel) : undefined;
    if (device === undefined) {
      counters.gatePulsesWithoutPath++;
      return;
    }
    counters.pulses++;
    counters.pulsesPerChannel[channel]++;
    if (startMs - this.lastSwitchMs < this.switchSettleMs) counters.pulsesBeforeSelectorSettled++;
    const startS = startMs / 1000;
    // ns resolution so 0.005 ms is exactly 5e-6 s for the device's per-width tables.
    const widthS = Math.round(widthMs * 1e6) / 1e9;
    const currentA = this.source.pulseCurrentA(device.resistanceOhm(startS) + this.onResistanceOhm, widthS);
    if (this.source.lastClipped) counters.compliancePulses++;
    if (currentA === 0) return;
    this.lockin.inputWillChange(nowMs / 1000);
    device.pulse(currentA, widthS, startS);
  }
}

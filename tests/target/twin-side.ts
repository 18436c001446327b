/**
 * The other side of the conformance test: the same bundle in the twin's Espruino API surface
 * (board/twin/espruino: EspruinoRuntime, its globals and Program), with the same scripted double
 * (double/model.js) as the board's pin-level hardware instead of the device models, the twin's
 * own Storage and virtual scheduler (time stands still between steps), and a link that hands
 * bytes over at once. `step` has the meaning of EspruinoTarget.step; it runs synchronously, so
 * no scheduler pump can fire a timer between steps.
 */
import * as fs from 'fs';
import { EspruinoRuntime } from '../../board/twin/espruino';
import type { PinLevelHardware } from '../../board/twin/hardware';
import type { Twin, TwinCounters, TwinLink } from '../../board/twin/twin-api';
import { BoardStorage, VirtualScheduler } from '../../board/twin';
import type { DoubleConfig } from './interpreter';

interface DoubleModel {
  digitalWrite(pin: string, level: number): void;
  digitalRead(pin: string): number;
  digitalPulse(pin: string, level: number, ms: number): void;
  spiWrite(bus: string, bytes: Uint8Array, cs: string): void;
  analogRead(pin: string): number;
  take(): string;
  pulses: number;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { NucleonDouble } = require('./double/model.js') as { NucleonDouble: new (cfg: DoubleConfig) => DoubleModel };

class DoubleHardware implements PinLevelHardware {
  constructor(readonly model: DoubleModel) {}
  digitalWrite(pin: string, level: 0 | 1): void {
    this.model.digitalWrite(pin, level);
  }
  digitalRead(pin: string): 0 | 1 {
    return this.model.digitalRead(pin) === 1 ? 1 : 0;
  }
  digitalPulse(pin: string, level: 0 | 1, widthMs: number): void {
    this.model.digitalPulse(pin, level, widthMs);
  }
  spiWrite(spi: string, data: Uint8Array, csPin: string): void {
    this.model.spiWrite(spi, data, csPin);
  }
  analogRead(pin: string): number {
    return this.model.analogRead(pin);
  }
}

class DirectLink implements TwinLink {
  private toBoard: ((b: Uint8Array) => void)[] = [];
  private toHost: ((b: Uint8Array) => void)[] = [];
  hostWrite(bytes: Uint8Array): void {
    for (const l of this.toBoard) l(bytes.slice());
  }
  onBoardData(cb: (b: Uint8Array) => void): void {
    this.toBoard.push(cb);
  }
  boardWrite(bytes: Uint8Array): void {
    for (const l of this.toHost) l(bytes.slice());
  }
  onHostData(cb: (b: Uint8Array) => void): void {
    this.toHost.push(cb);
  }
}

export class TwinSide {
  readonly model: DoubleModel;
  readonly runtime: EspruinoRuntime;
  private readonly scheduler: VirtualScheduler;
  private readonly link = new DirectLink();
  private out: number[] = [];

  constructor(bundleFile: string, cfg: DoubleConfig, storageBytes: number) {
    this.model = new NucleonDouble(cfg);
    this.scheduler = new VirtualScheduler({ idle: 'frozen', onError: (e) => this.runtime.errors.push(String(e)) });
    const counters: TwinCounters = { pulses: 0, pulsesPerChannel: [], switchWithSourceOnFaults: 0 };
    const twin: Twin = {
      seed: 0,
      hardware: new DoubleHardware(this.model),
      scheduler: this.scheduler,
      storage: new BoardStorage(storageBytes),
      link: this.link,
      counters,
      saveState: () => undefined,
      dispose: () => this.scheduler.dispose(),
    };
    this.link.onHostData((b) => {
      for (const x of b) this.out.push(x);
    });
    this.runtime = new EspruinoRuntime(twin);
    this.runtime.runProgram(fs.readFileSync(bundleFile, 'utf8'), '.bootcde', true);
  }

  /** Feeds `bytes`, advances virtual time by `advanceMs`; returns what the firmware wrote and the hardware calls. */
  step(bytes: Uint8Array, advanceMs: number): { out: Uint8Array; hw: string } {
    this.out = [];
    if (bytes.length > 0) this.link.hostWrite(bytes);
    if (advanceMs > 0) this.scheduler.advance(advanceMs);
    return { out: new Uint8Array(this.out), hw: this.model.take() };
  }

  close(): void {
    this.runtime.close();
    this.scheduler.dispose();
  }
}

/**
 * johnny-five IO plugin over the Nucleon protocol (io-plugins contract): the four select lines
 * are digital output pins 0–3 (S0–S3, written together as the channel number), the lock-in
 * ADC is analog pin A0 (pin 4, read on the selected channel), and `pulse()` is a custom method.
 *
 *   const io = new NucleonIO({ board: 'sim' });
 *   const board = new five.Board({ io, repl: false, debug: false });
 *   board.on('ready', () => new five.Sensor({ pin: 'A0', freq: 50 }).on('data', …));
 */
import { EventEmitter } from 'events';
import type { Board } from '../client/board';
import type { PulseOptions, PulseResult } from '../client/types';
import { openBoard } from '../open';
import type { OpenBoardOptions } from '../open';

export const MODES = { INPUT: 0, OUTPUT: 1, ANALOG: 2, PWM: 3, SERVO: 4 } as const;

export interface PinState {
  supportedModes: number[];
  mode: number;
  value: number;
  report: number;
  analogChannel: number;
  name: string;
}

export interface NucleonIOOptions {
  /** Board spec (default `sim`). */
  board?: string;
  /** Or an already open board (the plugin will not close it). */
  instance?: Board;
  openOptions?: OpenBoardOptions;
}

type Callback = (value: number) => void;

const SELECT_PINS = 4;
const ADC_PIN = 4;

export class NucleonIO extends EventEmitter {
  readonly name = 'Nucleon';
  readonly MODES = MODES;
  readonly RESOLUTION = { ADC: 4095, DAC: null, PWM: 0 };
  readonly pins: PinState[];
  readonly analogPins = [ADC_PIN];
  isReady = false;
  board: Board | null = null;
  private channel = 0;
  private samplingIntervalMs = 19;
  private readonly analogCallbacks = new Map<number, Callback[]>();
  private readonly digitalCallbacks = new Map<number, Callback[]>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readInFlight = false;
  private readonly ownsBoard: boolean;

  constructor(options: NucleonIOOptions = {}) {
    super();
    this.pins = [];
    for (let i = 0; i < SELECT_PINS; i++) {
      this.pins.push({ supportedModes: [MODES.OUTPUT], mode: MODES.OUTPUT, value: 0, report: 0, analogChannel: 127, name: `S${i}` });
    }
    this.pins.push({ supportedModes: [MODES.ANALOG], mode: MODES.ANALOG, value: 0, report: 0, analogChannel: 0, name: 'A0' });
    this.ownsBoard = options.instance === undefined;
    const opening = options.instance ? Promise.resolve(options.instance) : openBoard(options.board ?? 'sim', options.openOptions);
    opening.then(
      (board) => {
        this.board = board;
        board.on('close', (err) => {
          this.stopSampling();
          this.emit('close');
          if (err) this.emit('disconnect', err);
        });
        this.emit('connect');
        this.isReady = true;
        this.emit('ready');
      },
      (err: unknown) => this.emit('error', err),
    );
  }

  /** 'A0' → 4, '2' / 2 → 2, 'S3' → 3. */
  normalize(pin: number | string): number {
    if (typeof pin === 'number') return pin;
    const a = /^A(\d+)$/i.exec(pin);
    if (a) return this.analogPins[Number(a[1])] ?? -1;
    const s = /^S(\d)$/i.exec(pin);
    if (s) return Number(s[1]);
    return Number(pin);
  }

  pinMode(pin: number | string, mode: number): this {
    const p = this.pins[this.normalize(pin)];
    if (!p) throw new TypeError(`NucleonIO: no pin ${String(pin)}`);
    if (!p.supportedModes.includes(mode)) {
      throw new TypeError(`NucleonIO: pin ${p.name} supports modes ${p.supportedModes.join(', ')}, not ${mode}`);
    }
    p.mode = mode;
    return this;
  }

  /** Sets one select line; the four lines together pick the channel (S0 = bit 0). */
  digitalWrite(pin: number | string, value: number): this {
    const n = this.normalize(pin);
    if (!(n >= 0 && n < SELECT_PINS)) throw new TypeError(`NucleonIO: digital pin ${String(pin)} is not a select line (0–3)`);
    this.pins[n].value = value ? 1 : 0;
    const channel = this.pins.slice(0, SELECT_PINS).reduce((acc, p, i) => acc | (p.value << i), 0);
    this.channel = channel;
    this.board?.select(channel).catch((err: unknown) => this.emit('error', err));
    for (const cb of this.digitalCallbacks.get(n) ?? []) cb(this.pins[n].value);
    this.emit(`digital-read-${n}`, this.pins[n].value);
    return this;
  }

  digitalRead(pin: number | string, callback: Callback): this {
    const n = this.normalize(pin);
    const list = this.digitalCallbacks.get(n) ?? [];
    list.push(callback);
    this.digitalCallbacks.set(n, list);
    this.pins[n].report = 1;
    setImmediate(() => callback(this.pins[n].value));
    return this;
  }

  /** Streams the lock-in ADC (counts, 0–4095) of the selected channel every sampling interval. */
  analogRead(pin: number | string, callback: Callback): this {
    const n = this.normalize(pin);
    if (n !== ADC_PIN) throw new TypeError(`NucleonIO: analog pin ${String(pin)} does not exist (A0 is the lock-in ADC)`);
    const list = this.analogCallbacks.get(n) ?? [];
    list.push(callback);
    this.analogCallbacks.set(n, list);
    this.reportAnalogPin(n, 1);
    return this;
  }

  reportAnalogPin(pin: number | string, value: 0 | 1): this {
    const n = this.normalize(pin);
    if (this.pins[n]) this.pins[n].report = value;
    if (value) this.startSampling();
    else if (!this.pins.some((p) => p.report && p.mode === MODES.ANALOG)) this.stopSampling();
    return this;
  }

  reportDigitalPin(pin: number | string, value: 0 | 1): this {
    const n = this.normalize(pin);
    if (this.pins[n]) this.pins[n].report = value;
    return this;
  }

  setSamplingInterval(ms: number): this {
    this.samplingIntervalMs = Math.max(1, Math.min(65535, Math.round(ms)));
    if (this.timer) {
      this.stopSampling();
      this.startSampling();
    }
    return this;
  }

  analogWrite(): this {
    throw new TypeError('NucleonIO: no PWM/DAC pins; use pulse({ currentUa, widthUs }) to drive a device');
  }

  /** Custom method: one current pulse into the selected (or given) channel. */
  pulse(options: Partial<PulseOptions> & { currentUa: number; widthUs: number }): Promise<PulseResult> {
    if (!this.board) return Promise.reject(new Error('NucleonIO: not ready'));
    return this.board.pulse({ channel: options.channel ?? this.channel, currentUa: options.currentUa, widthUs: options.widthUs });
  }

  /** Leaves the board safe and closes it (if the plugin opened it). */
  async close(): Promise<void> {
    this.stopSampling();
    if (this.board && this.ownsBoard) await this.board.close();
  }

  private startSampling(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), this.samplingIntervalMs);
    this.timer.unref();
  }

  private stopSampling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private sample(): void {
    const board = this.board;
    if (!board || this.readInFlight || !this.pins[ADC_PIN].report) return;
    this.readInFlight = true;
    board.read(this.channel).then(
      (r) => {
        this.readInFlight = false;
        this.pins[ADC_PIN].value = r.adcCounts;
        for (const cb of this.analogCallbacks.get(ADC_PIN) ?? []) cb(r.adcCounts);
        this.emit(`analog-read-${ADC_PIN}`, r.adcCounts);
        this.emit('analog-read-0', r.adcCounts);
      },
      (err: unknown) => {
        this.readInFlight = false;
        this.emit('error', err);
      },
    );
  }
}

export default NucleonIO;

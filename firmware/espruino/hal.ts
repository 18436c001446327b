/**
 * The Hal on the Espruino API. Pins come from the (build-time inlined) board definition.
 * The gate pulse is `digitalPulse(GATE, 1, widthMs)` followed by `digitalPulse(GATE, 1, 0)`,
 * which waits until the hardware-timed pulse is over; the DAC is written with `SPIx.write`
 * (no read-back buffer, unlike `send`) and its chip select.
 */
import type { FirmwareBoard } from '../board';
import type { Hal } from '../hal';

export class EspruinoHal implements Hal {
  private readonly selectPins: string[];
  /**
   * The select lines (S3..S0), then EN: one write (connect's) sets EN low and then the bus, as
   * Espruino writes an array of pins least significant bit first, from the array's end.
   */
  private readonly selectEnPins: string[];
  private readonly enPin: string;
  private readonly polPin: string;
  private readonly gatePin: string;
  private readonly adcPin: string;
  private readonly csPin: string;
  private readonly spi: EspruinoApi.Spi;
  private readonly link: EspruinoApi.SerialLike;
  private readonly adcMax: number;
  private readonly dacWord = new Uint8Array(2);
  /** The DAC word of code 0 (channel A, active), written after every pulse. */
  private readonly dacIdle = new Uint8Array([0x10, 0]);
  /**
   * What this HAL last wrote to the DAC and the polarity line (a pulse and makeSafe leave them at
   * 0 and low): a write that would not change them is skipped (a native call each on a Pico).
   * Unknown at boot, so the first connect writes both.
   */
  private dacZero = false;
  private polLow = false;
  /** [delayMs, widthMs] of a delayed gate pulse (one array, reused). */
  private readonly train = [0, 0];
  private readonly storage: EspruinoApi.StorageModule;
  private receiver: ((bytes: Uint8Array, length: number) => void) | undefined;
  /**
   * Espruino's own setTimeout, as this object's property: the executor's wait is then one
   * native call (a method around it would be one interpreted call more per wait).
   */
  readonly setTimeout: (callback: () => void, delayMs: number) => number;

  constructor(board: FirmwareBoard) {
    const p = board.pins;
    this.selectPins = [p.select[0], p.select[1], p.select[2], p.select[3]];
    this.enPin = p.enable;
    this.selectEnPins = [p.select[0], p.select[1], p.select[2], p.select[3], p.enable];
    this.polPin = p.polarity;
    this.gatePin = p.gate;
    this.adcPin = p.adc;
    this.csPin = p.dacCs;
    this.spi = p.dacSpi === 'SPI2' ? SPI2 : SPI1;
    this.link = p.link === 'Serial1' ? Serial1 : p.link === 'Serial2' ? Serial2 : USB;
    this.adcMax = (1 << board.adc.bits) - 1; // not Math.pow (inexact on Espruino)
    this.storage = require('Storage') as EspruinoApi.StorageModule;
    this.setTimeout = setTimeout as unknown as (callback: () => void, delayMs: number) => number;
    digitalWrite(this.gatePin, 0);
    digitalWrite(this.csPin, 1);
    this.spi.setup({ sck: p.dacSck, mosi: p.dacMosi, baud: 1000000, mode: 0 });
  }

  selectWrite(channel: number): void {
    digitalWrite(this.selectPins, channel);
  }
  selectRead(): number {
    return digitalRead(this.selectPins);
  }
  connect(channel: number): number {
    if (!this.dacZero) this.setDacCode(0);
    if (!this.polLow) this.setPolarity(false);
    // EN low (the value's lowest bit, written first), then the select lines, in one call
    digitalWrite(this.selectEnPins, channel << 1);
    const got = digitalRead(this.selectPins);
    if (got === channel) digitalWrite(this.enPin, 1);
    return got;
  }
  setEnable(on: boolean): void {
    digitalWrite(this.enPin, on ? 1 : 0);
  }
  /** MCP4822 command word: channel A, gain 2x (GA = 0), active (SHDN = 1), 12-bit code. */
  setDacCode(code: number): void {
    this.dacWord[0] = 0x10 | ((code >> 8) & 0x0f);
    this.dacWord[1] = code & 0xff;
    this.spi.write(this.dacWord, this.csPin);
    this.dacZero = code === 0;
  }
  setPolarity(negative: boolean): void {
    digitalWrite(this.polPin, negative ? 1 : 0);
    this.polLow = !negative;
  }
  /**
   * With a delay, the gate pulse is one hardware-timed train `digitalPulse(GATE, 0, [delayMs,
   * widthMs])`: the gate (idle low) stays low for the delay, goes high for the width and ends
   * low; Espruino queues each segment on the pin's timer, so the delay needs no timer callback
   * and no JS loop. `digitalPulse(GATE, 1, 0)` waits until it is over.
   */
  pulse(code: number, negative: boolean, widthUs: number, delayMs: number): number {
    const w = this.dacWord;
    // the line is low between pulses: only a negative pulse needs it written (and back after)
    if (negative || !this.polLow) digitalWrite(this.polPin, negative ? 1 : 0);
    // not known to be idle until the pulse is over (an interrupted pulse: the next connect writes both)
    this.dacZero = this.polLow = false;
    // the MCP4822 word (setDacCode's): a code below 4096 needs no mask, and a typed array keeps
    // the low byte of what it is given
    w[0] = 0x10 | (code >> 8);
    w[1] = code;
    this.spi.write(w, this.csPin);
    if (delayMs > 0) {
      const t = this.train;
      t[0] = delayMs;
      t[1] = widthUs / 1000;
      digitalPulse(this.gatePin, 0, t);
    } else digitalPulse(this.gatePin, 1, widthUs / 1000);
    digitalPulse(this.gatePin, 1, 0);
    this.spi.write(this.dacIdle, this.csPin);
    if (negative) digitalWrite(this.polPin, 0);
    this.dacZero = this.polLow = true;
    return getTime() * 1000;
  }
  /**
   * RESET then SET in one call: the gate is idle low between the two trains, so the DAC (and the
   * polarity, when it changes) is written once per pulse and zeroed once at the end. As in
   * `pulse`, the DAC words are written without masks, and each field is read where it is used
   * (a local costs the interpreter a statement; a field read, hardly more than a local's).
   */
  pulsePair(first: number, second: number, widthUs: number, delayMs: number, gapMs: number): number {
    const w = this.dacWord;
    const t = this.train;
    const n1 = first < 0;
    const n2 = second < 0;
    if (n1 || !this.polLow) digitalWrite(this.polPin, n1 ? 1 : 0);
    this.dacZero = this.polLow = false;
    let c = n1 ? -first : first;
    w[0] = 0x10 | (c >> 8);
    w[1] = c;
    this.spi.write(w, this.csPin);
    t[1] = widthUs / 1000;
    if (delayMs > 0) {
      t[0] = delayMs;
      digitalPulse(this.gatePin, 0, t);
    } else digitalPulse(this.gatePin, 1, t[1]);
    digitalPulse(this.gatePin, 1, 0);
    if (n2 !== n1) digitalWrite(this.polPin, n2 ? 1 : 0);
    c = n2 ? -second : second;
    w[0] = 0x10 | (c >> 8);
    w[1] = c;
    this.spi.write(w, this.csPin);
    if (gapMs > 0) {
      t[0] = gapMs;
      digitalPulse(this.gatePin, 0, t);
    } else digitalPulse(this.gatePin, 1, t[1]);
    digitalPulse(this.gatePin, 1, 0);
    this.spi.write(this.dacIdle, this.csPin);
    if (n2) digitalWrite(this.polPin, 0);
    this.dacZero = this.polLow = true;
    return getTime() * 1000;
  }
  /** Rounded half up as `+ 0.5 | 0` (Math.round for a reading ≥ 0, without its native call). */
  readAdcCounts(): number {
    return (analogRead(this.adcPin) * this.adcMax + 0.5) | 0;
  }
  /**
   * The readings summed as analogRead gives them (fractions of full scale), scaled to counts and
   * rounded once (half up, as readAdcCounts): a statement per sample fewer than rounding each,
   * and for readings that are whole counts (the twin, the target double) the same sum.
   */
  readAdcSum(samples: number): number {
    const pin = this.adcPin;
    // the default count in one expression (a loop's own statements cost a Pico as much as readings)
    if (samples === 4) return ((analogRead(pin) + analogRead(pin) + analogRead(pin) + analogRead(pin)) * this.adcMax + 0.5) | 0;
    let sum = 0;
    for (let i = samples; i > 0; i--) sum += analogRead(pin);
    return (sum * this.adcMax + 0.5) | 0;
  }
  nowMs(): number {
    return getTime() * 1000;
  }
  setInterval(callback: () => void, periodMs: number): number {
    return setInterval(callback, periodMs) as unknown as number;
  }
  clearInterval(id: number): void {
    clearInterval(id as unknown as ReturnType<typeof setInterval>);
  }
  storageRead(name: string, out: Uint8Array): number {
    const s = this.storage.read(name);
    if (s === undefined) return -1;
    const n = s.length < out.length ? s.length : out.length;
    for (let i = 0; i < n; i++) out[i] = s.charCodeAt(i);
    return s.length;
  }
  /** false when it could not be written: Espruino throws "Unable to find or create file" when Storage is full. */
  storageWrite(name: string, data: Uint8Array, length: number): boolean {
    try {
      return this.storage.write(name, E.toString(data.subarray(0, length)));
    } catch (e) {
      return false;
    }
  }
  onLinkData(callback: (bytes: Uint8Array, length: number) => void): void {
    this.receiver = callback;
  }
  linkWrite(bytes: Uint8Array, length: number): void {
    this.link.write(bytes.subarray(0, length));
  }
  watchdogStart(timeoutS: number): void {
    E.enableWatchdog(timeoutS, false);
  }
  watchdogKick(): void {
    E.kickWatchdog();
  }
  /** Moves the console to LoopbackA so the link carries only frames, and listens to it. */
  claimLink(): void {
    const self = this;
    LoopbackA.setConsole(true);
    this.link.removeAllListeners('data');
    // the link's bytes as one native copy (E.toUint8Array), not a JS statement per byte, handed
    // straight to the receiver (no method between: each call level costs a Pico ≈ 8 variables)
    this.link.on('data', function (data: string) {
      const recv = self.receiver;
      if (recv === undefined) return;
      const bytes = E.toUint8Array(data);
      recv(bytes, bytes.length);
    });
  }
  releaseLink(): void {
    this.link.removeAllListeners('data');
    this.link.setConsole(true);
  }

}

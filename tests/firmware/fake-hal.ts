/**
 * A fake Hal for dispatcher unit tests: time from the tests' manual clock (the shared Clock,
 * tests/manual-clock.ts), a scripted ADC, in-memory storage, and a log of every output call (so
 * tests can check the order the firmware drives the pins in). `advance(ms)` runs due timers in
 * order.
 */
import type { Hal } from '../../firmware/hal';
import { ManualClock } from '../manual-clock';

export class FakeHal implements Hal {
  readonly clock = new ManualClock();
  readonly log: string[] = [];
  logging = true;
  bus = 0;
  enabled = false;
  dacCode = 0;
  negative = false;
  gatePulses = 0;
  /** ADC counts returned by readAdcCounts (a function of time, for settling tests). */
  adc: (nowMs: number) => number = () => 2048;
  readonly files = new Map<string, Uint8Array>();
  readonly sent: Uint8Array[] = [];
  sentBytes = 0;
  keepSent = true;
  receiver: ((bytes: Uint8Array, length: number) => void) | undefined;
  kicks = 0;

  selectWrite(channel: number): void {
    this.bus = channel;
    if (this.logging) this.log.push(`select ${channel}`);
  }
  selectRead(): number {
    return this.bus;
  }
  connect(channel: number): number {
    this.setDacCode(0);
    this.setPolarity(false);
    this.setEnable(false);
    this.selectWrite(channel);
    const got = this.selectRead();
    if (got === channel) this.setEnable(true);
    return got;
  }
  setEnable(on: boolean): void {
    this.enabled = on;
    if (this.logging) this.log.push(`en ${on ? 1 : 0}`);
  }
  setDacCode(code: number): void {
    this.dacCode = code;
    if (this.logging) this.log.push(`dac ${code}`);
  }
  setPolarity(negative: boolean): void {
    this.negative = negative;
    if (this.logging) this.log.push(`pol ${negative ? 1 : 0}`);
  }
  /** The hardware-timed delay blocks: the clock moves on by it (timers due meanwhile run later). */
  pulse(code: number, negative: boolean, widthUs: number, delayMs: number): number {
    this.gate(code, negative, widthUs, delayMs);
    return this.idle();
  }
  /** The same as two pulse calls, the second `gapMs` after the first, without the DAC and polarity reset between. */
  pulsePair(first: number, second: number, widthUs: number, delayMs: number, gapMs: number): number {
    this.gate(Math.abs(first), first < 0, widthUs, delayMs);
    this.gate(Math.abs(second), second < 0, widthUs, gapMs);
    return this.idle();
  }
  /** Polarity and DAC set, then one gate pulse `delayMs` from now (logged with what it drove, the delay in whole µs). */
  private gate(code: number, negative: boolean, widthUs: number, delayMs: number): void {
    this.setPolarity(negative);
    this.setDacCode(code);
    this.gatePulses++;
    this.clock.busy(delayMs);
    const delayUs = Math.round(delayMs * 1000);
    if (this.logging) this.log.push(`gate ${widthUs}${delayUs > 0 ? ` after ${delayUs}` : ''} dac=${this.dacCode} pol=${this.negative ? 1 : 0} en=${this.enabled ? 1 : 0} ch=${this.bus}`);
  }
  /** DAC 0 and polarity positive after a pulse; the time then. */
  private idle(): number {
    this.setDacCode(0);
    this.setPolarity(false);
    return this.clock.nowMs();
  }
  readAdcCounts(): number {
    return this.adc(this.clock.nowMs());
  }
  readAdcSum(samples: number): number {
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += this.readAdcCounts();
    return sum;
  }
  /** Time now (ms), as the firmware sees it. */
  get nowValue(): number {
    return this.clock.nowMs();
  }
  nowMs(): number {
    return this.clock.nowMs();
  }
  setTimeout(cb: () => void, delayMs: number): number {
    return this.clock.setTimer(cb, delayMs);
  }
  setInterval(cb: () => void, periodMs: number): number {
    return this.clock.setTimer(cb, periodMs, periodMs);
  }
  clearInterval(id: number): void {
    this.clock.clearTimer(id);
  }
  storageRead(name: string, out: Uint8Array): number {
    const f = this.files.get(name);
    if (f === undefined) return -1;
    out.set(f.subarray(0, Math.min(f.length, out.length)));
    return f.length;
  }
  storageWrite(name: string, data: Uint8Array, length: number): boolean {
    this.files.set(name, data.slice(0, length));
    return true;
  }
  onLinkData(cb: (bytes: Uint8Array, length: number) => void): void {
    this.receiver = cb;
  }
  linkWrite(bytes: Uint8Array, length: number): void {
    this.sentBytes += length;
    if (this.keepSent) this.sent.push(bytes.slice(0, length));
  }
  watchdogStart(): void {
    if (this.logging) this.log.push('watchdog');
  }
  watchdogKick(): void {
    this.kicks++;
  }
  claimLink(): void {
    this.linkReleased = false;
    if (this.logging) this.log.push('claim');
  }
  /** The Hal contract: no link data reaches the receiver from here until claimLink. */
  private linkReleased = false;
  releaseLink(): void {
    this.linkReleased = true;
    if (this.logging) this.log.push('release');
  }

  /** Host → board bytes. */
  receive(bytes: Uint8Array): void {
    if (!this.linkReleased) (this.receiver as (b: Uint8Array, n: number) => void)(bytes, bytes.length);
  }

  /** Moves time on by `ms`, running due timers in time order. */
  advance(ms: number): void {
    this.clock.advance(ms);
  }

  /** Runs one-shot timers until none is pending (an op's waits), intervals firing on the way. */
  runOneShots(limitMs = 1e7): void {
    this.clock.runOneShots(limitMs);
  }
}

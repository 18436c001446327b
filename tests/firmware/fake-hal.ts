/**
 * A fake Hal for dispatcher unit tests: a manual clock with its own timer list, a scripted ADC,
 * in-memory storage, and a log of every output call (so tests can check the order the firmware
 * drives the pins in). `advance(ms)` runs due timers in order.
 */
import type { Hal } from '../../firmware/hal';

export class FakeHal implements Hal {
  nowValue = 0;
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
  // timers in fixed slots, so the fake itself allocates nothing per timer (allocation test)
  private static readonly SLOTS = 32;
  private readonly tIds = new Int32Array(FakeHal.SLOTS);
  private readonly tAt = new Float64Array(FakeHal.SLOTS);
  private readonly tPeriod = new Float64Array(FakeHal.SLOTS);
  private readonly tCb: ((() => void) | undefined)[] = new Array(FakeHal.SLOTS).fill(undefined);
  private nextId = 1;
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
  pulse(code: number, negative: boolean, widthUs: number, delayUs: number): void {
    this.setPolarity(negative);
    this.setDacCode(code);
    this.gatePulses++;
    this.nowValue += delayUs / 1000;
    if (this.logging) this.log.push(`gate ${widthUs}${delayUs > 0 ? ` after ${delayUs}` : ''} dac=${this.dacCode} pol=${this.negative ? 1 : 0} en=${this.enabled ? 1 : 0} ch=${this.bus}`);
    this.setDacCode(0);
    this.setPolarity(false);
  }
  readAdcCounts(): number {
    return this.adc(this.nowValue);
  }
  readAdcSum(samples: number): number {
    let sum = 0;
    for (let i = 0; i < samples; i++) sum += this.readAdcCounts();
    return sum;
  }
  nowMs(): number {
    return this.nowValue;
  }
  private addTimer(cb: () => void, at: number, period: number): number {
    for (let i = 0; i < FakeHal.SLOTS; i++) {
      if (this.tCb[i] === undefined) {
        const id = this.nextId++;
        this.tIds[i] = id;
        this.tAt[i] = at;
        this.tPeriod[i] = period;
        this.tCb[i] = cb;
        return id;
      }
    }
    throw new Error('FakeHal: out of timer slots');
  }
  setTimeout(cb: () => void, delayMs: number): number {
    return this.addTimer(cb, this.nowValue + delayMs, 0);
  }
  private dropTimer(id: number): void {
    for (let i = 0; i < FakeHal.SLOTS; i++) if (this.tCb[i] !== undefined && this.tIds[i] === id) this.tCb[i] = undefined;
  }
  setInterval(cb: () => void, periodMs: number): number {
    return this.addTimer(cb, this.nowValue + periodMs, periodMs);
  }
  clearInterval(id: number): void {
    this.dropTimer(id);
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
    if (this.logging) this.log.push('claim');
  }
  releaseLink(): void {
    if (this.logging) this.log.push('release');
  }

  /** Host → board bytes. */
  receive(bytes: Uint8Array): void {
    (this.receiver as (b: Uint8Array, n: number) => void)(bytes, bytes.length);
  }

  /** Slot of the earliest timer due by `end` (one-shots only when `oneShotsOnly`), or −1. */
  private earliest(end: number, oneShotsOnly: boolean): number {
    let best = -1;
    for (let i = 0; i < FakeHal.SLOTS; i++) {
      if (this.tCb[i] === undefined || this.tAt[i] > end || (oneShotsOnly && this.tPeriod[i] > 0)) continue;
      if (best < 0 || this.tAt[i] < this.tAt[best]) best = i;
    }
    return best;
  }

  /** Moves time on by `ms`, running due timers in time order. */
  advance(ms: number): void {
    const end = this.nowValue + ms;
    for (;;) {
      const i = this.earliest(end, false);
      if (i < 0) break;
      const cb = this.tCb[i] as () => void;
      if (this.tAt[i] > this.nowValue) this.nowValue = this.tAt[i];
      if (this.tPeriod[i] > 0) this.tAt[i] += this.tPeriod[i];
      else this.tCb[i] = undefined;
      cb();
    }
    if (end > this.nowValue) this.nowValue = end;
  }

  /** Runs one-shot timers until none is pending (an op's waits), intervals firing on the way. */
  runOneShots(limitMs = 1e7): void {
    const start = this.nowValue;
    for (;;) {
      const i = this.earliest(Infinity, true);
      if (i < 0 || this.nowValue - start > limitMs) return;
      this.advance(this.tAt[i] > this.nowValue ? this.tAt[i] - this.nowValue : 0);
    }
  }
}

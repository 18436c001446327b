/**
 * The tests' virtual clock: the shared `Clock` (protocol/clock.ts) plus repeating timers, moved
 * only by the test (`advance`, `busy`, `runOneShots`). Injected into the host client
 * (`Board.connect(t, { clock })`) and behind the firmware's fake HAL, so no test sleeps.
 *
 * Timers fire in due-time order, ties in creation order, a repeating timer re-queued with a
 * fresh order (the twin's TimerQueue rule). They live in slots that grow only when full, so
 * setting a timer allocates nothing (the firmware's allocation test runs on it).
 */
import type { Clock } from '../protocol/clock';

export class ManualClock implements Clock {
  private now: number;
  private ids: Float64Array = new Float64Array(32);
  private dueMs: Float64Array = new Float64Array(32);
  private order: Float64Array = new Float64Array(32);
  private periodMs: Float64Array = new Float64Array(32);
  private callbacks: ((() => void) | undefined)[] = new Array<(() => void) | undefined>(32).fill(undefined);
  private nextId = 1;
  private nextOrder = 1;

  constructor(startMs = 0) {
    this.now = startMs;
  }

  nowMs(): number {
    return this.now;
  }

  /** One-shot timer, or with `repeatMs` > 0 a repeating one (first after `delayMs`). */
  setTimer(callback: () => void, delayMs: number, repeatMs = 0): number {
    const slot = this.freeSlot();
    const id = this.nextId++;
    this.ids[slot] = id;
    this.dueMs[slot] = this.now + (Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0);
    this.order[slot] = this.nextOrder++;
    this.periodMs[slot] = repeatMs > 0 ? repeatMs : 0;
    this.callbacks[slot] = callback;
    return id;
  }

  clearTimer(id: unknown): void {
    if (typeof id !== 'number') return;
    for (let i = 0; i < this.callbacks.length; i++) if (this.callbacks[i] !== undefined && this.ids[i] === id) this.callbacks[i] = undefined;
  }

  /** Pending timers (one-shots only when `oneShotsOnly`). */
  pending(oneShotsOnly = false): number {
    let n = 0;
    for (let i = 0; i < this.callbacks.length; i++) if (this.callbacks[i] !== undefined && !(oneShotsOnly && this.periodMs[i] > 0)) n++;
    return n;
  }

  /** Moves time on by `ms`, firing every timer due by then in order (time stands at each one's due time while it runs). */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const i = this.earliest(end, false);
      if (i < 0) break;
      this.fire(i);
    }
    if (end > this.now) this.now = end;
  }

  /** Time moves on by `ms` without firing anything (blocking work); what fell due fires at the next `advance`. */
  busy(ms: number): void {
    if (ms > 0) this.now += ms;
  }

  /** Fires one-shot timers (and intervals due on the way) until none is pending, or `limitMs` has passed. */
  runOneShots(limitMs = 1e7): void {
    const start = this.now;
    for (;;) {
      const i = this.earliest(Infinity, true);
      if (i < 0 || this.now - start > limitMs) return;
      this.advance(this.dueMs[i] > this.now ? this.dueMs[i] - this.now : 0);
    }
  }

  private fire(i: number): void {
    const callback = this.callbacks[i] as () => void;
    if (this.dueMs[i] > this.now) this.now = this.dueMs[i];
    if (this.periodMs[i] > 0) {
      this.dueMs[i] += this.periodMs[i];
      this.order[i] = this.nextOrder++;
    } else {
      this.callbacks[i] = undefined;
    }
    callback();
  }

  /** Slot of the earliest timer due by `endMs` (ties: creation order), or −1. */
  private earliest(endMs: number, oneShotsOnly: boolean): number {
    let best = -1;
    for (let i = 0; i < this.callbacks.length; i++) {
      if (this.callbacks[i] === undefined || this.dueMs[i] > endMs || (oneShotsOnly && this.periodMs[i] > 0)) continue;
      if (best < 0 || this.dueMs[i] < this.dueMs[best] || (this.dueMs[i] === this.dueMs[best] && this.order[i] < this.order[best])) best = i;
    }
    return best;
  }

  private freeSlot(): number {
    const n = this.callbacks.length;
    for (let i = 0; i < n; i++) if (this.callbacks[i] === undefined) return i;
    const grow = (a: Float64Array): Float64Array => {
      const b = new Float64Array(2 * n);
      b.set(a);
      return b;
    };
    this.ids = grow(this.ids);
    this.dueMs = grow(this.dueMs);
    this.order = grow(this.order);
    this.periodMs = grow(this.periodMs);
    for (let i = 0; i < n; i++) this.callbacks.push(undefined);
    return n;
  }
}

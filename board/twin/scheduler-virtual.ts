/**
 * Virtual time for the twin and the firmware running on it.
 *
 * - While any one-shot timer is pending, time fast-forwards: a setImmediate pump fires the
 *   earliest timer, jumps virtual time to its due time, and yields to the Node event loop
 *   before the next one, so host I/O (link bytes) interleaves with the firmware's timers.
 *   A 2 s settle costs microseconds of wall time.
 * - While only repeating timers (or none) are pending, virtual time follows wall time 1:1
 *   (heartbeats and link timeouts work when the board is idle). With `idle: 'frozen'` it
 *   stands still instead (deterministic scripts that step time only with `advance`).
 * - `advance(ms)` runs every timer due up to nowMs() + ms synchronously (tests, scripts).
 * Timers fire in due-time order, ties in creation order (TimerQueue).
 */
import type { TwinScheduler } from '../twin-api';
import { TwinError } from './errors';
import { TimerQueue, sanitizeDelayMs } from './timer-queue';

/** Shortest repeat interval (Espruino's timer resolution, 1 µs); shorter ones are raised to it. */
export const MIN_REPEAT_MS = 0.001;

export interface VirtualSchedulerOptions {
  /** Virtual time at start (a loaded state file continues its clock). */
  startMs?: number;
  /** What time does while no one-shot timer is pending: follow the wall clock (default) or stand still. */
  idle?: 'wall' | 'frozen';
  /** Called with an error thrown by a timer callback fired by the pump. Default: rethrown outside the pump (uncaught, as in Node). */
  onError?: (error: unknown) => void;
  /** Wall clock in ms (injectable for tests). */
  wallNowMs?: () => number;
}

export class VirtualScheduler implements TwinScheduler {
  readonly virtual = true;
  private readonly queue = new TimerQueue();
  private readonly idle: 'wall' | 'frozen';
  private readonly onError: (error: unknown) => void;
  private readonly wallNowMs: () => number;
  /** Virtual time at `wallAnchorMs`; while following the wall, now = anchor + (wall − wallAnchor). */
  private virtualAnchorMs: number;
  private wallAnchorMs: number;
  private following: boolean;
  private pumpScheduled = false;
  private wallTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  private advancing = false;

  constructor(options: VirtualSchedulerOptions = {}) {
    this.idle = options.idle ?? 'wall';
    this.onError =
      options.onError ??
      ((error: unknown) => {
        setImmediate(() => {
          throw error;
        });
      });
    this.wallNowMs = options.wallNowMs ?? (() => performance.now());
    this.virtualAnchorMs = options.startMs ?? 0;
    this.wallAnchorMs = this.wallNowMs();
    this.following = this.idle === 'wall';
  }

  nowMs(): number {
    if (!this.following) return this.virtualAnchorMs;
    return this.virtualAnchorMs + (this.wallNowMs() - this.wallAnchorMs);
  }

  setTimer(callback: () => void, delayMs: number, repeatMs?: number): number {
    if (this.disposed) throw new TwinError('disposed', 'scheduler is disposed');
    const repeat = repeatMs !== undefined && repeatMs > 0 ? Math.max(repeatMs, MIN_REPEAT_MS) : 0;
    const id = this.queue.add(callback, this.nowMs() + sanitizeDelayMs(delayMs), repeat);
    this.reconsider();
    return id;
  }

  clearTimer(id: number): void {
    this.queue.clear(id);
    this.reconsider();
  }

  advance(ms: number): void {
    if (this.disposed) throw new TwinError('disposed', 'scheduler is disposed');
    if (!(ms >= 0)) throw new TwinError('bad-value', `advance(ms): ms must be >= 0, got ${ms}`);
    const targetMs = this.nowMs() + ms;
    this.freezeAt(this.nowMs());
    const wasAdvancing = this.advancing;
    this.advancing = true;
    try {
      for (;;) {
        const next = this.queue.peek();
        if (next === undefined || next.dueMs > targetMs || this.disposed) break;
        this.fireNext();
      }
    } finally {
      this.advancing = wasAdvancing;
    }
    if (this.disposed) return;
    if (targetMs > this.virtualAnchorMs) this.virtualAnchorMs = targetMs;
    this.reconsider();
  }

  /** Runs the pump to completion: resolves once no one-shot timer is pending (for scripts). */
  async idleOneShots(): Promise<void> {
    while (this.queue.pendingOneShots > 0 && !this.disposed) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clearAll();
    if (this.wallTimer !== undefined) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
  }

  /** Pops the earliest timer, moves time to it, runs it. Errors propagate to the caller. */
  private fireNext(): void {
    const entry = this.queue.takeNext();
    if (entry === undefined) return;
    if (entry.firedDueMs > this.virtualAnchorMs) this.virtualAnchorMs = entry.firedDueMs;
    entry.callback();
  }

  private freezeAt(nowMs: number): void {
    this.virtualAnchorMs = nowMs;
    this.wallAnchorMs = this.wallNowMs();
    this.following = false;
  }

  /** Chooses the mode after any change: fast-forward pump, or wall-following with a wall timer. */
  private reconsider(): void {
    if (this.disposed || this.advancing) return;
    if (this.queue.pendingOneShots > 0) {
      if (this.following) this.freezeAt(this.nowMs());
      if (this.wallTimer !== undefined) {
        clearTimeout(this.wallTimer);
        this.wallTimer = undefined;
      }
      if (!this.pumpScheduled) {
        this.pumpScheduled = true;
        setImmediate(this.pump);
      }
      return;
    }
    if (this.idle === 'wall' && !this.following) {
      this.virtualAnchorMs = this.nowMs();
      this.wallAnchorMs = this.wallNowMs();
      this.following = true;
    }
    this.armWallTimer();
  }

  private armWallTimer(): void {
    if (this.wallTimer !== undefined) {
      clearTimeout(this.wallTimer);
      this.wallTimer = undefined;
    }
    if (!this.following) return;
    const next = this.queue.peek();
    if (next === undefined) return;
    const waitMs = Math.max(0, next.dueMs - this.nowMs());
    this.wallTimer = setTimeout(this.onWallTimer, waitMs);
    this.wallTimer.unref();
  }

  private readonly onWallTimer = (): void => {
    this.wallTimer = undefined;
    if (this.disposed) return;
    const next = this.queue.peek();
    if (next !== undefined && next.dueMs <= this.nowMs()) {
      try {
        this.queue.takeNext()?.callback();
      } catch (error) {
        this.onError(error);
      }
    }
    this.reconsider();
  };

  private readonly pump = (): void => {
    this.pumpScheduled = false;
    if (this.disposed || this.queue.pendingOneShots === 0) {
      this.reconsider();
      return;
    }
    try {
      this.fireNext();
    } catch (error) {
      this.onError(error);
    }
    this.reconsider();
  };
}

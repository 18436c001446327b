/**
 * Wall-clock time for interactive use (`nucleon sim --real-time`). Same timer queue and
 * ordering as the virtual scheduler; one Node setTimeout is armed for the earliest timer.
 * `advance` is not possible in real time and throws.
 */
import type { TwinScheduler } from './twin-api';
import { TwinError } from './errors';
import { TimerQueue, sanitizeDelayMs } from './timer-queue';
import { MIN_REPEAT_MS } from './scheduler-virtual';

export interface RealTimeSchedulerOptions {
  /** Time at start (a loaded state file continues its clock). */
  startMs?: number;
  onError?: (error: unknown) => void;
  wallNowMs?: () => number;
}

export class RealTimeScheduler implements TwinScheduler {
  readonly virtual = false;
  private readonly queue = new TimerQueue();
  private readonly wallNowMs: () => number;
  private readonly startWallMs: number;
  private readonly onError: (error: unknown) => void;
  private wallTimer: NodeJS.Timeout | undefined;
  private disposed = false;

  constructor(options: RealTimeSchedulerOptions = {}) {
    this.wallNowMs = options.wallNowMs ?? (() => performance.now());
    this.startWallMs = this.wallNowMs() - (options.startMs ?? 0);
    this.onError =
      options.onError ??
      ((error: unknown) => {
        setImmediate(() => {
          throw error;
        });
      });
  }

  nowMs(): number {
    return this.wallNowMs() - this.startWallMs;
  }

  setTimer(callback: () => void, delayMs: number, repeatMs?: number): number {
    if (this.disposed) throw new TwinError('DISPOSED', 'scheduler is disposed');
    const repeat = repeatMs !== undefined && repeatMs > 0 ? Math.max(repeatMs, MIN_REPEAT_MS) : 0;
    const id = this.queue.add(callback, this.nowMs() + sanitizeDelayMs(delayMs), repeat);
    this.arm();
    return id;
  }

  clearTimer(id: number): void {
    this.queue.clear(id);
    this.arm();
  }

  busy(): void {
    /* real time passes by itself */
  }

  busyUntil(): void {
    /* real time passes by itself */
  }

  advance(ms: number): void {
    throw new TwinError('NOT_VIRTUAL', `advance(${ms}): the real-time scheduler cannot advance time; use scheduler: 'virtual'`);
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clearAll();
    if (this.wallTimer !== undefined) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
  }

  private arm(): void {
    if (this.wallTimer !== undefined) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
    if (this.disposed) return;
    const next = this.queue.peek();
    if (next === undefined) return;
    this.wallTimer = setTimeout(this.onWallTimer, Math.max(0, next.dueMs - this.nowMs()));
  }

  private readonly onWallTimer = (): void => {
    this.wallTimer = undefined;
    const nowMs = this.nowMs();
    // Fire everything already due, in order; timers added by callbacks for "now" run too.
    for (;;) {
      if (this.disposed) return;
      const next = this.queue.peek();
      if (next === undefined || next.dueMs > nowMs) break;
      try {
        this.queue.takeNext()?.callback();
      } catch (error) {
        this.onError(error);
      }
    }
    this.arm();
  };
}

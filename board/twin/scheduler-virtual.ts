/**
 * Virtual time for the twin and the firmware running on it.
 *
 * - While any one-shot timer is pending, time fast-forwards: a setImmediate pump fires the
 *   earliest timer, jumps virtual time to its due time, and goes on with the next one in the
 *   same turn, until no one-shot is pending, or `yieldWhen()` says someone else has work
 *   (the twin's link has bytes waiting for delivery: the board answered and the host may
 *   send), or the turn has used `batchWallMs` of wall time. Then it yields to the Node event
 *   loop (setImmediate), so host I/O (link bytes) still interleaves with the firmware's
 *   timers: at the latest every `batchWallMs`, and always right after the board wrote to the
 *   host. A 2 s settle costs microseconds of wall time.
 * - While only repeating timers (or none) are pending, virtual time follows wall time 1:1
 *   (heartbeats and link timeouts work when the board is idle). With `idle: 'frozen'` it
 *   stands still instead (deterministic scripts that step time only with `advance`).
 * - `advance(ms)` runs every timer due up to nowMs() + ms synchronously (tests, scripts).
 * Timers fire in due-time order, ties in creation order (TimerQueue).
 */
import type { TwinScheduler } from './twin-api';
import { TwinError } from './errors';
import { TimerQueue, sanitizeDelayMs, type TimerQueueState, type TimerState } from './timer-queue';

/** Virtual time and the pending (repeating) timers of an idle board. */
export interface SchedulerState {
  nowMs: number;
  queue: TimerQueueState;
}

function periods(timers: readonly { repeatMs: number }[]): string {
  return timers.length === 0 ? 'none' : timers.map((t) => (t.repeatMs > 0 ? `every ${t.repeatMs} ms` : 'one-shot')).join(', ');
}

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
  /**
   * Asked by the pump after each timer it fires: true ends the turn and yields to the event
   * loop (the twin passes "the link has bytes waiting for delivery"). Default: never.
   */
  yieldWhen?: () => boolean;
  /** Wall time one pump turn may run timers before it yields anyway (default PUMP_TURN_WALL_MS). */
  batchWallMs?: number;
}

/** Default wall-time budget of one pump turn: I/O and host timers wait at most about this long. */
export const PUMP_TURN_WALL_MS = 4;

export class VirtualScheduler implements TwinScheduler {
  readonly virtual = true;
  private readonly queue = new TimerQueue();
  private readonly idle: 'wall' | 'frozen';
  private readonly onError: (error: unknown) => void;
  private readonly wallNowMs: () => number;
  private yieldWhen: () => boolean;
  private readonly batchWallMs: number;
  /** Virtual time at `wallAnchorMs`; while following the wall, now = anchor + (wall − wallAnchor). */
  private virtualAnchorMs: number;
  private wallAnchorMs: number;
  private following: boolean;
  private pumpScheduled = false;
  /** A setImmediate is queued to run timers that are already due while following the wall. */
  private dueScheduled = false;
  private wallTimer: NodeJS.Timeout | undefined;
  /** Wall time the armed wall timer fires at (re-armed only when that changes). */
  private wallTimerAtMs = Number.NaN;
  /** Inside a pump turn: mode changes wait until the turn ends (no wall timer churn per timer). */
  private inTurn = false;
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
    this.yieldWhen = options.yieldWhen ?? (() => false);
    this.batchWallMs = options.batchWallMs ?? PUMP_TURN_WALL_MS;
    this.virtualAnchorMs = options.startMs ?? 0;
    this.wallAnchorMs = this.wallNowMs();
    this.following = this.idle === 'wall';
  }

  nowMs(): number {
    if (!this.following) return this.virtualAnchorMs;
    return this.virtualAnchorMs + (this.wallNowMs() - this.wallAnchorMs);
  }

  setTimer(callback: () => void, delayMs: number, repeatMs?: number): number {
    if (this.disposed) throw new TwinError('DISPOSED', 'scheduler is disposed');
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
    if (this.disposed) throw new TwinError('DISPOSED', 'scheduler is disposed');
    if (!(ms >= 0)) throw new TwinError('BAD_VALUE', `advance(ms): ms must be >= 0, got ${ms}`);
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

  busy(ms: number): void {
    if (!(ms > 0) || this.disposed) return;
    this.virtualAnchorMs += ms;
    this.reconsider();
  }

  busyUntil(targetMs: number): void {
    if (this.disposed) return;
    // while following the wall, now = anchor + (wall − wallAnchor), summed in floating point:
    // moving the anchor by (target − now) can leave now an ulp or two short of the target
    for (let i = 0; i < 8; i++) {
      const shortMs = targetMs - this.nowMs();
      if (!(shortMs > 0)) break;
      this.virtualAnchorMs += Math.max(shortMs, Math.max(Math.abs(this.virtualAnchorMs), Math.abs(targetMs)) * Number.EPSILON * 2);
    }
    this.reconsider();
  }

  /** Runs the pump to completion: resolves once no one-shot timer is pending (for scripts). */
  async idleOneShots(): Promise<void> {
    while (this.queue.pendingOneShots > 0 && !this.disposed) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /** Sets the pump's yield test (the twin wires its link in after both exist). */
  /**
   * Virtual time and the pending timers. Only an idle board can be saved: a one-shot timer is
   * work in progress whose callback no state file can carry (TwinError 'BAD_STATE_FILE').
   */
  saveState(): SchedulerState {
    if (this.queue.pendingOneShots > 0) {
      throw new TwinError('BAD_STATE_FILE', `the board is busy (${this.queue.pendingOneShots} one-shot timer(s) pending): its state can be saved only between requests`);
    }
    return { nowMs: this.nowMs(), queue: this.queue.saveState() };
  }

  /**
   * Continues a saved board on this scheduler, whose timers belong to a freshly booted program
   * (the same firmware): each pending timer here stands for the saved one with the same period
   * (in id order) and takes its id, due time and tie order; time jumps to the saved time.
   * Returns running id → saved id, so the program's own references can follow.
   */
  restoreState(state: SchedulerState): Map<number, number> {
    const running = this.queue.pending();
    const saved = state.queue.timers;
    const mismatch = (): never => {
      throw new TwinError('BAD_STATE_FILE', `the saved board had timers ${periods(saved)} pending, the booted firmware has ${periods(running)}: not the same firmware state`);
    };
    if (running.length !== saved.length || saved.some((t) => t.repeatMs <= 0)) mismatch();
    const byPeriod = new Map<number, TimerState[]>();
    for (const t of saved) byPeriod.set(t.repeatMs, [...(byPeriod.get(t.repeatMs) ?? []), t]);
    const ids = new Map<number, number>();
    const callbacks = new Map<number, () => void>();
    for (const entry of running) {
      const t = byPeriod.get(entry.repeatMs)?.shift();
      if (t === undefined) return mismatch();
      ids.set(entry.id, t.id);
      callbacks.set(t.id, entry.callback);
    }
    this.queue.loadState(state.queue, (t) => callbacks.get(t.id) as () => void);
    this.virtualAnchorMs = state.nowMs;
    this.wallAnchorMs = this.wallNowMs();
    this.clearWallTimer();
    this.reconsider();
    return ids;
  }

  setYieldWhen(yieldWhen: () => boolean): void {
    this.yieldWhen = yieldWhen;
  }

  dispose(): void {
    this.disposed = true;
    this.queue.clearAll();
    this.clearWallTimer();
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
    if (this.disposed || this.advancing || this.inTurn) return;
    if (this.queue.pendingOneShots > 0) {
      if (this.following) this.freezeAt(this.nowMs());
      // An armed wall timer stays: it does nothing while the pump owns time (onWallTimer).
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
    const next = this.following ? this.queue.peek() : undefined;
    if (next === undefined) {
      this.clearWallTimer();
      return;
    }
    if (next.dueMs <= this.nowMs()) {
      // Already due: interpreter time (busy) moved virtual time past it. It runs right after
      // the code running now, as Espruino runs a timer that fell due during busy JS — not on a
      // wall timer ≥ 1 ms away, while a host sending back to back adds ≈ 285 ms of device time
      // per request: that let the firmware's 250 ms housekeeping fall seconds behind until the
      // watchdog reset the board (a paced 300 µs sweep is ≈ 800 requests).
      if (!this.dueScheduled) {
        this.dueScheduled = true;
        setImmediate(this.onDue);
      }
      return;
    }
    const wallNowMs = this.wallNowMs();
    const atMs = wallNowMs + (next.dueMs - this.nowMs());
    // An armed timer that fires no later than this target (within Node's 1 ms resolution)
    // stays: it runs what is due and re-arms.
    if (this.wallTimer !== undefined && this.wallTimerAtMs < atMs + 1) return;
    this.clearWallTimer();
    this.wallTimerAtMs = atMs;
    this.wallTimer = setTimeout(this.onWallTimer, atMs - wallNowMs);
    this.wallTimer.unref();
  }

  private clearWallTimer(): void {
    if (this.wallTimer !== undefined) clearTimeout(this.wallTimer);
    this.wallTimer = undefined;
    this.wallTimerAtMs = Number.NaN;
  }

  private readonly onWallTimer = (): void => {
    this.wallTimer = undefined;
    this.wallTimerAtMs = Number.NaN;
    this.runDue();
  };

  private readonly onDue = (): void => {
    this.dueScheduled = false;
    this.runDue();
  };

  /** While following the wall: fires every timer that is due, in order, then reconsiders. */
  private runDue(): void {
    if (this.disposed) return;
    if (!this.following) {
      // The pump owns time (a one-shot is pending, or `advance` froze it): it fires what is due.
      this.reconsider();
      return;
    }
    // A callback that sets a one-shot hands time to the pump, which fires the rest in order.
    const endWallMs = this.wallNowMs() + this.batchWallMs;
    this.inTurn = true;
    try {
      for (;;) {
        const next = this.queue.peek();
        if (next === undefined || next.dueMs > this.nowMs() || this.disposed) break;
        try {
          this.queue.takeNext()?.callback();
        } catch (error) {
          this.onError(error);
        }
        if (this.queue.pendingOneShots > 0 || this.wallNowMs() >= endWallMs) break;
      }
    } finally {
      this.inTurn = false;
    }
    this.reconsider();
  }

  /**
   * One pump turn: fires timers in order while a one-shot is pending, at least one, then stops
   * when `yieldWhen()` is true or the turn's wall budget is used up; then reconsiders the mode
   * once (setImmediate for the next turn, or wall-following).
   */
  private readonly pump = (): void => {
    this.pumpScheduled = false;
    if (this.disposed || this.queue.pendingOneShots === 0) {
      this.reconsider();
      return;
    }
    const endWallMs = this.wallNowMs() + this.batchWallMs;
    this.inTurn = true;
    try {
      do {
        try {
          this.fireNext();
        } catch (error) {
          this.onError(error);
        }
      } while (!this.disposed && this.queue.pendingOneShots > 0 && !this.yieldWhen() && this.wallNowMs() < endWallMs);
    } finally {
      this.inTurn = false;
    }
    this.reconsider();
  };
}

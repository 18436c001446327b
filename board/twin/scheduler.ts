/**
 * Time for the twin and for the firmware running on it. Every model and the Espruino
 * surface read time and set timers only through this interface (STYLE §7).
 *
 * Implementations (board/twin/): a virtual scheduler (fast-forwards to the next one-shot
 * timer while any is pending, follows wall time at 1:1 while only intervals are pending)
 * and a real-time one. Times are milliseconds as floats.
 *
 * It is the shared `Clock` (protocol/clock.ts) with numeric ids and repeating timers.
 */
import type { Clock } from '../../protocol/clock';

export interface Scheduler extends Clock {
  /** Current time in ms since the scheduler started (virtual or real). */
  nowMs(): number;
  /** Calls `callback` after `delayMs`; with `repeatMs` > 0 again every `repeatMs`. Returns an id > 0. */
  setTimer(callback: () => void, delayMs: number, repeatMs?: number): number;
  clearTimer(id: number): void;
}

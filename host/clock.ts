/**
 * Wall-clock timers for the host (timeouts, heartbeat, reconnects), behind the one clock
 * interface (`protocol/clock.ts`) so tests inject a manual clock and run in virtual time.
 * Timers never keep the process alive on their own.
 */
import type { Clock } from '../protocol/clock';

export type { Clock } from '../protocol/clock';

export const realClock: Clock = {
  nowMs: () => performance.now(),
  setTimer(callback, delayMs) {
    const t = setTimeout(callback, delayMs);
    t.unref();
    return t;
  },
  clearTimer(id) {
    if (id !== null && id !== undefined) clearTimeout(id as ReturnType<typeof setTimeout>);
  },
};

/**
 * Wall-clock timers for the host (timeouts, heartbeat), injected so tests can substitute a
 * manual clock. Timers never keep the process alive on their own.
 */
export interface Clock {
  nowMs(): number;
  setTimer(callback: () => void, delayMs: number): unknown;
  clearTimer(handle: unknown): void;
}

export const realClock: Clock = {
  nowMs: () => performance.now(),
  setTimer(callback, delayMs) {
    const t = setTimeout(callback, delayMs);
    t.unref();
    return t;
  },
  clearTimer(handle) {
    clearTimeout(handle as ReturnType<typeof setTimeout>);
  },
};

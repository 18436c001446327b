/**
 * The one clock interface (STYLE §7): all time goes through it, injected. Implemented by the
 * host's wall clock (`host/clock.ts` realClock), the twin's schedulers (`board/twin/scheduler.ts`
 * extends it with repeating timers, `advance` and `busy`) and the tests' manual clock
 * (`tests/manual-clock.ts`, which also drives the firmware's fake HAL), so tests run in virtual
 * time and never sleep. Types only: no Node APIs, nothing for the firmware bundle to carry.
 */
export interface Clock {
  /** Monotonic time in ms (a float), from an origin of the implementation's choosing. */
  nowMs(): number;
  /** Calls `callback` once, `delayMs` from now; returns the timer's id for `clearTimer`. */
  setTimer(callback: () => void, delayMs: number): unknown;
  /** Cancels a pending timer by the id `setTimer` returned; other values are ignored. */
  clearTimer(id: unknown): void;
}

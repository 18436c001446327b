/**
 * The firmware's hardware abstraction layer. Everything the board program does to the world
 * goes through one `Hal` handed to `createFirmware`; the Espruino implementation
 * (firmware/espruino/hal.ts) drives the real pins, the unit tests hand in a fake.
 *
 * Rules for implementations: no method allocates per call where it can be avoided (buffers are
 * owned by the caller and reused), and no method blocks longer than the pulse it fires and the
 * hardware-timed delay before it (at most MAX_PULSE_DELAY_MS).
 */

/**
 * Longest wait the firmware leaves to the gate's hardware timer (`gatePulse`'s delay) instead
 * of a timer callback: the selector's settle (10 µs) and the fast thermal network's gap after a
 * pulse (0.2 ms at 5 µs, 3 ms at 300 µs). A timer callback costs a Pico far more interpreter
 * time than these waits themselves (tens of ms: docs/firmware.md); a longer wait (the guard's
 * stress waits, settling) stays a timer, so the link is never blocked for longer than this.
 */
export const MAX_PULSE_DELAY_MS = 5;
export interface Hal {
  /** Writes the select bus (S3..S0) to `channel` (0..15): DEMUX and both MUXes follow. */
  selectWrite(channel: number): void;
  /**
   * Switches to `channel` in one call: the source gated off (DAC 0, polarity positive, EN low),
   * the select bus written and read back, and EN high again only when the read-back equals
   * `channel` (a stuck line must not route current into another device). Returns the read-back.
   */
  connect(channel: number): number;
  /** Reads the select bus back (bring-up self-test). */
  selectRead(): number;
  /** EN line: true = selector connected, false = every channel disconnected. */
  setEnable(on: boolean): void;
  /** Writes the DAC's raw code (0..2^bits−1) that sets the current pump's amplitude. */
  setDacCode(code: number): void;
  /** Polarity line: true = negative current. */
  setPolarity(negative: boolean): void;
  /**
   * One current pulse, in one call (each JS call costs an interpreter): polarity and DAC `code`
   * set, one gate pulse of `widthUs` starting `delayMs` (0 ≤ delayMs ≤ MAX_PULSE_DELAY_MS)
   * after the call as timed by the hardware, then DAC 0 and polarity positive; returns when the
   * pulse is over, with the time then (what nowMs() would answer: the caller's next clock read,
   * without a call of its own). The caller has checked limits, guard and selection.
   */
  pulse(code: number, negative: boolean, widthUs: number, delayMs: number): number;
  /**
   * Two pulses of `widthUs` on the connected channel in one call, e.g. a RESET and its SET:
   * DAC codes signed by polarity (−code: negative current). The first starts `delayMs` after the
   * call, the second `gapMs` after the first has ended (both hardware-timed, each ≤
   * MAX_PULSE_DELAY_MS); the gate is low between them, so the DAC and polarity go from the
   * first pulse's values straight to the second's. Then DAC 0 and polarity positive; returns
   * when the second pulse is over, with the time then (as `pulse`). The caller has checked
   * limits, guard and selection.
   */
  pulsePair(first: number, second: number, widthUs: number, delayMs: number, gapMs: number): number;
  /** One lock-in reading through the ADC, in raw counts (0..2^bits−1). */
  readAdcCounts(): number;
  /**
   * The sum of `samples` readings in counts, in one call: readAdcCounts each, or the raw readings
   * summed and rounded to counts once (Espruino: sub-count differences only).
   */
  readAdcSum(samples: number): number;
  /** Monotonic time in ms (float). */
  nowMs(): number;
  /** One-shot timer; returns an id. (The firmware never cancels one: a job's wait always ends.) */
  setTimeout(callback: () => void, delayMs: number): number;
  /** Repeating timer; returns an id. */
  setInterval(callback: () => void, periodMs: number): number;
  clearInterval(id: number): void;
  /** Reads a stored file into `out`; returns its length, or −1 when it does not exist. */
  storageRead(name: string, out: Uint8Array): number;
  /** Stores `length` bytes of `data` under `name`, replacing any old file; false on failure. */
  storageWrite(name: string, data: Uint8Array, length: number): boolean;
  /** Registers the receiver of host bytes: `bytes[0..length)` is valid only during the call. */
  onLinkData(callback: (bytes: Uint8Array, length: number) => void): void;
  /** Sends `bytes[0..length)` to the host. */
  linkWrite(bytes: Uint8Array, length: number): void;
  /** Starts the hardware watchdog (reset if not kicked within `timeoutS`). */
  watchdogStart(timeoutS: number): void;
  watchdogKick(): void;
  /** Moves the console off the host link so the link carries only frames. */
  claimLink(): void;
  /**
   * Gives the host link back to the console (USB REPL), e.g. before a reflash: no more link
   * data reaches the receiver until claimLink.
   */
  releaseLink(): void;
}

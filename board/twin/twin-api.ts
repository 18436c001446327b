/**
 * What the twin (board/twin/) offers to the code that runs the firmware bundle on it
 * (board/twin/espruino/) and to the host's in-process transport. The twin implements it; nobody
 * else reaches into the models.
 */
import type { PinLevelHardware } from './hardware';
import type { InterpreterTime } from './interpreter-time';
import type { Scheduler } from './scheduler';

/** A scheduler the twin can drive: fast-forward in virtual mode, wall clock in real-time mode. */
export interface TwinScheduler extends Scheduler {
  /** Runs every timer due up to nowMs() + ms, advancing virtual time (tests, scripts). */
  advance(ms: number): void;
  /**
   * The board's processor is busy for `ms` (interpreter time, a blocking pulse wait): virtual
   * time moves on and timers due meanwhile fire afterwards, late, as on a board, where running
   * JS is never interrupted. A no-op in real time (the wall clock moves by itself).
   */
  busy(ms: number): void;
  /**
   * Busy until the clock reads at least `targetMs` (a blocking wait for a pin's pulses to end):
   * `busy(target − now)` can land a rounding step short of it, and code that runs next would
   * still see the pulse. A no-op in real time.
   */
  busyUntil(targetMs: number): void;
  /** True when time is virtual (advance is meaningful). */
  readonly virtual: boolean;
  /** Stops all timers and any background pump. */
  dispose(): void;
}

/** Flash storage as the Espruino `Storage` module sees it: named binary strings. */
export interface TwinStorage {
  read(name: string): string | undefined;
  write(name: string, data: string): boolean;
  erase(name: string): void;
  list(): string[];
  /** Bytes in use / total, for `Storage.getFree()`. */
  freeBytes(): number;
}

/**
 * The USB/serial byte link between host and board, with the spec's link faults
 * (`link-loss:P` drops a chunk's bytes, `link-corrupt:P` flips bits) applied by the twin.
 */
export interface TwinLink {
  /** Host → board. The board side receives through `onBoardData`. */
  hostWrite(bytes: Uint8Array): void;
  onBoardData(callback: (bytes: Uint8Array) => void): void;
  /** Board → host. The host side receives through `onHostData`. */
  boardWrite(bytes: Uint8Array): void;
  onHostData(callback: (bytes: Uint8Array) => void): void;
  /** Called once if the link drops for good (`fault=link-dead@N`), as a port closing on unplug. */
  onDrop?(callback: (reason: string) => void): void;
}

/** Counters a test reads to prove "no pulse from a corrupted frame", "no double pulse". */
export interface TwinCounters {
  /** Gate pulses that reached a device (EN on, populated channel). */
  readonly pulses: number;
  readonly pulsesPerChannel: readonly number[];
  /** Gate pulses fired with the source on while the select lines changed (a fault). */
  readonly switchWithSourceOnFaults: number;
}

export interface Twin {
  readonly seed: number;
  readonly hardware: PinLevelHardware;
  readonly scheduler: TwinScheduler;
  readonly storage: TwinStorage;
  readonly link: TwinLink;
  readonly counters: TwinCounters;
  /** Interpreter time the twin charges for the firmware's work (none when the board has no cost table or the spec says interp=off). */
  readonly interpreter?: InterpreterTime;
  /** Saves devices (grains, damage, stress), Storage and counters to a JSON state file. */
  saveState(path: string): void;
  dispose(): void;
}

/**
 * EspruinoRuntime: an Espruino board's interpreter around the twin. It owns the console
 * (which serial device the REPL listens on), runs programs in fresh vm contexts with the
 * Espruino API surface (globals.ts), boots from Storage like a board at power-up (`.boot0` …
 * `.boot3`, then `.bootcde`, then E's 'init', in one program's global scope), emulates the REPL
 * an upload talks to (repl.ts) and the hardware watchdog.
 */
import { createHash } from 'crypto';
import * as vm from 'vm';
import type { Twin } from '../twin-api';
import { bytesOfString, stringOfBytes } from './binary';
import { innermostClosureObjects } from './closure-scope';
import { TwinError } from '../errors';
import { HeapWalker, type HeapValue } from './heap-state';
import { makeGlobals, type SurfaceHost } from './globals';
import { Program } from './program';
import { Repl } from './repl';

export const ESPRUINO_VERSION = '2v29';
export const ESPRUINO_BOARD = 'PICO_R1_3';
export const BOOT_CODE_FILE = '.bootcde';
/** Run before the boot code, at power-up, load() and reset() (Espruino's jsfLoadBootCodeFromFlash). */
export const BOOT_FILES = ['.boot0', '.boot1', '.boot2', '.boot3'] as const;
/** How late after its deadline the watchdog may bite (Espruino's timer resolution). */
const WATCHDOG_LATE_MS = 0.001;
const MAX_LOG_CHARS = 64 * 1024;

/** The running program's RAM (its data, found from its 'init' handlers) and the runtime's own state. */
export interface ProgramState {
  consoleDevice: string;
  watchdogResets: number;
  watchdogTimeoutMs: number;
  lastKickMs: number;
  /** One entry per 'init' handler: the objects it closes over (the firmware's `fw`). */
  heap: HeapValue[][];
}

export class EspruinoRuntime implements SurfaceHost {
  readonly twin: Twin;
  /** Device holding the console: 'USB' (REPL on the host link) or e.g. 'LoopbackA'. */
  consoleDevice = 'USB';
  program: Program | undefined;
  /** Uncaught exceptions of programs ("Uncaught …" on a board's console). */
  readonly errors: string[] = [];
  /** Console output that did not go to the host (console on another device). */
  consoleLog = '';
  watchdogResets = 0;
  /** SHA-256 (hex) of the code the running program was started from ('' before any). */
  programSha256 = '';
  private readonly repl: Repl;
  private watchdogTimerId = 0;
  private watchdogTimeoutMs = 0;
  private lastKickMs = 0;
  private resetRequested = false;
  private closed = false;

  constructor(twin: Twin) {
    this.twin = twin;
    this.repl = new Repl({
      consoleWrite: (t) => this.consoleWrite(t),
      resetProgram: (erase) => this.resetProgram(erase),
      saveAndBoot: (code) => this.saveAndBoot(code),
      load: (file) => (file === undefined ? this.boot() : this.loadFile(file)),
      processEnv: () => this.processEnv(),
      storage: twin.storage,
      consoleOnRepl: () => this.consoleDevice === 'USB',
      enableWatchdog: (timeoutS, autoKick) => this.enableWatchdog(timeoutS, autoKick),
    });
    twin.link.onBoardData((bytes) => this.onHostBytes(bytes));
  }

  /** Code lines the REPL has collected and not yet saved. */
  get pendingReplLines(): number {
    return this.repl.pendingLines;
  }

  /**
   * Power-up and `load()`: stop everything, console on USB, then what Storage holds of `.boot0`
   * … `.boot3` and `.bootcde`, in that order in one program, then 'init' (nothing runs on a blank
   * Storage).
   */
  boot(): void {
    this.stopProgram();
    this.consoleDevice = 'USB';
    this.bootFrom([...BOOT_FILES, BOOT_CODE_FILE], undefined);
  }

  /** `load(file)`: as a board does it, the `.boot` files, then 'init', then `file` (whose own 'init' handlers never run). */
  loadFile(file: string): void {
    this.stopProgram();
    this.consoleDevice = 'USB';
    this.bootFrom(BOOT_FILES, file);
  }

  /** Runs the Storage files `beforeInit` (those present), emits 'init', then runs `afterInit`. */
  private bootFrom(beforeInit: readonly string[], afterInit: string | undefined): void {
    const storage = this.twin.storage;
    const files = beforeInit.filter((name) => storage.read(name) !== undefined);
    const last = afterInit === undefined ? undefined : storage.read(afterInit);
    if (files.length === 0 && last === undefined) return;
    const program = new Program(this.twin.scheduler, (e) => this.reportError(e), (p) => makeGlobals(this, p));
    this.program = program;
    const hash = createHash('sha256');
    for (const name of [...files, ...(afterInit === undefined ? [] : [afterInit])]) hash.update(storage.read(name) ?? '');
    this.programSha256 = hash.digest('hex');
    for (const name of files) {
      if (!program.stopped) program.run(storage.read(name) as string, name);
    }
    if (!program.stopped) program.emitInit();
    if (last !== undefined && afterInit !== undefined && !program.stopped) program.run(last, afterInit);
  }

  /** Runs `code` as the board's program in a fresh context (the previous one is stopped). */
  runProgram(code: string, filename: string, emitInit: boolean): void {
    this.stopProgram();
    const program = new Program(this.twin.scheduler, (e) => this.reportError(e), (p) => makeGlobals(this, p));
    this.program = program;
    this.programSha256 = createHash('sha256').update(code).digest('hex');
    program.run(code, filename);
    if (emitInit && !program.stopped) program.emitInit();
  }

  /**
   * reset(): the program is cleared, the console returns to USB; `eraseBoot` also erases
   * `.bootcde`. As Espruino 2v29 does, the `.boot0` … `.boot3` files then run (and 'init'), not
   * `.bootcde`.
   */
  resetProgram(eraseBoot: boolean): void {
    this.stopProgram();
    this.consoleDevice = 'USB';
    if (eraseBoot) this.twin.storage.erase(BOOT_CODE_FILE);
    this.bootFrom(BOOT_FILES, undefined);
  }

  saveAndBoot(code: string): void {
    if (!this.twin.storage.write(BOOT_CODE_FILE, code)) {
      this.consoleWrite('\r\nERROR: not enough Storage for ' + code.length + ' bytes of code\r\n>');
      return;
    }
    this.boot();
  }

  /**
   * The program's RAM as data: everything reachable from the objects its 'init' handlers close
   * over (the firmware keeps its state there), plus the watchdog. Call between requests.
   */
  saveProgramState(): ProgramState {
    const walker = this.heapWalker();
    const heap = (this.program?.initHandlers ?? []).map((h) => walker.capture(innermostClosureObjects(h)));
    return { consoleDevice: this.consoleDevice, watchdogResets: this.watchdogResets, watchdogTimeoutMs: this.watchdogTimeoutMs, lastKickMs: this.lastKickMs, heap };
  }

  /**
   * Puts a saved program state into the program booted now (the same firmware): its RAM is
   * written into the fresh objects in place. `timerIds` maps the fresh timers' ids to the saved
   * ones (the scheduler took the saved ids: VirtualScheduler.restoreState).
   */
  restoreProgramState(state: ProgramState, timerIds: ReadonlyMap<number, number>): void {
    const handlers = this.program?.initHandlers ?? [];
    if (handlers.length !== state.heap.length) {
      throw new TwinError('BAD_ARGUMENT', `program state: ${state.heap.length} 'init' handler(s) saved, the booted program has ${handlers.length}`);
    }
    const walker = this.heapWalker();
    handlers.forEach((h, i) => walker.restore(innermostClosureObjects(h), state.heap[i]));
    const program = this.program;
    if (program !== undefined) {
      const ids = [...program.timers].map((id) => timerIds.get(id) ?? id);
      program.timers.clear();
      for (const id of ids) program.timers.add(id);
    }
    this.watchdogTimerId = timerIds.get(this.watchdogTimerId) ?? this.watchdogTimerId;
    this.consoleDevice = state.consoleDevice;
    this.watchdogResets = state.watchdogResets;
    this.watchdogTimeoutMs = state.watchdogTimeoutMs;
    this.lastKickMs = state.lastKickMs;
  }

  private heapWalker(): HeapWalker {
    const ctx = this.program?.context;
    if (ctx === undefined) return new HeapWalker(() => false, () => undefined);
    const objectProto = vm.runInContext('Object.prototype', ctx) as object;
    const ownRealm = (o: object): boolean => {
      let p: object | null = o;
      for (;;) {
        const next: object | null = Object.getPrototypeOf(p) as object | null;
        if (next === null) return p === objectProto;
        p = next;
      }
    };
    const realmGlobal = (name: string): unknown => (/^[A-Za-z0-9]+Array$/.test(name) ? vm.runInContext(name, ctx) : undefined);
    return new HeapWalker(ownRealm, realmGlobal);
  }

  close(): void {
    this.closed = true;
    this.stopProgram();
  }

  // --- SurfaceHost ---

  serialWrite(device: string, bytes: Uint8Array): void {
    if (this.closed) return;
    if (device === 'USB') this.twin.link.boardWrite(bytes);
    else if (device === this.consoleDevice) this.log(stringOfBytes(bytes));
  }

  setConsole(device: string): void {
    this.consoleDevice = device;
  }

  consoleWrite(text: string): void {
    if (this.closed) return;
    if (this.consoleDevice === 'USB') this.twin.link.boardWrite(bytesOfString(text));
    else this.log(text);
  }

  enableWatchdog(timeoutS: number, autoKick: boolean): void {
    this.disableWatchdog();
    if (autoKick || !(timeoutS > 0)) return; // Espruino kicks it from its idle loop
    this.watchdogTimeoutMs = timeoutS * 1000;
    this.lastKickMs = this.twin.scheduler.nowMs();
    this.armWatchdog();
  }

  /**
   * One check at the deadline (last kick + timeout), not a poll: a kick only moves lastKickMs,
   * and a check that finds a later kick re-arms for the new deadline. An interval, not a
   * one-shot: a pending one-shot would make virtual time race while idle. (A 100 ms poll cost
   * ~20 timer firings per 2 s of fast-forwarded device time, half of an activateMany frame's.)
   */
  private armWatchdog(): void {
    const scheduler = this.twin.scheduler;
    if (this.watchdogTimerId !== 0) scheduler.clearTimer(this.watchdogTimerId);
    const delayMs = this.lastKickMs + this.watchdogTimeoutMs + WATCHDOG_LATE_MS - scheduler.nowMs();
    this.watchdogTimerId = scheduler.setTimer(() => this.checkWatchdog(), delayMs, this.watchdogTimeoutMs);
  }

  kickWatchdog(): void {
    this.lastKickMs = this.twin.scheduler.nowMs();
  }

  requestReset(): void {
    if (this.resetRequested) return;
    this.resetRequested = true;
    setImmediate(() => {
      this.resetRequested = false;
      this.resetProgram(false);
    });
  }

  processEnv(): { [key: string]: string | number } {
    return {
      VERSION: ESPRUINO_VERSION,
      BUILD_DATE: 'Nov 29 2026',
      BOARD: ESPRUINO_BOARD,
      FLASH: 393216,
      RAM: 98304,
      SERIAL: 'nucleon-twin-' + this.twin.seed,
      CONSOLE: this.consoleDevice,
      MODULES: 'Flash,Storage,heatshrink,net,dgram,http,NetworkJS',
    };
  }

  // --- internals ---

  private onHostBytes(bytes: Uint8Array): void {
    if (this.closed) return;
    let used = 0;
    if (this.consoleDevice === 'USB') {
      used = this.repl.feed(bytes);
      if (used === bytes.length) return;
    }
    // the console is elsewhere (perhaps since a line of this chunk booted a program): USB data
    this.program?.emit('USB', stringOfBytes(used === 0 ? bytes : bytes.subarray(used)));
  }

  private checkWatchdog(): void {
    if (this.twin.scheduler.nowMs() - this.lastKickMs <= this.watchdogTimeoutMs) {
      this.armWatchdog(); // kicked since this check was armed: wait for the new deadline
      return;
    }
    this.watchdogResets++;
    this.boot();
  }

  private disableWatchdog(): void {
    if (this.watchdogTimerId !== 0) this.twin.scheduler.clearTimer(this.watchdogTimerId);
    this.watchdogTimerId = 0;
  }

  private stopProgram(): void {
    this.disableWatchdog();
    if (this.program !== undefined) this.program.stop();
    this.program = undefined;
  }

  private reportError(e: unknown): void {
    const text = e instanceof Error || (typeof e === 'object' && e !== null && 'stack' in e) ? String((e as Error).stack ?? e) : String(e);
    this.errors.push(text);
    this.consoleWrite('Uncaught ' + text.split('\n')[0] + '\r\n');
  }

  private log(text: string): void {
    this.consoleLog = (this.consoleLog + text).slice(-MAX_LOG_CHARS);
  }
}

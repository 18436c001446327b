/**
 * One running program (the code of one upload or boot) inside its own vm context: its timers,
 * its serial 'data' listeners and its E.on('init') handlers, so stopping it (reset(), a
 * watchdog reset, a new upload) leaves nothing of it behind.
 */
import * as vm from 'vm';
import type { TwinScheduler } from '../twin-api';

export type DataListener = (data: string) => void;

export class Program {
  readonly context: vm.Context;
  readonly timers = new Set<number>();
  readonly listeners = new Map<string, DataListener[]>();
  readonly initHandlers: (() => void)[] = [];
  stopped = false;
  private realmU8: Uint8ArrayConstructor | undefined;
  private readonly scheduler: TwinScheduler;
  private readonly onError: (error: unknown) => void;

  constructor(scheduler: TwinScheduler, onError: (error: unknown) => void, makeGlobals: (p: Program) => object) {
    this.scheduler = scheduler;
    this.onError = onError;
    const globals = makeGlobals(this) as { [name: string]: unknown };
    this.context = vm.createContext(globals);
    globals.global = vm.runInContext('this', this.context);
  }

  /** The context's own Uint8Array (values handed to the program belong to its realm). */
  get Uint8Array(): Uint8ArrayConstructor {
    if (this.realmU8 === undefined) this.realmU8 = vm.runInContext('Uint8Array', this.context) as Uint8ArrayConstructor;
    return this.realmU8;
  }

  run(code: string, filename: string): void {
    try {
      vm.runInContext(code, this.context, { filename });
    } catch (e) {
      this.onError(e);
    }
  }

  /** Calls program code from an event; an exception is reported, as Espruino prints it. */
  call(fn: unknown, args: unknown[]): void {
    if (this.stopped || typeof fn !== 'function') return;
    try {
      (fn as (...a: unknown[]) => void).apply(undefined, args);
    } catch (e) {
      this.onError(e);
    }
  }

  setTimer(fn: unknown, delayMs: unknown, repeat: boolean, args: unknown[]): number {
    const ms = typeof delayMs === 'number' && delayMs > 0 ? delayMs : 0;
    let id = 0;
    id = this.scheduler.setTimer(
      () => {
        if (!repeat) this.timers.delete(id);
        this.call(fn, args);
      },
      ms,
      repeat ? Math.max(ms, 0.001) : undefined,
    );
    this.timers.add(id);
    return id;
  }

  clearTimer(id: unknown): void {
    if (id === undefined) {
      for (const t of this.timers) this.scheduler.clearTimer(t);
      this.timers.clear();
      return;
    }
    if (typeof id === 'number' && this.timers.delete(id)) this.scheduler.clearTimer(id);
  }

  emit(device: string, data: string): void {
    const list = this.listeners.get(device);
    if (list === undefined) return;
    for (const cb of list.slice()) this.call(cb, [data]);
  }

  emitInit(): void {
    for (const cb of this.initHandlers.slice()) this.call(cb, []);
  }

  stop(): void {
    this.stopped = true;
    this.clearTimer(undefined);
    this.listeners.clear();
    this.initHandlers.length = 0;
  }
}

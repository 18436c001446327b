/**
 * One running program (the code of one upload or boot) inside its own vm context: its timers,
 * its serial 'data' listeners and its E.on('init') handlers, so stopping it (reset(), a
 * watchdog reset, a new upload) leaves nothing of it behind.
 */
import * as vm from 'vm';
import type { TwinScheduler } from '../twin-api';

export type DataListener = (data: string) => void;

/** Builtins the firmware reaches on every request (Math per computation, typed arrays). */
const BUILTINS = ['Math', 'JSON', 'Number', 'String', 'Object', 'Array', 'Uint8Array', 'Int32Array', 'Float32Array', 'Float64Array'];

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * A script declaring each global name as a top-level `let` bound to the global's value. In a vm
 * context every global *property* read from the program goes through Node's interceptor on the
 * sandbox object (~80 ns: getTime(), analogRead(), Math.round… were a tenth of an activateMany
 * frame); a global *lexical* binding is a plain slot (~2 ns). Scripts run later in the same
 * context see the bindings; a program that assigns one (`getTime = …`) changes what it calls.
 */
function preludeFor(names: readonly string[]): string {
  return names.map((n) => `let ${n} = globalThis.${n};`).join('\n');
}

/** The SyntaxError of a program that declares (var/function) one of the prelude's names. */
function isRedeclaration(e: unknown): boolean {
  // the error comes from the context's realm: not an instance of this realm's Error
  if (typeof e !== 'object' || e === null) return false;
  const { name, message } = e as { name?: unknown; message?: unknown };
  return name === 'SyntaxError' && typeof message === 'string' && /has already been declared/.test(message);
}

export class Program {
  private ctx: vm.Context;
  private readonly makeGlobals: (p: Program) => object;
  private readonly fastGlobals: boolean;
  readonly timers = new Set<number>();
  readonly listeners = new Map<string, DataListener[]>();
  readonly initHandlers: (() => void)[] = [];
  stopped = false;
  private realmU8: Uint8ArrayConstructor | undefined;
  private readonly scheduler: TwinScheduler;
  private readonly onError: (error: unknown) => void;

  /**
   * `fastGlobals` (default true): the Espruino API and BUILTINS are bound as global lexical
   * names (preludeFor) before the program runs.
   */
  constructor(scheduler: TwinScheduler, onError: (error: unknown) => void, makeGlobals: (p: Program) => object, fastGlobals = true) {
    this.scheduler = scheduler;
    this.onError = onError;
    this.makeGlobals = makeGlobals;
    this.fastGlobals = fastGlobals;
    this.ctx = this.createContext(fastGlobals);
  }

  /** The vm context the program runs in (its global object is the Espruino API). */
  get context(): vm.Context {
    return this.ctx;
  }

  /** The context's own Uint8Array (values handed to the program belong to its realm). */
  get Uint8Array(): Uint8ArrayConstructor {
    if (this.realmU8 === undefined) this.realmU8 = vm.runInContext('Uint8Array', this.ctx) as Uint8ArrayConstructor;
    return this.realmU8;
  }

  run(code: string, filename: string): void {
    try {
      vm.runInContext(code, this.ctx, { filename });
    } catch (e) {
      if (this.fastGlobals && isRedeclaration(e) && this.timers.size === 0 && this.listeners.size === 0 && this.initHandlers.length === 0) {
        // The program declares a name the prelude bound (nothing of it ran: declarations are
        // checked before any code runs): run it as Espruino would, on plain global properties.
        this.ctx = this.createContext(false);
        this.realmU8 = undefined;
        try {
          vm.runInContext(code, this.ctx, { filename });
        } catch (e2) {
          this.onError(e2);
        }
        return;
      }
      this.onError(e);
    }
  }

  private createContext(withPrelude: boolean): vm.Context {
    const globals = this.makeGlobals(this) as { [name: string]: unknown };
    const context = vm.createContext(globals);
    globals.global = vm.runInContext('this', context);
    if (withPrelude) {
      const names = Object.keys(globals).filter((n) => IDENTIFIER.test(n) && n !== 'global');
      // a builtin the surface replaces (Math) is among the names already
      vm.runInContext(preludeFor([...new Set([...names, ...BUILTINS])]), context, { filename: 'espruino-globals.js' });
    }
    return context;
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

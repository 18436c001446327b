/**
 * What the twin emulates of Espruino's REPL on the USB console — exactly the part an upload
 * with the `espruino` CLI uses (ESPRUINO.md lists what it sends):
 *  - `\x03` (Ctrl-C) drops the line being typed and answers a prompt `\r\n>`;
 *  - `\x10` (Ctrl-P) at the start of a line turns echo off for that line (no echo, no `=result`);
 *  - `ESC \n` (what the CLI puts between the lines of one statement) continues the line: the
 *    whole statement is one input, as on a board; other ANSI sequences (`ESC [ … letter`, e.g. the
 *    CLI's `\x1b[4d` line numbers) are dropped;
 *  - other characters are echoed (unless echo is off) and collected into a line; `\r` is ignored,
 *    `\n` ends the line;
 *  - an empty line answers `\r\n=undefined\r\n>` (the CLI's "is there a prompt?" probe);
 *  - a line that starts with a call of `print`, `require`, `load`, `reset`, `save` or
 *    `E.enableWatchdog` is a command: it is evaluated at once in the REPL's own context, which
 *    holds `print`, `JSON`, `atob`/`btoa`, `process.env` ({VERSION, BOARD, MODULES, …}),
 *    `require("Storage")` (write with Espruino's offset/size semantics: storage.ts; read, erase,
 *    list, getFree), `E.enableWatchdog` and `load`/`reset`/`save`. So the CLI's board query `print("<","<<",JSON.stringify(process.env),">>",">")`
 *    answers `< << {…} >> >`, and its flash upload — `require("Storage").write(".bootcde",atob("…"),0,SIZE)`,
 *    then `…write(".bootcde",atob("…"),OFFSET)` per 384 bytes, then `load()` — assembles the
 *    file in Storage and boots it. An exception prints `Uncaught …`, as on a board;
 *  - `load()` / `load(file)` / `reset()` / `reset(true)` / `save()` act after their line has run
 *    (Espruino does them from its idle loop): load() boots `.boot0`…`.boot3` then `.bootcde`,
 *    then E's 'init'; load(file) boots the `.boot` files, 'init', then that file; reset() stops
 *    the program and forgets collected code (with `true` it also erases `.bootcde`);
 *    save() stores the collected lines as `.bootcde` and boots it (the old RAM upload);
 *  - every other line is collected as program code (not run before `save()`): the twin never
 *    evaluates program code line by line.
 * Once a command has booted a program that took the console (the bundle's first statement
 * moves it to LoopbackA), `feed` stops and returns how many bytes it used: the rest is the
 * program's.
 */
import * as vm from 'vm';
import type { TwinStorage } from '../twin-api';
import { storageData, storageWrite } from './storage';

export interface ReplHost {
  /** Text to the console (the host when the console is USB). */
  consoleWrite(text: string): void;
  /** reset(): stops the running program; `eraseBoot` also erases `.bootcde`. */
  resetProgram(eraseBoot: boolean): void;
  /** Stores `.bootcde` and boots it. */
  saveAndBoot(code: string): void;
  /** load(): boots what Storage holds; load(file): the boot files, then `file`. */
  load(file?: string): void;
  /** process.env of this board. */
  processEnv(): { [key: string]: string | number };
  /** The board's flash Storage. */
  readonly storage: TwinStorage;
  /** Whether the console is still on the device this REPL listens on. */
  consoleOnRepl(): boolean;
  /** E.enableWatchdog(timeoutS, autoKick) typed at the REPL. */
  enableWatchdog(timeoutS: number, autoKick: boolean): void;
}

/** A line starting with a call of one of these is a command (evaluated at once). */
const COMMAND = /^(print|require|load|reset|save|E\.enableWatchdog)\s*\(/;
const COMMAND_TIMEOUT_MS = 1000;

function show(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'function () { [native code] }';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function errorText(e: unknown): string {
  return String(e).split('\n')[0];
}

export class Repl {
  private line = '';
  private echo = true;
  /** 0: normal, 1: after ESC, 2: inside ESC [ … */
  private escape = 0;
  private readonly collected: string[] = [];
  private readonly host: ReplHost;
  private context: vm.Context | undefined;
  /** load/reset/save of the line being evaluated, run once it has finished. */
  private pending: (() => void) | undefined;

  constructor(host: ReplHost) {
    this.host = host;
  }

  /** Lines collected since the last reset/save (tests). */
  get pendingLines(): number {
    return this.collected.length;
  }

  /** Feeds console bytes; returns how many were the REPL's (all, unless a command moved the console away). */
  feed(bytes: Uint8Array): number {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.escape === 1) {
        this.escape = b === 0x5b ? 2 : 0;
        if (b === 0x0a) this.line += '\n';
        continue;
      }
      if (this.escape === 2) {
        if (b >= 0x40 && b <= 0x7e) this.escape = 0;
        continue;
      }
      if (b === 0x1b) {
        this.escape = 1;
      } else if (b === 0x03) {
        this.line = '';
        this.echo = true;
        this.host.consoleWrite('\r\n>');
      } else if (b === 0x10) {
        if (this.line === '') this.echo = false;
      } else if (b === 0x0d) {
        // ignored: lines end with \n
      } else if (b === 0x0a) {
        const line = this.line;
        const echo = this.echo;
        this.line = '';
        this.echo = true;
        this.handleLine(line, echo);
        if (!this.host.consoleOnRepl()) return i + 1;
      } else {
        const ch = String.fromCharCode(b);
        this.line += ch;
        if (this.echo) this.host.consoleWrite(ch);
      }
    }
    return bytes.length;
  }

  private handleLine(line: string, echo: boolean): void {
    const t = line.trim();
    if (t === '') {
      this.host.consoleWrite('\r\n=undefined\r\n>');
      return;
    }
    if (COMMAND.test(t)) {
      this.evaluate(t, echo);
      return;
    }
    this.collected.push(line);
  }

  private evaluate(code: string, echo: boolean): void {
    const host = this.host;
    this.pending = undefined;
    try {
      const result: unknown = vm.runInContext(code, this.commandContext(), { timeout: COMMAND_TIMEOUT_MS, filename: 'REPL' });
      if (echo) host.consoleWrite('\r\n=' + show(result) + '\r\n');
    } catch (e) {
      host.consoleWrite((echo ? '\r\n' : '') + 'Uncaught ' + errorText(e) + '\r\n');
    }
    this.runPending();
    host.consoleWrite('>');
  }

  private runPending(): void {
    const action = this.pending;
    this.pending = undefined;
    if (action !== undefined) action();
  }

  /** The REPL's own globals (created once; what a command line sees). */
  private commandContext(): vm.Context {
    if (this.context !== undefined) return this.context;
    const host = this.host;
    const storage = {
      write: (name: unknown, data: unknown, offset?: unknown, size?: unknown): boolean => storageWrite(host.storage, String(name), data, offset, size),
      read: (name: unknown, offset?: unknown, length?: unknown): string | undefined => {
        const s = host.storage.read(String(name));
        if (s === undefined) return undefined;
        const o = offset === undefined ? 0 : Number(offset);
        return length === undefined ? s.slice(o) : s.slice(o, o + Number(length));
      },
      erase: (name: unknown): void => host.storage.erase(String(name)),
      list: (): string[] => host.storage.list(),
      getFree: (): number => host.storage.freeBytes(),
    };
    const after = (action: () => void): void => {
      this.pending = action;
    };
    // load/reset/save forget what the REPL's lines defined, as Espruino clears every variable
    const forget = (): void => {
      this.collected.length = 0;
      this.context = undefined;
    };
    this.context = vm.createContext({
      print: (...args: unknown[]) => host.consoleWrite(args.map((a) => (typeof a === 'string' ? a : show(a))).join(' ') + '\r\n'),
      atob: (s: unknown): string => atob(String(s)),
      E: {
        enableWatchdog: (timeoutS: unknown, autoKick?: unknown): void => host.enableWatchdog(Number(timeoutS), autoKick !== false),
      },
      btoa: (s: unknown): string => btoa(storageData(s)),
      process: {
        get env() {
          return host.processEnv();
        },
      },
      require: (name: unknown): unknown => {
        if (name === 'Storage') return storage;
        throw new Error('Module ' + String(name) + ' not found');
      },
      load: (file?: unknown): void =>
        after(() => {
          forget();
          host.load(file === undefined ? undefined : String(file));
        }),
      reset: (clearFlash?: unknown): void =>
        after(() => {
          forget();
          host.resetProgram(clearFlash === true);
        }),
      save: (): void =>
        after(() => {
          const code = this.collected.join('\n');
          forget();
          host.saveAndBoot(code);
        }),
    });
    return this.context;
  }
}

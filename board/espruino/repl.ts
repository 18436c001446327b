/**
 * What the twin emulates of Espruino's REPL on the USB console — exactly the part an upload
 * with the `espruino` CLI uses (ESPRUINO.md lists what it sends):
 *  - `\x03` (Ctrl-C) drops the line being typed and answers a prompt `\r\n>`;
 *  - `\x10` (Ctrl-P) at the start of a line turns echo off for that line;
 *  - `ESC \n` (what the CLI puts between the lines of one upload) continues the line: the
 *    whole upload is one input, as on a board; other ANSI sequences (`ESC [ … letter`, e.g. the
 *    CLI's `\x1b[4d` before `save()`) are dropped;
 *  - other characters are echoed (unless echo is off) and collected into a line; `\r` is ignored,
 *    `\n` ends the line;
 *  - an empty line answers `\r\n=undefined\r\n>` (the CLI's "is there a prompt?" probe);
 *  - a line starting `print(` is evaluated in a small context holding `print`, `JSON` and
 *    `process.env` ({VERSION, BOARD, …}), so the CLI's board query
 *    `print("<","<<",JSON.stringify(process.env),">>",">")` answers `< << {…} >> >` as a board does;
 *  - `reset()` / `reset(true)` stops the running program (and with `true` erases Storage's
 *    `.bootcde`) and forgets collected code;
 *  - `save()` stores the collected lines as `.bootcde` in Storage and boots it in a fresh context
 *    (then emits E's 'init', as a board does after saving);
 *  - `load()` reboots from Storage;
 *  - every other line is collected as program code (not run before `save()`).
 * Nothing else of the interpreter is emulated: code is never evaluated line by line.
 */
import * as vm from 'vm';

export interface ReplHost {
  /** Text to the console (the host when the console is USB). */
  consoleWrite(text: string): void;
  /** Stops the running program; `eraseBoot` also erases `.bootcde`. */
  resetProgram(eraseBoot: boolean): void;
  /** Stores `.bootcde` and boots it. */
  saveAndBoot(code: string): void;
  /** Boots whatever Storage holds. */
  load(): void;
  /** process.env of this board. */
  processEnv(): { [key: string]: string | number };
}

export class Repl {
  private line = '';
  private echo = true;
  /** 0: normal, 1: after ESC, 2: inside ESC [ … */
  private escape = 0;
  private readonly collected: string[] = [];
  private readonly host: ReplHost;

  constructor(host: ReplHost) {
    this.host = host;
  }

  /** Lines collected since the last reset/save (tests). */
  get pendingLines(): number {
    return this.collected.length;
  }

  feed(bytes: Uint8Array): void {
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
      } else {
        const ch = String.fromCharCode(b);
        this.line += ch;
        if (this.echo) this.host.consoleWrite(ch);
      }
    }
  }

  private handleLine(line: string, echo: boolean): void {
    const t = line.trim();
    if (t === '') {
      this.host.consoleWrite('\r\n=undefined\r\n>');
      return;
    }
    const reset = /^reset\(\s*(true)?\s*\)\s*;?$/.exec(t);
    if (reset) {
      this.collected.length = 0;
      this.host.resetProgram(reset[1] === 'true');
      if (echo) this.host.consoleWrite('\r\n=undefined\r\n>');
      return;
    }
    if (/^save\(\s*\)\s*;?$/.test(t)) {
      const code = this.collected.join('\n');
      this.collected.length = 0;
      this.host.saveAndBoot(code);
      return;
    }
    if (/^load\(\s*\)\s*;?$/.test(t)) {
      this.collected.length = 0;
      this.host.load();
      return;
    }
    if (t.startsWith('print(')) {
      this.evaluatePrint(t);
      return;
    }
    this.collected.push(line);
  }

  private evaluatePrint(code: string): void {
    const host = this.host;
    const ctx = vm.createContext({
      print: (...args: unknown[]) => host.consoleWrite(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') + '\r\n'),
      process: { env: host.processEnv() },
    });
    try {
      vm.runInContext(code, ctx, { timeout: 100 });
    } catch (e) {
      host.consoleWrite('Uncaught ' + String(e) + '\r\n');
    }
    host.consoleWrite('>');
  }
}

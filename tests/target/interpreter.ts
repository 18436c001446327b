/**
 * Runs the firmware bundle on the real Espruino interpreter (../shared/tools/espruino/, see its
 * README) with the scripted hardware double, and steps it from Node: a chunk of link bytes in,
 * virtual time advanced, and back the bytes the firmware wrote, the hardware calls it made, the
 * interpreter time it spent and the variables left free.
 *
 * Two ways to load the code, as on a board:
 *  - 'flash': double → Storage `.boot0`, bundle → `.bootcde`, then `load()` boots them (the
 *    Pico's 5 100 variables only hold the program this way: ESPRUINO.md, "On the target");
 *  - 'ram': double + bundle as one program file (speed runs on the 16 000-variable build).
 *
 * Binaries: $ESPRUINO_PICO (Pico layout, 5 100 variables) and $ESPRUINO_PICO16 (16 000), or the
 * builds in ../shared/tools/espruino/ when the variables are unset. `interpreterFor` says which
 * was found, or why none was.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams, type SpawnOptionsWithoutStdio } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export type InterpreterKind = 'pico' | 'pico16';

const ENV_NAME: { [k in InterpreterKind]: string } = { pico: 'ESPRUINO_PICO', pico16: 'ESPRUINO_PICO16' };
const FILE_NAME: { [k in InterpreterKind]: string } = { pico: 'espruino-pico', pico16: 'espruino-pico-16k' };
export const SHARED_TOOLS = path.join(__dirname, '..', '..', '..', 'shared', 'tools', 'espruino');
const DOUBLE_DIR = path.join(__dirname, 'double');
/** The 32-bit builds need Debian's libc6-i386 (its loader). */
const I386_LOADER = '/lib/ld-linux.so.2';

export type Found = { ok: true; path: string } | { ok: false; why: string };

/** The interpreter binary for `kind`, or why there is none here. */
export function interpreterFor(kind: InterpreterKind): Found {
  const env = process.env[ENV_NAME[kind]];
  const file = env !== undefined && env !== '' ? env : path.join(SHARED_TOOLS, FILE_NAME[kind]);
  if (!fs.existsSync(file)) {
    return {
      ok: false,
      why:
        env !== undefined && env !== ''
          ? `${ENV_NAME[kind]}=${env}: no such file`
          : `${ENV_NAME[kind]} is unset and ${file} does not exist (how to get one: docs/target.md)`,
    };
  }
  if (!fs.existsSync(I386_LOADER)) return { ok: false, why: `${file} is a 32-bit build and needs Debian's libc6-i386 (apt-get install -y libc6-i386)` };
  if (launcherFor(file) === undefined) {
    return { ok: false, why: `${file} is a 32-bit build, this kernel does not run 32-bit programs, and Debian's qemu-user (qemu-i386) is not installed (apt-get install -y qemu-user)` };
  }
  return { ok: true, path: file };
}

/** Debian qemu-user's emulator for 32-bit x86 programs. */
const QEMU_I386 = 'qemu-i386';
const launchers = new Map<string, string[] | undefined>();

/**
 * How to start `binary` here: the 32-bit builds run as they are where the kernel runs 32-bit
 * programs; a kernel built without that (IA32 emulation off: exec fails with "Exec format
 * error", seen on this project's CI machines) runs them under qemu-user's `qemu-i386`, the same
 * binary instruction for instruction: its variables (memory figures) are identical, and its
 * speed is scaled to a Pico by the Leibniz loop timed under the same emulator in the same run.
 * Decided once per binary by asking it for its usage text; undefined when neither way works.
 */
export function launcherFor(binary: string): string[] | undefined {
  if (launchers.has(binary)) return launchers.get(binary);
  const answers = (cmd: string, args: string[]): boolean => {
    const r = spawnSync(cmd, [...args, '--help'], { stdio: ['pipe', 'pipe', 'pipe'], timeout: 20_000, encoding: 'latin1' });
    return r.error === undefined && /Usage/.test(String(r.stdout) + String(r.stderr));
  };
  let launch: string[] | undefined;
  if (answers(binary, [])) launch = [binary];
  else if (answers(QEMU_I386, [binary])) launch = [QEMU_I386, binary];
  launchers.set(binary, launch);
  return launch;
}

/** Spawns the interpreter `binary` with `args` (through qemu-i386 where the kernel needs it). */
export function spawnInterpreter(binary: string, args: string[], options: SpawnOptionsWithoutStdio): ChildProcessWithoutNullStreams {
  const launch = launcherFor(binary);
  if (launch === undefined) throw new Error(`cannot run ${binary} here: ${interpreterWhy(binary)}`);
  return spawn(launch[0], [...launch.slice(1), ...args], { ...options, stdio: ['pipe', 'pipe', 'pipe'] });
}

function interpreterWhy(binary: string): string {
  return fs.existsSync(I386_LOADER) ? 'neither it nor qemu-i386 ' + binary + ' starts (apt-get install -y qemu-user)' : "it needs Debian's libc6-i386";
}

/** Config of the scripted double (tests/target/double/model.js). */
export interface DoubleConfig {
  pins: { select: string[]; enable: string; polarity: string; gate: string; adc: string; dacCs: string; dacSpi: string };
  adcBits: number;
  vacantCounts: number;
  /** Per channel: null (vacant) or [lowCounts, highCounts, thrCode, stepCode]. */
  devices: ([number, number, number, number] | null)[];
  /** Record every hardware call (conformance); off for memory and speed runs. */
  log: boolean;
  /** Sample free variables at every hardware call and handler exit (lowest point). */
  sampleMemory: boolean;
}

export interface StepResult {
  /** Bytes the firmware wrote to the link. */
  out: Uint8Array;
  /** Hardware calls, ';'-separated, as model.js logs them ('' when logging is off). */
  hw: string;
  /** Interpreter time inside the firmware's handlers during the step, ms (this machine). */
  cpuMs: number;
  /** Free variables after the step (after a garbage collection). */
  free: number;
  /** Lowest free variables seen during the step. */
  lowest: number;
  /** cpuMs split by how the firmware was entered: the link receiver, its one-shot timers (count), repeating timers. */
  rxMs: number;
  onceMs: number;
  onceCalls: number;
  everyMs: number;
}

export interface TargetOptions {
  binary: string;
  bundleFile: string;
  load: 'flash' | 'ram';
  double: DoubleConfig;
  /** Espruino JS run after the double's prelude (bench/firmware-instructions.ts stubs the stand-ins with it). */
  preludeTail?: string;
}

/** Text the interpreter printed that means the program broke. */
const FAULT = /OUT OF MEMORY|Uncaught [^\r\n]*|ERROR:[^\r\n]*|SyntaxError[^\r\n]*/;
const REPLY_TIMEOUT_MS = 120_000;

export class TargetError extends Error {
  constructor(
    readonly code: 'NO_REPLY' | 'FAULT' | 'EXITED',
    message: string,
  ) {
    super(message);
    this.name = 'TargetError';
  }
}

export class EspruinoTarget {
  private readonly proc: ChildProcessWithoutNullStreams;
  private readonly dir: string;
  private buffer = '';
  /** Hex of what the firmware wrote to the link since the last step. */
  private linkOut: string[] = [];
  /** Everything the interpreter printed (for error messages). */
  transcript = '';
  private waiter: { prefix: string; resolve: (line: string) => void; reject: (e: Error) => void; timer: NodeJS.Timeout } | undefined;
  private exited = false;

  private constructor(proc: ChildProcessWithoutNullStreams, dir: string) {
    this.proc = proc;
    this.dir = dir;
    proc.stdout.setEncoding('latin1');
    proc.stdout.on('data', (s: string) => this.onOutput(s));
    proc.stderr.setEncoding('latin1');
    proc.stderr.on('data', (s: string) => this.onOutput(s));
    proc.on('exit', () => {
      this.exited = true;
      this.fail(new TargetError('EXITED', 'the interpreter exited: ' + this.tail()));
    });
  }

  /** Starts the interpreter, boots the bundle on the double and waits until it has claimed the link. */
  static async start(opts: TargetOptions): Promise<EspruinoTarget> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-target-'));
    const double =
      'var __CFG = ' + JSON.stringify(opts.double) + ';\n' + fs.readFileSync(path.join(DOUBLE_DIR, 'model.js'), 'utf8') + '\n' + fs.readFileSync(path.join(DOUBLE_DIR, 'espruino-prelude.js'), 'utf8') + '\n' + (opts.preludeTail ?? '');
    const bundle = fs.readFileSync(opts.bundleFile, 'utf8');
    let prog: string;
    if (opts.load === 'ram') {
      prog = double + '\n' + bundle + "\nE.emit('init');\n";
    } else {
      fs.writeFileSync(path.join(dir, 'double.js'), double);
      fs.writeFileSync(path.join(dir, 'bundle.js'), bundle);
      // each file is read into a string, written to flash and dropped before the next
      prog =
        "var __s = require('Storage'); __s.eraseAll();\n" +
        "__s.write('.boot0', require('fs').readFileSync('double.js'));\n" +
        "__s.write('.bootcde', require('fs').readFileSync('bundle.js'));\n" +
        '__s = undefined; load();\n';
    }
    fs.writeFileSync(path.join(dir, 'prog.js'), prog);
    const proc = spawnInterpreter(opts.binary, ['prog.js'], { cwd: dir });
    const t = new EspruinoTarget(proc, dir);
    await t.waitReady();
    return t;
  }

  /** The interpreter's process id (for tools that attach to it, e.g. callgrind_control). */
  get pid(): number | undefined {
    return this.proc.pid;
  }

  /**
   * Resolves on the double's '@@READY' line, printed when the firmware registers its USB data
   * receiver (espruino-prelude.js): an event from the interpreter's output, not a polling loop.
   */
  private waitReady(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new TargetError('NO_REPLY', 'the firmware never claimed the link: ' + this.tail())), REPLY_TIMEOUT_MS);
      this.waiter = { prefix: '@@READY', resolve: () => resolve(), reject, timer };
      this.onOutput(''); // it may be in the output already
    });
  }

  /** Feeds `bytes` to the firmware's link receiver, then advances virtual time by `advanceMs`. */
  async step(bytes: Uint8Array, advanceMs: number): Promise<StepResult> {
    const line = await this.command(`__step('${Buffer.from(bytes).toString('hex')}', ${advanceMs})`, '@@S ');
    const [, hw, cpu, free, lowest, rx, once, onceCalls, every] = line.split(' ');
    const out = this.linkOut.join('');
    this.linkOut = [];
    return {
      out: new Uint8Array(Buffer.from(out, 'hex')),
      hw: hw === '-' ? '' : hw,
      cpuMs: Number(cpu),
      free: Number(free),
      lowest: Number(lowest),
      rxMs: Number(rx),
      onceMs: Number(once),
      onceCalls: Number(onceCalls),
      everyMs: Number(every),
    };
  }

  /** Evaluates `js` on the interpreter and returns what it printed after '@@E ' (one line). */
  async evaluate(js: string): Promise<string> {
    return this.command(`print('@@E ' + (${js}))`, '@@E ');
  }

  async close(): Promise<void> {
    if (!this.exited) {
      const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
      this.proc.stdin.write('\x10quit()\n');
      const timer = setTimeout(() => this.proc.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private command(js: string, prefix: string): Promise<string> {
    if (this.exited) return Promise.reject(new TargetError('EXITED', 'the interpreter has exited: ' + this.tail()));
    if (this.waiter !== undefined) return Promise.reject(new Error('EspruinoTarget: one command at a time'));
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new TargetError('NO_REPLY', `no '${prefix.trim()}' reply in ${REPLY_TIMEOUT_MS} ms: ${this.tail()}`)), REPLY_TIMEOUT_MS);
      this.waiter = { prefix, resolve, reject, timer };
      // \x10 at the start of a line: the REPL runs it without echo
      this.proc.stdin.write('\x10' + js + '\n');
    });
  }

  private onOutput(s: string): void {
    this.transcript = (this.transcript + s).slice(-200_000);
    this.buffer += s;
    const fault = FAULT.exec(this.buffer);
    if (fault !== null) {
      this.fail(new TargetError('FAULT', 'the interpreter reported: ' + fault[0] + '\n' + this.tail()));
      this.buffer = '';
      return;
    }
    // link output, printed by the double's USB.write as it happens (before the step's @@S line)
    for (;;) {
      const at = this.buffer.indexOf('@@O ');
      if (at < 0) break;
      const end = this.buffer.indexOf('\n', at);
      if (end < 0) break;
      this.linkOut.push(this.buffer.slice(at + 4, end).replace(/\r$/, ''));
      this.buffer = this.buffer.slice(0, at) + this.buffer.slice(end + 1);
    }
    for (;;) {
      const w = this.waiter;
      if (w === undefined) return;
      const at = this.buffer.indexOf(w.prefix);
      if (at < 0) return;
      const end = this.buffer.indexOf('\n', at);
      if (end < 0) return;
      const line = this.buffer.slice(at + w.prefix.length, end).replace(/\r$/, '');
      this.buffer = this.buffer.slice(end + 1);
      clearTimeout(w.timer);
      this.waiter = undefined;
      w.resolve(line);
    }
  }

  private fail(e: Error): void {
    const w = this.waiter;
    if (w === undefined) return;
    clearTimeout(w.timer);
    this.waiter = undefined;
    w.reject(e);
  }

  private tail(): string {
    return JSON.stringify(this.transcript.slice(-600));
  }
}

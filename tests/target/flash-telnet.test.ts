/**
 * `nucleon flash` into the REAL Espruino interpreter (espruino-pico: the Pico's 5 100
 * variables), as into a board: the hardware double (model.js + espruino-prelude.js with
 * realLink/realTime, so USB, the console, getTime and timers are the interpreter's own) is
 * Storage `.boot0`, an older firmware is `.bootcde`. `espruino-pico --telnet` boots both; its
 * REPL is on TCP 2323 and the firmware's USB link is its stdin/stdout, which this test bridges
 * to a TCP port for `nucleon flash --link`. The flash must store the new bundle in flash, boot
 * it, and answer hello with the new version — on the link, read here straight from stdout —
 * with no interpreter error (OUT OF MEMORY, Uncaught, ERROR) anywhere.
 *
 * Two things the Linux build does and a board does not, which this rig keeps away from it:
 *  - it exits on a 0x04 byte on stdin: the link bridge drops a chunk holding one;
 *  - it exits on a second Ctrl-C (0x03) within 5 s on an empty input line (`#ifndef EMBEDDED` in
 *    its jsiLoop; a board only clears the line). The espruino CLI sends two, 500 ms apart, when
 *    the REPL has not answered its first newline within 500 ms — on a loaded machine the
 *    interpreter under qemu is that slow, and it exited mid-flash in CI. So the CLI reaches the
 *    REPL through a forwarder that drops every Ctrl-C: the CLI sends them to an idle REPL with
 *    an empty line (nucleon flash has already stopped the program with reset()), where a board
 *    does nothing with them either. The forwarder accepts at once; TCP 2323 itself kept
 *    accepting through reset() here (measured), so flash's wait for the port is not exercised.
 * The double in `.boot0` is evaluated with the console still on the link (the firmware's first
 * statement moves it), and a hello frame holds 0x03 (protocol version 3), which would interrupt
 * that: the first request waits until the interpreter has said `-> LoopbackA`.
 *
 * TCP 2323 is fixed (the interpreter's telnet port): no other test may use it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as P from '../../protocol';
import { buildFirmware } from '../../firmware/build';
import { firmwareBoardFrom } from '../../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../../board/definitions';
import { doubleConfigFor } from './double-config';
import { spawnInterpreter, type DoubleConfig } from './interpreter';
import { describeOnTarget } from './tier';

const ROOT = path.join(__dirname, '..', '..');
const DOUBLE_DIR = path.join(__dirname, 'double');
const TELNET_PORT = 2323;
const BEFORE = '1.0.0-before';
const FLASHED = '2.0.0-flashed';
/** What the interpreter prints when the program or the upload broke. */
const FAULT = /OUT OF MEMORY|Uncaught[^\r\n]*|ERROR[^\r\n]*/;
/** Hang guards only: every wait below ends on an event. */
const REPLY_TIMEOUT_MS = 60_000;
/** A byte the Linux interpreter's stdin cannot carry: it exits on it. */
const CTRL_D = 0x04;
const CTRL_C = 0x03;
/** What the interpreter prints on the USB console when the firmware's first statement takes it. */
const CONSOLE_TAKEN = '-> LoopbackA';

const { d, binary } = describeOnTarget('pico');

/** The double with the interpreter's own USB link, console and clock. */
function doubleSource(): string {
  const cfg: DoubleConfig & { realLink: boolean; realTime: boolean } = {
    ...doubleConfigFor(firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID)), { log: false, sampleMemory: false }),
    realLink: true,
    realTime: true,
  };
  return `var __CFG = ${JSON.stringify(cfg)};\n` + fs.readFileSync(path.join(DOUBLE_DIR, 'model.js'), 'utf8') + '\n' + fs.readFileSync(path.join(DOUBLE_DIR, 'espruino-prelude.js'), 'utf8');
}

/** Runs the interpreter once on `prog.js` in `dir` (it ends with quit()); stdin stays an open pipe. */
function runOnce(dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawnInterpreter(binary, ['prog.js'], { cwd: dir });
    let out = '';
    p.stdout.on('data', (b: Buffer) => (out += b.toString('latin1')));
    p.stderr.on('data', (b: Buffer) => (out += b.toString('latin1')));
    const guard = setTimeout(() => p.kill('SIGKILL'), REPLY_TIMEOUT_MS);
    p.on('error', reject);
    p.on('exit', (code) => {
      clearTimeout(guard);
      if (code === 0) resolve(out);
      else reject(new Error(`storing the double and the old firmware failed (exit ${code}): ${out.slice(-600)}`));
    });
  });
}

/** The messages of every frame in `bytes`; frames may follow console text without a 0x00 of their own. */
function messagesIn(bytes: Buffer): P.Message[] {
  const out: P.Message[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== 0) continue;
    // text before a frame is in the same 0x00-delimited chunk: the frame is the chunk's suffix whose CRC holds
    for (let j = start; j < i; j++) {
      try {
        out.push(P.decodeMessage(P.decodeFrame(bytes.subarray(j, i))));
        break;
      } catch {
        /* not a frame from here */
      }
    }
    start = i + 1;
  }
  return out;
}

interface StoredFile {
  name: string;
  data: Buffer;
}

/**
 * The live files of an Espruino Storage image (2v29 layout, measured on espruino.flash): a
 * 32-byte header — uint32 LE size (low 24 bits; flags above), 28-byte name — then the data,
 * padded to 4 bytes. A file that is replaced or erased keeps its size and has the first four
 * bytes of its name zeroed, so it is stepped over by its size. A file too big for the rest of a
 * page starts on a later page: erased flash (0xFF) between is stepped over 4 bytes at a time.
 */
function storageFiles(image: Buffer): StoredFile[] {
  const out: StoredFile[] = [];
  let a = 0;
  while (a + 32 <= image.length) {
    const word = image.readUInt32LE(a);
    if (word === 0xffffffff) {
      a += 4;
      continue;
    }
    const size = word & 0xffffff;
    if (a + 32 + size > image.length) throw new Error(`Storage header at ${a} has size ${size}, past the image's end (${image.length})`);
    const name = image.subarray(a + 4, a + 32);
    if (name.readUInt32LE(0) !== 0) {
      const nameEnd = name.indexOf(0);
      const text = name.subarray(0, nameEnd < 0 ? 28 : nameEnd).toString('latin1');
      if (!/^[\x21-\x7e]+$/.test(text) || (nameEnd >= 0 && !name.subarray(nameEnd).every((b) => b === 0))) throw new Error(`Storage header at ${a} has no valid name: ${JSON.stringify(name.toString('latin1'))}`);
      out.push({ name: text, data: image.subarray(a + 32, a + 32 + size) });
    }
    a = (a + 32 + size + 3) & ~3;
  }
  return out;
}

/** Whether something accepts a connection on TCP 2323 (the connection is closed at once). */
function telnetAccepts(): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(TELNET_PORT, '127.0.0.1', () => {
      s.destroy();
      resolve(true);
    });
    s.on('error', () => resolve(false));
  });
}

/** The interpreter with --telnet, its stdout kept whole, its stdin (the USB link) bridged to a TCP port. */
class TelnetRig {
  readonly proc: ChildProcessWithoutNullStreams;
  stdout = Buffer.alloc(0);
  private readonly server: net.Server;
  private readonly clients = new Set<net.Socket>();
  private listeners: (() => void)[] = [];
  exited = false;
  /** Chunks from the link's TCP side not passed on (they held a 0x04). */
  dropped = 0;
  /** Ctrl-C bytes from the REPL's side not passed on. */
  ctrlCDropped = 0;
  /** Forwards to the interpreter's REPL (TCP 2323), guarding its Ctrl-C exit. */
  private readonly repl: net.Server;
  private readonly replSockets = new Set<net.Socket>();

  private constructor(proc: ChildProcessWithoutNullStreams, server: net.Server, repl: net.Server) {
    this.proc = proc;
    this.server = server;
    this.repl = repl;
    proc.stdout.on('data', (b: Buffer) => {
      this.stdout = Buffer.concat([this.stdout, b]);
      for (const c of this.clients) if (!c.destroyed) c.write(b);
      this.notify();
    });
    proc.stderr.on('data', (b: Buffer) => {
      this.stdout = Buffer.concat([this.stdout, b]);
      this.notify();
    });
    proc.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    // EPIPE once it has exited: reported by the waits as "the interpreter exited", not a crash
    proc.stdin.on('error', () => undefined);
    server.on('connection', (socket) => {
      this.clients.add(socket);
      socket.on('data', (b: Buffer) => {
        // the Linux build exits(0) on a 0x04 (Ctrl-D) byte on stdin, even with the console
        // elsewhere: a chunk holding one is lost here, as a frame on a noisy link would be
        // (nucleon flash retries with a fresh seq); a board's USB carries any byte
        if (b.includes(CTRL_D)) this.dropped++;
        else this.toStdin(b);
      });
      socket.on('close', () => this.clients.delete(socket));
      socket.on('error', () => this.clients.delete(socket));
    });
    repl.on('connection', (down) => {
      const up = net.connect(TELNET_PORT, '127.0.0.1');
      this.replSockets.add(down).add(up);
      up.on('data', (b: Buffer) => down.write(b));
      down.on('data', (b: Buffer) => up.write(this.withoutCtrlC(b)));
      const pairs: [net.Socket, net.Socket][] = [
        [up, down],
        [down, up],
      ];
      for (const [a, z] of pairs) {
        a.on('close', () => {
          this.replSockets.delete(a);
          z.end();
        });
        a.on('error', () => z.destroy());
      }
    });
  }

  /** `b` without its Ctrl-C bytes (counted). */
  private withoutCtrlC(b: Buffer): Buffer {
    if (!b.includes(CTRL_C)) return b;
    const kept = b.filter((x) => x !== CTRL_C);
    this.ctrlCDropped += b.length - kept.length;
    return Buffer.from(kept);
  }

  /** Writes to the interpreter's stdin (the USB link) unless it has exited. */
  toStdin(b: Buffer): void {
    if (!this.exited) this.proc.stdin.write(b);
  }

  static async start(dir: string): Promise<TelnetRig> {
    // the CLI must reach this interpreter, not whatever else holds the fixed port
    if (await telnetAccepts()) throw new Error(`TCP ${TELNET_PORT} is already in use on 127.0.0.1: another interpreter with --telnet is running (this test needs the port alone)`);
    const proc = spawnInterpreter(binary, ['--telnet'], { cwd: dir });
    const server = net.createServer();
    const repl = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    await new Promise<void>((resolve) => repl.listen(0, '127.0.0.1', resolve));
    return new TelnetRig(proc, server, repl);
  }

  get linkPort(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** The REPL's port for the espruino CLI: TCP 2323 through the Ctrl-C guard. */
  get replPort(): number {
    return (this.repl.address() as net.AddressInfo).port;
  }

  /** Resolves once the interpreter listens on TCP 2323 (it starts to after its first prompt). */
  async replListening(): Promise<void> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      if (await telnetAccepts()) return;
      if (this.exited) throw new Error('the interpreter exited before listening on TCP 2323: ' + this.text.slice(-600));
      if (Date.now() > deadline) throw new Error('the interpreter does not listen on TCP 2323: ' + JSON.stringify(this.text.slice(-600)));
      await new Promise<void>((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Resolves once the interpreter's output holds `text` (from byte `from` on). */
  async waitFor(text: string, from = 0): Promise<void> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (!this.stdout.subarray(from).includes(text)) {
      if (this.exited) throw new Error(`the interpreter exited before printing ${JSON.stringify(text)}: ` + this.text.slice(-600));
      if (Date.now() > deadline) throw new Error(`no ${JSON.stringify(text)} on stdout: ` + JSON.stringify(this.text.slice(-600)));
      await this.change();
    }
  }

  /** Resolves on the next output or exit, or after a second (to re-check a deadline). */
  private change(): Promise<void> {
    return new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 1000);
      this.listeners.push(() => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  get text(): string {
    return this.stdout.toString('latin1');
  }

  private notify(): void {
    const l = this.listeners;
    this.listeners = [];
    for (const f of l) f();
  }

  /** Writes a request to the USB link (stdin) with the first seq from `seqFrom` whose frame has no 0x04; returns that seq. */
  sendRequest(seqFrom: number, op: number, args: P.CborValue[]): number {
    let seq = seqFrom;
    let frame = Buffer.from(P.encodeFrame(P.encodeRequest(seq, op, args)));
    while (frame.includes(CTRL_D)) frame = Buffer.from(P.encodeFrame(P.encodeRequest(++seq, op, args)));
    this.toStdin(Buffer.concat([Buffer.of(0), frame]));
    return seq;
  }

  /** Sends a request and resolves its response, read from stdout. */
  request(seqFrom: number, op: number, args: P.CborValue[]): Promise<P.ResponseMessage> {
    const from = this.stdout.length;
    return this.responseTo(new Set([this.sendRequest(seqFrom, op, args)]), from);
  }

  /** Sends a request every 2 s (a fresh seq each) until one is answered. */
  requestUntilAnswered(seqFrom: number, op: number, args: P.CborValue[]): Promise<P.ResponseMessage> {
    const from = this.stdout.length;
    const sent = new Set<number>();
    let seq = seqFrom;
    let nextSendMs = 0;
    return this.responseTo(sent, from, () => {
      if (Date.now() < nextSendMs) return;
      seq = this.sendRequest(seq, op, args);
      sent.add(seq++);
      nextSendMs = Date.now() + 2000;
    });
  }

  /** The response to one of `seqs` among the frames on stdout from byte `from` on, once it is there; `tick` runs before each look. */
  async responseTo(seqs: Set<number>, from: number, tick?: () => void): Promise<P.ResponseMessage> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      tick?.();
      const r = messagesIn(this.stdout.subarray(from)).find((m): m is P.ResponseMessage => m.kind === 'response' && seqs.has(m.seq));
      if (r !== undefined) return r;
      if (this.exited) throw new Error('the interpreter exited: ' + this.text.slice(-600));
      if (Date.now() > deadline) throw new Error(`no response to seq ${[...seqs].join(', ')} on stdout: ` + JSON.stringify(this.text.slice(-600)));
      await this.change();
    }
  }

  async close(): Promise<void> {
    for (const c of this.clients) c.destroy();
    for (const c of this.replSockets) c.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await new Promise<void>((resolve) => this.repl.close(() => resolve()));
    if (!this.exited) {
      const gone = new Promise<void>((resolve) => this.proc.once('exit', () => resolve()));
      this.proc.kill('SIGKILL');
      await gone;
    }
  }
}

function runFlash(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'nucleon.js'), 'flash', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

function helloVersion(r: P.ResponseMessage): unknown {
  expect(r.status).toBe(P.Status.OK);
  return ((r.result as P.CborValue[])[0] as { firmwareVersion?: unknown }).firmwareVersion;
}

/** Resolves once what came back on `sock` holds `text`; rejects when the rig's interpreter exits first. */
function replExpect(rig: TelnetRig, sock: net.Socket, got: { text: string }, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => done(new Error(`no ${JSON.stringify(text)} from the REPL: ${JSON.stringify(got.text)}`)), REPLY_TIMEOUT_MS);
    const check = (): void => {
      if (got.text.includes(text)) done();
      else if (rig.exited) done(new Error(`the interpreter exited before answering ${JSON.stringify(text)}: ${JSON.stringify(got.text)}`));
    };
    const done = (e?: Error): void => {
      clearTimeout(guard);
      sock.off('data', onData);
      rig.proc.off('exit', check);
      if (e === undefined) resolve();
      else reject(e);
    };
    const onData = (): void => {
      setImmediate(check);
    };
    sock.on('data', onData);
    rig.proc.on('exit', check);
    check();
  });
}

d('the rig keeps the Linux-only Ctrl-C exit from the interpreter', () => {
  const fx = rigFixture('nucleon-ctrlc-', 'each');

  test("two Ctrl-C through the rig's REPL port, as the espruino CLI sends when the REPL is slow: none reaches the interpreter, which answers after them", async () => {
    const rig = (fx.rig.current = await TelnetRig.start(fx.dir()));
    const sock = new net.Socket();
    try {
      await rig.replListening();
      const got = { text: '' };
      sock.on('data', (b: Buffer) => (got.text += b.toString('latin1')));
      sock.on('error', () => undefined); // a closed REPL shows as the interpreter's exit below
      sock.connect(rig.replPort, '127.0.0.1');
      // straight to TCP 2323 the second would make it exit (measured by hand: docs/firmware.md)
      sock.write('\x03');
      sock.write('\x03');
      sock.write('\x10print("ALIVE"+(1+2))\n');
      await replExpect(rig, sock, got, 'ALIVE3');
      expect(rig.ctrlCDropped).toBe(2);
      expect(got.text).not.toContain('Press Ctrl-C again');
    } finally {
      sock.destroy();
    }
  }, 60_000);
});

/**
 * Appended to the double: the firmware's first hardware call (digitalWrite in the HAL's
 * constructor, inside the bundle's evaluation, before 'init') says `@@INBOOT` on the USB link and
 * holds until the file `go` exists, then 1 s more so the interpreter's input thread has taken
 * what the test wrote meanwhile (the tests below pass whatever that takes; only their power to
 * catch an unwrapped bundle leans on it). USB.write reaches stdout wherever the console is.
 */
const BOOT_HOLD =
  'var __dwBoot = digitalWrite, __held = false;\n' +
  'digitalWrite = function (p, v) {\n' +
  "  if (!__held) { __held = true; USB.write('@@INBOOT\\n'); var t = getTime();\n" +
  "    while (require('fs').statSync('go') === undefined && getTime() - t < 30) {}\n" +
  '    t = getTime(); while (getTime() - t < 1) {} }\n' +
  '  return __dwBoot(p, v);\n' +
  '};\n';

/** A fresh flash in `dir` holding `double` as `.boot0` and the file `bootcde` (in `dir`) as `.bootcde`, written by one run of the interpreter. */
async function storeBoot(dir: string, double: string, bootcde: string): Promise<void> {
  fs.writeFileSync(path.join(dir, 'double.js'), double);
  fs.writeFileSync(
    path.join(dir, 'prog.js'),
    "var s = require('Storage'); s.eraseAll();\n" +
      "s.write('.boot0', require('fs').readFileSync('double.js'));\n" +
      `s.write('.bootcde', require('fs').readFileSync(${JSON.stringify(bootcde)}));\n` +
      "print('@@STORED ' + s.list().join(',')); quit();\n",
  );
  const stored = await runOnce(dir);
  expect(stored).toMatch(/@@STORED .boot0,.bootcde/);
  expect(stored).not.toMatch(FAULT);
}

/** A temporary directory and the rig started in it, for each test (`each`) or the describe (`all`); the rig closed and the directory removed after. */
function rigFixture(prefix: string, scope: 'each' | 'all'): { dir: () => string; rig: { current?: TelnetRig } } {
  let dir = '';
  const rig: { current?: TelnetRig } = {};
  (scope === 'each' ? beforeEach : beforeAll)(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  });
  (scope === 'each' ? afterEach : afterAll)(async () => {
    await rig.current?.close();
    rig.current = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { dir: () => dir, rig };
}

/** Stores the double (with BOOT_HOLD) and a fresh build as `.boot0` and `.bootcde` in `dir`, starts the interpreter, and returns once the boot is held inside the bundle. */
async function heldBoot(dir: string, version: string): Promise<TelnetRig> {
  await buildFirmware({ outFile: path.join(dir, 'fw.js'), version });
  await storeBoot(dir, doubleSource() + '\n' + BOOT_HOLD, 'fw.js');
  const rig = await TelnetRig.start(dir);
  await rig.waitFor('@@INBOOT');
  return rig;
}

d('the boot from flash, held inside the bundle (the real interpreter)', () => {
  const fx = rigFixture('nucleon-boot-', 'each');

  test('a hello (0x03 in it) that reaches the link while the bundle is evaluated does not interrupt the boot: the firmware starts and answers it', async () => {
    const version = '3.0.0-boot';
    const rig = (fx.rig.current = await heldBoot(fx.dir(), version));
    const from = rig.stdout.length;
    // what a host sends when it opens the port at power-up
    const early = Buffer.from(P.encodeFrame(P.encodeRequest(101, P.Op.HELLO, [P.PROTOCOL_VERSION])));
    expect(early.includes(0x03)).toBe(true);
    expect(early.includes(CTRL_D)).toBe(false);
    rig.toStdin(Buffer.concat([Buffer.of(0), early]));
    fs.writeFileSync(path.join(fx.dir(), 'go'), '');

    // it waits in the input queue until the firmware listens, and is answered then
    const r = await rig.responseTo(new Set([101]), from);
    expect(helloVersion(r)).toBe(version);
    expect(rig.text).not.toContain('Execution Interrupted');
    expect(FAULT.exec(rig.text)?.[0] ?? null).toBeNull();
  }, 120_000);

  test('a boot cut short inside the bundle (interrupted: no exception to catch) gives the REPL back on the link', async () => {
    const rig = (fx.rig.current = await heldBoot(fx.dir(), '3.0.1-cut'));
    const from = rig.stdout.length;
    // SIGINT is the Linux build's Ctrl-C: the held evaluation stops where it is
    rig.proc.kill('SIGINT');
    fs.writeFileSync(path.join(fx.dir(), 'go'), '');
    // the wrap's timer moves the console back from the idle loop; the REPL answers on USB
    await rig.waitFor('<- LoopbackA', from);
    rig.toStdin(Buffer.from('\x10print("ALIVE"+(1+2))\n', 'latin1'));
    await rig.waitFor('ALIVE3', from);
  }, 120_000);
});

d('nucleon flash into the real Espruino interpreter (espruino-pico --telnet)', () => {
  const fx = rigFixture('nucleon-flash-telnet-', 'all');

  test('stores the bundle as .bootcde, boots it from flash, hello on the USB link reports the new build, no interpreter error', async () => {
    // a board that runs an older firmware from flash, over the double in .boot0
    const dir = fx.dir();
    await buildFirmware({ outFile: path.join(dir, 'old.js'), version: BEFORE });
    await storeBoot(dir, doubleSource(), 'old.js');

    const rig = (fx.rig.current = await TelnetRig.start(dir));
    await rig.waitFor(CONSOLE_TAKEN);
    expect(helloVersion(await rig.requestUntilAnswered(101, P.Op.HELLO, [P.PROTOCOL_VERSION]))).toBe(BEFORE);

    const outFile = path.join(dir, 'new.js');
    const t0 = Date.now();
    const flash = await runFlash(['--port', `tcp://127.0.0.1:${rig.replPort}`, '--link', `tcp://127.0.0.1:${rig.linkPort}`], {
      NUCLEON_FW_VERSION: FLASHED,
      NUCLEON_FW_OUT: outFile,
    });
    const wallMs = Date.now() - t0;
    expect({ code: flash.code, out: flash.out }).toEqual({ code: 0, out: expect.stringContaining(`verified: board answers hello with firmware ${FLASHED}`) as unknown as string });
    expect(flash.out).toContain(`running firmware: ${BEFORE}`);
    expect(flash.out).toContain('console handed back to the REPL');
    process.stdout.write(`flash into espruino-pico --telnet: ${fs.statSync(outFile).size} bytes, ${(wallMs / 1000).toFixed(1)} s wall (nucleon flash), ${rig.dropped} link chunks dropped (0x04), ${rig.ctrlCDropped} Ctrl-C held back from the REPL\n`);

    // the USB link, straight: stdin in, stdout out
    expect(helloVersion(await rig.request(202, P.Op.HELLO, [P.PROTOCOL_VERSION]))).toBe(FLASHED);
    const status = await rig.request(203, P.Op.STATUS, []);
    expect(status.status).toBe(P.Status.OK);

    expect(FAULT.exec(rig.text)?.[0] ?? null).toBeNull();
    expect(FAULT.exec(flash.out)?.[0] ?? null).toBeNull();
  }, 240_000);

  test('the fake flash (espruino.flash) holds exactly the new bundle as the one live .bootcde', async () => {
    await fx.rig.current?.close();
    fx.rig.current = undefined;
    const dir = fx.dir();
    const files = storageFiles(fs.readFileSync(path.join(dir, 'espruino.flash')));
    expect(files.map((f) => f.name).sort()).toEqual(['.boot0', '.bootcde']);
    const bootcde = files.find((f) => f.name === '.bootcde') as StoredFile;
    expect(bootcde.data.equals(fs.readFileSync(path.join(dir, 'new.js')))).toBe(true);
  });
});

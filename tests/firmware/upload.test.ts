/**
 * Flashing end to end without hardware: `nucleon flash --port tcp://…` (the real `espruino` CLI's
 * own Storage upload) into `nucleon sim --tcp` stores the bundle in the twin's flash as
 * `.bootcde`, boots it from there, and hello reports the new build; a power-up boots it again.
 * Then the REPL pieces that path relies on, against what the real interpreter does (measured
 * on espruino-pico 2v29, tools/espruino): Storage.write's offset/size semantics and errors, the
 * boot order of load()/reset(), the process.env answer the CLI reads, and the old RAM upload.
 */
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { openSimBoard, type SimBoardWithRuntime } from '../../board/twin/sim';
import { BOOT_CODE_FILE } from '../../board/twin/espruino';
import { boardFaults, espruinoFlashArgs, PRE_UPLOAD_LINE, RESET_PROBE, resetAnswers } from '../../host/cli/commands/flash';
import { decodeMessage, encodeFrame, encodeRequest, FrameDecoder } from '../../protocol';
import { Op } from '../../protocol/ops';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { buildTestBundle, removeBundle, SimClient } from './sim-client';

const ROOT = path.join(__dirname, '..', '..');
const NUCLEON = path.join(ROOT, 'bin', 'nucleon.js');
let running = '';
let dir = '';

beforeAll(async () => {
  running = await buildTestBundle('1.0.0-before');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-upload-'));
}, 60000);
afterAll(() => {
  removeBundle(running);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** `nucleon sim --tcp 0 --state FILE`; resolves its port from the first line it prints. */
function startSim(stateFile: string): Promise<{ child: ChildProcess; port: number; exited: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NUCLEON, 'sim', '--tcp', '0', '--state', stateFile], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number>((r) => child.on('exit', (code) => r(code ?? 1)));
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^tcp:\/\/127\.0\.0\.1:(\d+)\n/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), exited });
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    void exited.then((code) => reject(new Error(`nucleon sim exited (${code}) before listening: ${out}`)));
  });
}

/** One hello on a board's link (the firmware it booted must answer). */
function hello(board: SimBoardWithRuntime): Promise<{ status: number; result: unknown[] }> {
  return new Promise((resolve) => {
    const dec = new FrameDecoder({
      onFrame(cbor) {
        const m = decodeMessage(cbor);
        if (m.kind === 'response' && m.seq === 9) resolve({ status: m.status, result: m.result as unknown[] });
      },
      onError() {
        /* console text */
      },
    });
    board.onData((bytes) => dec.push(bytes));
    board.write(Buffer.concat([Buffer.of(0), Buffer.from(encodeFrame(encodeRequest(9, Op.HELLO, [PROTOCOL_VERSION])))]));
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [NUCLEON, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

test('nucleon flash into nucleon sim: the bundle is Storage .bootcde byte for byte, boots from flash, hello reports the build, and a power-up boots it again', async () => {
  // a board that runs 1.0.0-before from flash (its state file holds the .bootcde)
  const stateFile = path.join(dir, 'board.json');
  const setup = (await openSimBoard(`sim:state=${stateFile}`, { firmwarePath: running })) as SimBoardWithRuntime;
  expect(setup.twin.storage.write(BOOT_CODE_FILE, fs.readFileSync(running, 'latin1'))).toBe(true);
  await setup.close();

  const sim = await startSim(stateFile);
  const outFile = path.join(dir, 'flashed.js');
  let flash: { code: number; out: string };
  try {
    flash = await run(['flash', '--port', `tcp://127.0.0.1:${sim.port}`], { NUCLEON_FW_VERSION: '2.0.0-flashed', NUCLEON_FW_OUT: outFile });
  } finally {
    sim.child.kill('SIGTERM'); // the sim saves the board (Storage included) to the state file
    expect(await sim.exited).toBe(0);
  }
  expect({ code: flash.code, out: flash.out }).toEqual({ code: 0, out: expect.stringContaining('verified: board answers hello with firmware 2.0.0-flashed') as unknown as string });
  expect(flash.out).toContain('running firmware: 1.0.0-before');
  expect(flash.out).toContain('console handed back to the REPL');

  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { storage: { [name: string]: string } };
  expect(Object.keys(state.storage)).toEqual([BOOT_CODE_FILE]);
  expect(state.storage[BOOT_CODE_FILE] === fs.readFileSync(outFile, 'latin1')).toBe(true);

  // power-up: the twin boots what its flash holds
  const board = (await openSimBoard(`sim:state=${stateFile}`)) as SimBoardWithRuntime;
  try {
    expect(board.runtime.consoleDevice).toBe('LoopbackA');
    const after = await hello(board);
    expect(after.status).toBe(0);
    expect((after.result[0] as { firmwareVersion: string }).firmwareVersion).toBe('2.0.0-flashed');
    expect(board.runtime.errors).toEqual([]);
  } finally {
    await board.close();
  }
}, 180000);

test("nucleon flash's line before the upload stops the running firmware (after the console op) and is no error", async () => {
  const c = await SimClient.open(running);
  try {
    await c.ok(Op.CONSOLE, []);
    expect(c.board.runtime.program).toBeDefined();
    const out: string[] = [];
    c.board.onData((d) => out.push(Buffer.from(d).toString('latin1')));
    // the REPL knows the mark before reset() has run, and not after: reset() clears the REPL's variables
    c.board.write(Buffer.from('\x10E.enableWatchdog(10, true); __nucleonFlash = 1\n' + RESET_PROBE, 'latin1'));
    await c.until(() => resetAnswers(out.join('')).length === 1, 'the probe answered');
    expect(resetAnswers(out.join(''))).toEqual(['number']);
    c.board.write(Buffer.from(PRE_UPLOAD_LINE + RESET_PROBE, 'latin1'));
    await c.until(() => c.board.runtime.program === undefined, 'the firmware stopped');
    await c.until(() => resetAnswers(out.join('')).length === 2, 'the probe answered');
    expect(resetAnswers(out.join(''))).toEqual(['number', 'undefined']);
    expect(out.join('')).not.toMatch(/Uncaught|ERROR/);
    expect(c.board.runtime.pendingReplLines).toBe(0);
    expect(c.board.runtime.consoleDevice).toBe('USB');
  } finally {
    await c.close();
  }
});

/** What the espruino CLI sends for `--storage NAME:FILE -e 'load()'` (its getUploadFileCode, 384-byte chunks), after its line numbers. */
function cliFlashUpload(name: string, data: string): string {
  const lines: string[] = [];
  for (let i = 0; i < data.length; i += 384) {
    const part = Buffer.from(data.substr(i, 384), 'latin1').toString('base64');
    lines.push(`require("Storage").write(${JSON.stringify(name)},atob(${JSON.stringify(part)}),${i}${i === 0 ? ',' + data.length : ''})`);
  }
  lines.push('load()');
  return '\x10print()\n' + lines.map((l, n) => `\x10\x1b[${n + 1}d${l}\n`).join('') + '\n';
}

test("the CLI's flash upload in one chunk: Storage assembles the file exactly, load() boots it, and bytes after load() reach the new firmware", async () => {
  const c = await SimClient.open(running);
  try {
    await c.ok(Op.CONSOLE, []);
    const bundle = fs.readFileSync(running, 'latin1');
    c.resetDecoder();
    // the upload, then (same chunk) a 0x00 and a hello frame: they are the booted firmware's
    const seq = c.seq();
    c.board.write(Buffer.concat([Buffer.from(cliFlashUpload(BOOT_CODE_FILE, bundle), 'latin1'), Buffer.of(0), Buffer.from(c.frame(seq, Op.HELLO, [PROTOCOL_VERSION]))]));
    const r = await c.reply(seq);
    expect(c.board.twin.storage.read(BOOT_CODE_FILE) === bundle).toBe(true);
    expect(r.status).toBe(0);
    expect((r.result[0] as { firmwareVersion: string }).firmwareVersion).toBe('1.0.0-before');
    expect(c.board.runtime.errors).toEqual([]);
  } finally {
    await c.close();
  }
});

async function blankBoard(): Promise<{ board: SimBoardWithRuntime; out: () => string }> {
  const board = (await openSimBoard('sim', { firmwarePath: running })) as SimBoardWithRuntime;
  board.runtime.resetProgram(false);
  const chunks: string[] = [];
  board.onData((d) => chunks.push(Buffer.from(d).toString('latin1')));
  return {
    board,
    out: () => {
      const s = chunks.join('');
      chunks.length = 0;
      return s;
    },
  };
}

/** The host link delivers asynchronously: wait for the REPL's final prompt. */
async function answer(out: () => string, board: SimBoardWithRuntime, line: string): Promise<string> {
  board.write(Buffer.from(line + '\n', 'latin1'));
  let text = '';
  for (let i = 0; i < 200 && !text.endsWith('>'); i++) {
    await new Promise((r) => setImmediate(r));
    text += out();
  }
  return text;
}

test('Storage.write with offset and size at the REPL: the results and errors of espruino-pico 2v29', async () => {
  const { board, out } = await blankBoard();
  try {
    // each line as typed on espruino-pico (echo on), and the line it answered with (measured)
    expect(await answer(out, board, 'require("Storage").write("x","ab",0,4)')).toContain('=true');
    expect(await answer(out, board, 'require("Storage").write("x","cd",2)')).toContain('=true');
    expect(await answer(out, board, 'require("Storage").write("x","cd",2)')).toContain('Uncaught Error: File already written with different data');
    expect(await answer(out, board, 'require("Storage").write("y","cd",2)')).toContain('Uncaught Error: Unable to find or create file');
    expect(await answer(out, board, 'require("Storage").write("x","cde",2)')).toContain('Uncaught Error: Too much data for file size');
    expect(await answer(out, board, 'require("Storage").read("x")')).toContain('="abcd"');
    // a file created with a size and not filled keeps its erased bytes
    await answer(out, board, 'require("Storage").write("z","ab",0,4)');
    expect(board.twin.storage.read('z')).toBe('ab\xff\xff');
    // offset 0 with a new size makes a new file
    await answer(out, board, 'require("Storage").write("x","hello",0,5)');
    expect(board.twin.storage.read('x')).toBe('hello');
  } finally {
    await board.close();
  }
});

test('load() boots .boot0 … .boot3, then .bootcde, then init; load(file) boots the .boot files, init, then the file; reset() the .boot files and init only', async () => {
  const { board, out } = await blankBoard();
  try {
    const s = board.twin.storage;
    s.write('.boot0', "print('boot0'); E.on('init', function () { print('init0'); });");
    s.write('.boot2', "print('boot2 sees ' + typeof fromBoot0);");
    s.write('.boot1', 'var fromBoot0 = 1;');
    s.write(BOOT_CODE_FILE, "print('bootcde'); E.on('init', function () { print('initcde'); });");
    s.write('app', "print('app'); E.on('init', function () { print('initapp'); });");
    const lines = (t: string): string[] => t.split(/\r?\n/).filter((l) => /^(boot|init|app)/.test(l));
    // order as espruino-pico printed it
    expect(lines(await answer(out, board, '\x10load()'))).toEqual(['boot0', 'boot2 sees number', 'bootcde', 'init0', 'initcde']);
    expect(lines(await answer(out, board, '\x10reset()'))).toEqual(['boot0', 'boot2 sees number', 'init0']);
    expect(lines(await answer(out, board, '\x10load("app")'))).toEqual(['boot0', 'boot2 sees number', 'init0', 'app']);
  } finally {
    await board.close();
  }
});

test("the process.env answer is what stops the CLI downloading modules: MODULES lists Storage (its isBuiltIn reads MODULES first)", async () => {
  const { board, out } = await blankBoard();
  try {
    const text = await answer(out, board, '\x10print("<","<<",JSON.stringify(process.env),">>",">")');
    // the CLI's executeExpression: between "< <<" and ">> >"
    const start = text.indexOf('< <<');
    const end = text.indexOf('>> >', start);
    const env = JSON.parse(text.substring(start + 4, end)) as { VERSION: string; BOARD: string; MODULES: string; CONSOLE: string };
    expect(env.VERSION).toBe('2v29');
    expect(env.BOARD).toBe('PICO_R1_3');
    expect(env.CONSOLE).toBe('USB');
    expect(env.MODULES.split(',')).toContain('Storage');
  } finally {
    await board.close();
  }
});

test('the old RAM upload still works in the twin: reset(), code lines (ESC-newline joined), save() stores and boots them', async () => {
  const { board, out } = await blankBoard();
  try {
    await answer(out, board, '\x03\x10reset();');
    board.write(Buffer.from('\x10var x = 1;\x1b\nvar y = 2;\n\x10E.on("init", function () { print("saved " + (x + y)); });\n', 'latin1'));
    expect(await answer(out, board, '\x10save()')).toContain('saved 3');
    expect(board.twin.storage.read(BOOT_CODE_FILE)).toBe('var x = 1;\nvar y = 2;\nE.on("init", function () { print("saved " + (x + y)); });');
    expect(board.runtime.pendingReplLines).toBe(0);
  } finally {
    await board.close();
  }
});

test('an upload without save() or load() runs nothing and stores nothing', async () => {
  const { board, out } = await blankBoard();
  try {
    const text = await answer(out, board, '\x03\x10reset();\n\x10var x = 1;\x1b\nvar y = 2;\n\x10print("<","<<",JSON.stringify(process.env),">>",">")');
    expect(text).toMatch(/< << \{"VERSION":"2v29","BUILD_DATE":"[^"]+","BOARD":"PICO_R1_3"/);
    expect(board.runtime.pendingReplLines).toBe(1);
    expect(board.runtime.program).toBeUndefined();
    expect(board.twin.storage.read(BOOT_CODE_FILE)).toBeUndefined();
  } finally {
    await board.close();
  }
});

test('nucleon flash runs the CLI as a Storage upload and fails on a fault the board printed during it', () => {
  expect(espruinoFlashArgs('/dev/ttyACM0', 'dist/firmware.js')).toEqual(['--no-ble', '-p', '/dev/ttyACM0', '--storage', '.bootcde:dist/firmware.js', '-e', 'load()']);
  const cli = 'Connecting to \'/dev/ttyACM0\'\nFound PICO_R1_3, 2v29\n--] >\n--] Uncaught Error: Unable to find or create file\n--]     at REPL (:1:36)\n--] >\nUpload Complete\n';
  expect(boardFaults(cli)).toEqual(['Uncaught Error: Unable to find or create file']);
  expect(boardFaults('--] >\n--] >>>\nUpload Complete\n')).toEqual([]);
});

test("nucleon flash's reset probe: the REPL's answers in order; only `undefined` says reset() has run (texts of espruino-pico 2v29)", () => {
  // recorded on espruino-pico --telnet: the Ctrl-C's answer, a probe run before reset(), the banner, a probe after
  const ctrlC = '\r\x1b[JPress Ctrl-C again to exit\r\n>';
  const banner = '\r\n ____                 _ \r\n|_| espruino.com\r\n 2v29.277 (c) 2026 G.Williams\r\n\r\n>';
  expect(resetAnswers(ctrlC)).toEqual([]);
  expect(resetAnswers(ctrlC + '@@RESET number\r\n>')).toEqual(['number']);
  expect(resetAnswers(ctrlC + '@@RESET number\r\n>' + banner + '@@RESET undefined\r\n>')).toEqual(['number', 'undefined']);
  // the echo of a probe (were echo on) is not an answer
  expect(resetAnswers(RESET_PROBE)).toEqual([]);
});

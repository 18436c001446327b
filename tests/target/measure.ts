/**
 * What the firmware costs on the real Espruino interpreter: interpreter ms per op on the
 * 16 000-variable build (code in RAM), scaled to a Pico by the Leibniz loop measured in the same
 * run, and free variables on the Pico-layout build booted from flash, after boot and at the
 * lowest point of a sustained mix. Used by `make bench` (bench/firmware-espruino.ts), by the
 * twin's cost table refresh, and by the target tier's memory test.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as P from '../../protocol';
import type { FirmwareBoard } from '../../firmware/board';
import { doubleConfigFor } from './double-config';
import { EspruinoTarget, spawnInterpreter } from './interpreter';
import { Requests, calibrateChannel, okResult, READ_ADVANCE_MS } from './requests';

/** µs per Leibniz iteration on an Espruino Pico (public 2017 measurement; tools README). */
export const PICO_LEIBNIZ_US = 458;
export const LEIBNIZ_ITERATIONS = 100_000;
/** Calls timed to price one stand-in call (prelude's __calibrate). */
const STAND_IN_CALLS = 2000;

/** The ops the cost table prices, with a request and how far to advance time for it to finish. */
export interface PricedOp {
  name: string;
  op: number;
  args: () => P.CborValue[];
  advanceMs: number;
}

const XS10 = [0.5, -1.25, 2.5, 0.75, -3, 1.5, -0.5, 3.5, -2, 0.25];

export function pricedOps(): PricedOp[] {
  return [
    { name: 'hello', op: P.Op.HELLO, args: () => [P.PROTOCOL_VERSION], advanceMs: 0 },
    { name: 'status', op: P.Op.STATUS, args: () => [], advanceMs: 0 },
    { name: 'heartbeat', op: P.Op.HEARTBEAT, args: () => [7], advanceMs: 0 },
    { name: 'configGet', op: P.Op.CONFIG_GET, args: () => [], advanceMs: 0 },
    { name: 'read', op: P.Op.READ, args: () => [3], advanceMs: READ_ADVANCE_MS },
    { name: 'pulse', op: P.Op.PULSE, args: () => [3, 20000, 5], advanceMs: 100 },
    { name: 'setReset', op: P.Op.SET_RESET, args: () => [3, 12000, 5], advanceMs: 100 },
    { name: 'calGet', op: P.Op.CAL_GET, args: () => [3], advanceMs: 0 },
    { name: 'activate', op: P.Op.ACTIVATE, args: () => [3, 0.5], advanceMs: 20_000 },
    { name: 'activateMany', op: P.Op.ACTIVATE_MANY, args: () => [null, P.packF32le(XS10)], advanceMs: 120_000 },
    { name: 'safe', op: P.Op.SAFE, args: () => [], advanceMs: 0 },
  ];
}

export interface OpCost {
  name: string;
  /**
   * Median interpreter ms per request on this machine (16 000-variable build): the link
   * receiver's synchronous handling plus the op's own one-shot timer callbacks (settling waits
   * and housekeeping not counted).
   */
  msHere: number;
  /** The same scaled to a Pico: msHere × PICO_LEIBNIZ_US / leibnizUs. */
  msPico: number;
  /** Medians of the parts here: synchronous handling, the callbacks, and how many callbacks. */
  syncMsHere: number;
  callbackMsHere: number;
  callbacks: number;
  runs: number;
}

export interface SpeedFigures {
  leibnizUs: number;
  ratio: number;
  ops: OpCost[];
  /** Interpreter ms per housekeeping tick (watchdog kick, link check), here. */
  housekeepingMsHere: number;
  /**
   * What one call of the double's interpreted stand-ins costs beyond the native call it replaces
   * on a board, ms here: measured in the same run and taken off each op's figures per call.
   */
  standInMs: number;
  /**
   * The lookup of a method among an object's natives (SPI1.write's `write`), ms here: a call of a
   * built-in the firmware holds in a variable (digitalWrite, getTime, …) is spared it on a board,
   * so it is taken off those stand-in calls as well (the prelude's __calibrate).
   */
  lookupMs: number;
  /**
   * The bundle's evaluation, from the end of the double to 'init', ms here (code in RAM): on a
   * board, the time from power-up or load() to the firmware's start.
   */
  bootMsHere: number;
}

/** Kept in the double: the interpreter's clock when the double ends and the bundle begins. */
const BOOT_CLOCK = "var __tb = __V.clock(); E.on('init', function () { __V.bootMs = (__V.clock() - __tb) * 1000; });\n";

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Interpreter time per op, `runs` requests of each (after one warm-up), and the Leibniz figure. */
export async function measureSpeed(binary: string, bundleFile: string, board: FirmwareBoard, runs = 5): Promise<SpeedFigures> {
  const t = await EspruinoTarget.start({ binary, bundleFile, load: 'ram', double: doubleConfigFor(board, { log: false, sampleMemory: false }), preludeTail: BOOT_CLOCK });
  try {
    const bootMsHere = Number(await t.evaluate('__V.bootMs'));
    const req = new Requests();
    for (const ch of board.populated) await calibrateChannel(t, req, ch);
    const leibnizBefore = Number(await t.evaluate(`__leibniz(${LEIBNIZ_ITERATIONS})`));
    const standInMs = Number(await t.evaluate(`__calibrate(${STAND_IN_CALLS})`));
    const lookupMs = Number(await t.evaluate('__V.lookupMs'));
    const ops: OpCost[] = [];
    for (const p of pricedOps()) {
      const sync: number[] = [];
      const cb: number[] = [];
      const calls: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const r = await t.step(req.frame(p.op, p.args()), p.advanceMs);
        okResult(r.out);
        if (i === 0) continue;
        sync.push(r.rxMs);
        cb.push(r.onceMs);
        calls.push(r.onceCalls);
      }
      const syncMsHere = median(sync);
      const callbackMsHere = median(cb);
      ops.push({ name: p.name, msHere: syncMsHere + callbackMsHere, msPico: 0, syncMsHere, callbackMsHere, callbacks: median(calls), runs });
    }
    // ten housekeeping ticks with nothing else to do
    const idle = await t.step(new Uint8Array(0), 2500);
    const housekeepingMsHere = idle.everyMs / 10;
    const leibnizAfter = Number(await t.evaluate(`__leibniz(${LEIBNIZ_ITERATIONS})`));
    const leibnizUs = (leibnizBefore + leibnizAfter) / 2;
    const ratio = PICO_LEIBNIZ_US / leibnizUs;
    for (const o of ops) o.msPico = o.msHere * ratio;
    return { leibnizUs, ratio, ops, housekeepingMsHere, standInMs, lookupMs, bootMsHere };
  } finally {
    await t.close();
  }
}

export interface MemoryFigures {
  total: number;
  /**
   * Variables the hardware double itself holds on the interpreter (its functions, its state): a
   * board has native functions instead, so a board would have this many more free.
   */
  doubleVars: number;
  /** Free variables once the firmware has booted from flash and claimed the link. */
  afterBoot: number;
  /** Lowest free variables seen during the mix (sampled at every hardware call and handler exit). */
  lowest: number;
  /** What the mix did. */
  steps: number;
}

/**
 * Variables held by the double alone: free variables with a program that only claims the link,
 * booted from flash on a bare interpreter, less the same with the double in `.boot0`.
 */
async function doubleFootprint(binary: string, board: FirmwareBoard): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-double-'));
  const empty = path.join(dir, 'empty.js');
  fs.writeFileSync(empty, "E.on('init', function () { USB.on('data', function () {}); });\n");
  try {
    const bare = await bareFree(binary, dir);
    const t = await EspruinoTarget.start({ binary, bundleFile: empty, load: 'flash', double: doubleConfigFor(board, { log: false, sampleMemory: true }) });
    try {
      return bare - (await t.step(new Uint8Array(0), 0)).free;
    } finally {
      await t.close();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Free variables of the interpreter booted from flash with a program that only claims the link. */
function bareFree(binary: string, dir: string): Promise<number> {
  const boot = "setInterval(function () {}, 3600000); E.on('init', function () { USB.on('data', function () {}); setTimeout(function () { print('@@F ' + process.memory().free); }, 10); });";
  fs.writeFileSync(path.join(dir, 'bare.js'), `var s = require('Storage'); s.eraseAll(); s.write('.bootcde', ${JSON.stringify(boot)}); s = undefined; load();\n`);
  return new Promise<number>((resolve, reject) => {
    const p = spawnInterpreter(binary, ['bare.js'], { cwd: dir });
    let out = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), 30_000);
    p.stdout.setEncoding('latin1');
    p.stdout.on('data', (d: string) => {
      out += d;
      const m = /@@F (\d+)\r?\n/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        p.kill('SIGKILL');
        resolve(Number(m[1]));
      }
    });
    p.on('exit', () => {
      clearTimeout(timer);
      if (!/@@F \d+/.test(out)) reject(new Error('bare interpreter printed no free count: ' + JSON.stringify(out.slice(-300))));
    });
  });
}

/**
 * Virtual time per activateMany of the mix: its ten settled reads take ≈ 1.4 s; every
 * housekeeping tick in the rest is interpreted too (120 s per request made the 1 000-request
 * mix 480 000 ticks, ≈ 3 min under qemu), and the batch's stress stays far below the guard.
 */
const MIX_ACTIVATE_MANY_ADVANCE_MS = 2_000;

export interface MixOptions {
  activateMany: number;
  /** Called now and then with (done, total) steps (progress in long runs). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Boots from flash on the Pico-layout build and runs the sustained mix: ten calibrations put and
 * got, `activateMany` requests of ten, a sweep, bad frames (CRC, COBS, shape), retransmissions,
 * status and heartbeats. Every request must be answered as the mix expects.
 */
export async function measureMemory(binary: string, bundleFile: string, board: FirmwareBoard, opts: MixOptions): Promise<MemoryFigures> {
  const doubleVars = await doubleFootprint(binary, board);
  const t = await EspruinoTarget.start({ binary, bundleFile, load: 'flash', double: doubleConfigFor(board, { log: false, sampleMemory: true }) });
  try {
    const boot = await t.step(new Uint8Array(0), 0);
    const total = Number(await t.evaluate('process.memory().total'));
    let lowest = boot.lowest;
    let steps = 0;
    const req = new Requests();
    const note = (r: { lowest: number }): void => {
      if (r.lowest < lowest) lowest = r.lowest;
      steps++;
    };
    for (const ch of board.populated) await calibrateChannel(t, req, ch);
    for (const ch of board.populated) {
      const r = await t.step(req.frame(P.Op.CAL_GET, [ch]), 0);
      okResult(r.out);
      note(r);
    }
    const sweep = await t.step(req.frame(P.Op.SWEEP, [0, 5, -20000, 20000, 40]), 200_000);
    note(sweep);
    const badCrc = req.frame(P.Op.STATUS, []);
    badCrc[2] ^= 0x40;
    for (let i = 0; i < opts.activateMany; i++) {
      const r = await t.step(req.frame(P.Op.ACTIVATE_MANY, [null, P.packF32le(XS10)]), MIX_ACTIVATE_MANY_ADVANCE_MS);
      okResult(r.out);
      note(r);
      if (i % 50 === 0) {
        // a retransmission (answered from the cache), a status, a heartbeat, bad frames
        const again = await t.step(req.frameWithSeq(req.lastSeq, P.Op.ACTIVATE_MANY, [null, P.packF32le(XS10)]), 1000);
        okResult(again.out);
        note(again);
        note(await t.step(req.frame(P.Op.STATUS, []), 0));
        note(await t.step(req.frame(P.Op.HEARTBEAT, [i]), 0));
        note(await t.step(badCrc, 0));
        note(await t.step(new Uint8Array([0x05, 0xff, 0xff, 0x00]), 0));
        opts.onProgress?.(i, opts.activateMany);
      }
    }
    const end = await t.step(new Uint8Array(0), 0);
    note(end);
    return { total, doubleVars, afterBoot: boot.free, lowest, steps };
  } finally {
    await t.close();
  }
}

/**
 * Guest instructions per request of the firmware on `espruino-pico-16k` (the Pico-layout build)
 * under qemu-i386: a deterministic companion to the timed figures of bench/firmware-espruino.ts,
 * for telling small changes apart (timing under qemu moves ±5 % from run to run; this, ±0.01 %).
 *
 *   node -r ts-node/register/transpile-only bench/firmware-icount.ts [BUNDLE …]   (default dist/firmware.js)
 *   RUNS=n (default 3), OPS=activateMany,status (default: hello status heartbeat activate activateMany)
 *
 * bench/qemu-iclock.c, a qemu TCG plugin built here with gcc, counts every guest instruction and
 * answers the interpreter's clock read (clock_gettime64) with that count (1 s = 1e9 instructions),
 * so the double's own accounting (firmware time less its stand-ins for the native calls,
 * tests/target/double/espruino-prelude.js) comes out in instructions: "ms" below are M instructions.
 * Needs qemu-i386 (Debian's qemu-user) and gcc; a kernel that runs 32-bit programs natively still
 * runs them under qemu here.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EspruinoTarget } from '../tests/target/interpreter';
import { doubleConfigFor } from '../tests/target/double-config';
import { Requests, calibrateChannel, okResult } from '../tests/target/requests';
import { pricedOps } from '../tests/target/measure';
import { firmwareBoardFrom } from '../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../board/definitions';

/** Where qemu puts the guest's memory (the plugin writes the clock's answer there). */
const GUEST_BASE = '0x100000000';
const BINARY = path.resolve(__dirname, '../../shared/tools/espruino/espruino-pico-16k');

/** Why instruction counting cannot run here (no qemu-i386 or gcc), or undefined when it can. */
export function icountUnavailable(): string | undefined {
  for (const [tool, pkg] of [['qemu-i386', 'qemu-user'], ['gcc', 'gcc']]) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `${tool} not found (apt-get install -y ${pkg})`;
    }
  }
  return undefined;
}

function buildPlugin(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-iclock-'));
  const out = path.join(dir, 'libiclock.so');
  execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', out, path.join(__dirname, 'qemu-iclock.c')], { stdio: ['ignore', 'ignore', 'inherit'] });
  return out;
}

export interface OpInstructions {
  name: string;
  /** Median M instructions per request (firmware only: the double's stand-ins taken off). */
  mInstructions: number;
  runs: number;
}

/** What the double takes off per stand-in call, thousand instructions (the prelude's __calibrate). */
export interface StandInPrices {
  /** A stand-in call beyond a native method call (`m.min(…)`). */
  standInK: number;
  /** The native method lookup, taken off a stand-in of a built-in the firmware calls through a variable. */
  lookupK: number;
}

/** The ops counted by default, as the speed bench sends them (tests/target/measure.ts, pricedOps): those with goals, heartbeat and activate. */
const DEFAULT_OPS = ['hello', 'status', 'heartbeat', 'activate', 'activateMany'];

/** Instructions per request of `ops` (default all five) for one bundle. */
export async function measureInstructions(bundleFile: string, runs = 3, ops?: string[], prices?: StandInPrices): Promise<OpInstructions[]> {
  const bin = process.env.ESPRUINO_PICO16 ?? BINARY;
  if (!fs.existsSync(bin)) throw new Error(`${bin} not found (set ESPRUINO_PICO16; docs/target.md)`);
  const plugin = buildPlugin();
  // qemu-user reads these from the environment of the process it starts
  const saved = [process.env.QEMU_GUEST_BASE, process.env.QEMU_PLUGIN];
  process.env.QEMU_GUEST_BASE = GUEST_BASE;
  process.env.QEMU_PLUGIN = `${plugin},base=${GUEST_BASE}`;
  const board = firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID));
  let t: EspruinoTarget | undefined;
  try {
    t = await EspruinoTarget.start({ binary: bin, bundleFile, load: 'ram', double: doubleConfigFor(board, { log: false, sampleMemory: false }) });
    const req = new Requests();
    for (const ch of board.populated) await calibrateChannel(t, req, ch);
    const standInMs = Number(await t.evaluate('__calibrate(200)'));
    if (prices !== undefined) {
      prices.standInK = standInMs * 1000;
      prices.lookupK = Number(await t.evaluate('__V.lookupMs')) * 1000;
    }
    const out: OpInstructions[] = [];
    const names = ops ?? DEFAULT_OPS;
    for (const p of pricedOps()) {
      if (!names.includes(p.name)) continue;
      const xs: number[] = [];
      for (let i = 0; i <= runs; i++) {
        const r = await t.step(req.frame(p.op, p.args()), p.advanceMs);
        okResult(r.out);
        if (i > 0) xs.push(r.rxMs + r.onceMs);
      }
      xs.sort((a, b) => a - b);
      out.push({ name: p.name, mInstructions: xs[xs.length >> 1], runs });
    }
    return out;
  } finally {
    if (t !== undefined) await t.close();
    process.env.QEMU_GUEST_BASE = saved[0];
    process.env.QEMU_PLUGIN = saved[1];
    if (saved[0] === undefined) delete process.env.QEMU_GUEST_BASE;
    if (saved[1] === undefined) delete process.env.QEMU_PLUGIN;
    fs.rmSync(path.dirname(plugin), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const why = icountUnavailable();
  if (why !== undefined) throw new Error('cannot count instructions: ' + why);
  const runs = Number(process.env.RUNS ?? 3);
  const only = process.env.OPS ? process.env.OPS.split(',') : undefined;
  const files = process.argv.length > 2 ? process.argv.slice(2) : ['dist/firmware.js'];
  for (const file of files) {
    const prices: StandInPrices = { standInK: 0, lookupK: 0 };
    const r = await measureInstructions(file, runs, only, prices);
    console.log(`firmware-icount ${file} (M instructions per request, median of ${runs}; a stand-in call priced as a native method call, ${prices.standInK.toFixed(1)} k taken off each, ${prices.lookupK.toFixed(1)} k more off a built-in held in a variable):`);
    for (const o of r) console.log(`  ${o.name.padEnd(14)} ${o.mInstructions.toFixed(3)}`);
  }
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}

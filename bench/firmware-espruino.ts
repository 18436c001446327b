/**
 * The firmware on the real Espruino interpreter (../shared/tools/espruino/): interpreter ms per
 * op on the 16 000-variable build with the code in RAM, scaled to a Pico by the Leibniz loop
 * measured in the same run; free variables on the Pico-layout build (5 100) booted from flash,
 * after boot and at the lowest point of a sustained mix.
 *
 *   node -r ts-node/register/transpile-only bench/firmware-espruino.ts [speed|memory|both] [--runs N] [--mix N] [--bundle FILE] [--json] [--write-costs]
 *
 * --write-costs (`make costs`): writes the speed figures, scaled to the board's processor, as the
 * twin's interpreter cost table beside the board definition (board/twin/interpreter-time.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { firmwareBoardFrom } from '../firmware/board';
import { packageVersion } from '../firmware/build';
import { boardDefinitionFile, loadBoardDefinition, REFERENCE_BOARD_ID } from '../board/definitions';
import { COSTS_FORMAT, costsFileFor, type InterpreterCosts } from '../board/definitions/costs';
import { interpreterFor, SHARED_TOOLS } from '../tests/target/interpreter';
import { measureMemory, measureSpeed, PICO_LEIBNIZ_US } from '../tests/target/measure';
import type { MemoryFigures, SpeedFigures } from '../tests/target/measure';

/** Goals (DESIGN §9, issue 11). */
export const GOALS = { freeVars: 1800, activateManyPicoS: 0.35, helloPicoS: 0.2, statusPicoS: 0.2 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i > 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

export interface FirmwareOnEspruino {
  speed?: SpeedFigures;
  /**
   * A cross-check of `speed`: the same ops timed the same way on the 64-bit `espruino-linux`
   * build (unoptimised, -O0), which runs natively where the 32-bit builds run under qemu-i386
   * on a kernel without 32-bit support; qemu slows the Leibniz loop by another factor than the
   * firmware's mix, so the two Pico estimates bracket the figure rather than agree.
   */
  native?: SpeedFigures;
  memory?: MemoryFigures;
}

/** The 64-bit unoptimised Linux build beside the Pico-layout ones (../shared/tools/espruino/). */
export const ESPRUINO_LINUX = path.join(SHARED_TOOLS, 'espruino-linux');

export async function benchFirmwareOnEspruino(what: 'speed' | 'memory' | 'both', runs: number, mix: number, bundleFile: string): Promise<FirmwareOnEspruino> {
  const board = firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID));
  const out: FirmwareOnEspruino = {};
  if (what !== 'memory') {
    const f = interpreterFor('pico16');
    if (!f.ok) throw new Error(f.why);
    out.speed = await measureSpeed(f.path, bundleFile, board, runs);
    if (fs.existsSync(ESPRUINO_LINUX)) out.native = await measureSpeed(ESPRUINO_LINUX, bundleFile, board, runs);
  }
  if (what !== 'speed') {
    const f = interpreterFor('pico');
    if (!f.ok) throw new Error(f.why);
    out.memory = await measureMemory(f.path, bundleFile, board, {
      activateMany: mix,
      onProgress: (done, total) => process.stderr.write(`\rmemory mix: ${done}/${total} activateMany`),
    });
    process.stderr.write('\n');
  }
  return out;
}

/** The speed figures as the twin's cost table (board ms: here × the Leibniz ratio). */
export function costTableOf(s: SpeedFigures, bundleFile: string, interpreter: string): InterpreterCosts {
  const code = fs.readFileSync(bundleFile, 'utf8');
  const version = process.env.NUCLEON_FW_VERSION ?? packageVersion();
  const round = (x: number): number => Math.round(x * 1000) / 1000;
  const ops: InterpreterCosts['ops'] = {};
  for (const o of s.ops) ops[o.name] = { syncMs: round(o.syncMsHere * s.ratio), callbackMs: round(o.callbackMsHere * s.ratio), callbacks: o.callbacks };
  return {
    format: COSTS_FORMAT,
    board: REFERENCE_BOARD_ID,
    measured: {
      date: new Date().toISOString().slice(0, 10),
      interpreter: path.basename(interpreter),
      firmwareVersion: version,
      bundleBytes: Buffer.byteLength(code),
      leibnizUsHere: round(s.leibnizUs),
      boardLeibnizUs: PICO_LEIBNIZ_US,
      ratio: round(s.ratio),
    },
    ops,
    housekeepingMs: round(s.housekeepingMsHere * s.ratio),
  };
}

function print(r: FirmwareOnEspruino): void {
  const lines: string[] = [];
  if (r.speed !== undefined) {
    const s = r.speed;
    lines.push(`firmware-espruino: Leibniz ${s.leibnizUs.toFixed(2)} us/iteration here, Pico ${PICO_LEIBNIZ_US} us: x${s.ratio.toFixed(1)}; a stand-in call ${(s.standInMs * 1000).toFixed(1)} us here beyond a native method call, and ${(s.lookupMs * 1000).toFixed(1)} us more for a built-in called through a variable (taken off per call)`);
    for (const o of s.ops) {
      lines.push(`  ${o.name.padEnd(14)} ${o.msHere.toFixed(2).padStart(8)} ms here  ${(o.msPico / 1000).toFixed(3).padStart(7)} s on a Pico  (sync ${o.syncMsHere.toFixed(2)} ms + ${o.callbacks} callbacks ${o.callbackMsHere.toFixed(2)} ms)`);
    }
    lines.push(`  housekeeping tick ${s.housekeepingMsHere.toFixed(2)} ms here, ${(s.housekeepingMsHere * s.ratio).toFixed(1)} ms on a Pico`);
    lines.push(`  boot: the bundle evaluated to 'init' in ${s.bootMsHere.toFixed(1)} ms here, ${((s.bootMsHere * s.ratio) / 1000).toFixed(2)} s on a Pico (the console leaves the link before it: boot-wrap.ts)`);
  }
  if (r.native !== undefined) {
    const s = r.native;
    lines.push(`firmware-espruino, cross-check natively on espruino-linux (64-bit, -O0, no qemu): Leibniz ${s.leibnizUs.toFixed(2)} us/iteration here, x${s.ratio.toFixed(1)}`);
    for (const o of s.ops) lines.push(`  ${o.name.padEnd(14)} ${o.msHere.toFixed(2).padStart(8)} ms here  ${(o.msPico / 1000).toFixed(3).padStart(7)} s on a Pico`);
  }
  if (r.memory !== undefined) {
    const m = r.memory;
    lines.push(
      `firmware-espruino: free variables of ${m.total}: ${m.afterBoot} after boot, ${m.lowest} at the lowest point of the mix (${m.steps} steps), ` +
        `with the test double holding ${m.doubleVars}: on a board ${m.afterBoot + m.doubleVars} / ${m.lowest + m.doubleVars} (goal ${GOALS.freeVars})`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (require.main === module) {
  const what = (['speed', 'memory', 'both'].includes(process.argv[2] ?? '') ? process.argv[2] : 'both') as 'speed' | 'memory' | 'both';
  const bundle = path.resolve(arg('--bundle', path.join(__dirname, '..', 'dist', 'firmware.js')));
  benchFirmwareOnEspruino(what, Number(arg('--runs', '5')), Number(arg('--mix', '1000')), bundle).then(
    (r) => {
      if (process.argv.includes('--json')) process.stdout.write(JSON.stringify(r) + '\n');
      else print(r);
      if (process.argv.includes('--write-costs') && r.speed !== undefined) {
        const file = costsFileFor(boardDefinitionFile(REFERENCE_BOARD_ID));
        const f = interpreterFor('pico16');
        fs.writeFileSync(file, JSON.stringify(costTableOf(r.speed, bundle, f.ok ? f.path : ''), null, 2) + '\n');
        process.stdout.write(`firmware-espruino: wrote ${path.relative(process.cwd(), file)}\n`);
      }
    },
    (e: unknown) => {
      process.stderr.write(`firmware-espruino: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}

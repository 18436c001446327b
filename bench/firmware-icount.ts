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
import * as P from '../protocol';
import { EspruinoTarget } from '../tests/target/interpreter';
import { doubleConfigFor } from '../tests/target/double-config';
import { Requests, calibrateChannel, okResult } from '../tests/target/requests';
import { firmwareBoardFrom } from '../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../board/definitions';

const XS10 = [0.5, -1.25, 2.5, 0.75, -3, 1.5, -0.5, 3.5, -2, 0.25];
/** Where qemu puts the guest's memory (the plugin writes the clock's answer there). */
const GUEST_BASE = '0x100000000';
const BINARY = path.resolve(__dirname, '../../shared/tools/espruino/espruino-pico-16k');

function buildPlugin(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-iclock-'));
  const out = path.join(dir, 'libiclock.so');
  try {
    execFileSync('gcc', ['-shared', '-fPIC', '-O2', '-o', out, path.join(__dirname, 'qemu-iclock.c')], { stdio: 'inherit' });
  } catch (e) {
    throw new Error('could not build the qemu plugin with gcc (apt-get install -y gcc): ' + String(e));
  }
  return out;
}

async function main(): Promise<void> {
  const bin = process.env.ESPRUINO_PICO16 ?? BINARY;
  if (!fs.existsSync(bin)) throw new Error(`${bin} not found (set ESPRUINO_PICO16; docs/target.md)`);
  const plugin = buildPlugin();
  // qemu-user reads these from the environment of the process it starts in
  process.env.QEMU_GUEST_BASE = GUEST_BASE;
  process.env.QEMU_PLUGIN = `${plugin},base=${GUEST_BASE}`;
  const board = firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID));
  const runs = Number(process.env.RUNS ?? 3);
  const only = process.env.OPS ? process.env.OPS.split(',') : undefined;
  const files = process.argv.length > 2 ? process.argv.slice(2) : ['dist/firmware.js'];
  const ops: [string, number, P.CborValue[], number][] = [
    ['hello', P.Op.HELLO, [P.PROTOCOL_VERSION], 0],
    ['status', P.Op.STATUS, [], 0],
    ['heartbeat', P.Op.HEARTBEAT, [7], 0],
    ['activate', P.Op.ACTIVATE, [3, 0.5], 1000],
    ['activateMany', P.Op.ACTIVATE_MANY, [null, P.packF32le(XS10)], 2000],
  ];
  for (const file of files) {
    const t = await EspruinoTarget.start({ binary: bin, bundleFile: file, load: 'ram', double: doubleConfigFor(board, { log: false, sampleMemory: false }) });
    try {
      const req = new Requests();
      for (const ch of board.populated) await calibrateChannel(t, req, ch);
      const standIn = Number(await t.evaluate('__calibrate(200)'));
      const line: string[] = [];
      for (const [name, op, args, advanceMs] of ops) {
        if (only !== undefined && !only.includes(name)) continue;
        const xs: number[] = [];
        for (let i = 0; i <= runs; i++) {
          const r = await t.step(req.frame(op, args), advanceMs);
          okResult(r.out);
          if (i > 0) xs.push(r.rxMs + r.onceMs);
        }
        xs.sort((a, b) => a - b);
        line.push(`${name} ${xs[xs.length >> 1].toFixed(3)} M (${xs[0].toFixed(3)}..${xs[xs.length - 1].toFixed(3)})`);
      }
      console.log(`firmware-icount ${file}: a stand-in call ${(standIn * 1000).toFixed(1)} k instructions beyond a native one (taken off)`);
      console.log('  ' + line.join('\n  '));
    } finally {
      await t.close();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});

/**
 * Instructions per request of the firmware on the real Espruino interpreter, counted by
 * callgrind: deterministic, where timing on a loaded machine moves by tens of per cent. For
 * comparing two builds of the firmware (A/B), not a Pico estimate (`make costs` is that).
 *
 *   node -r ts-node/register/transpile-only bench/firmware-instructions.ts [--op OP] [--k K] BUNDLE [BUNDLE …]
 *
 * OP: activateMany (ten x, 2 s of virtual time after each), activate, status, hello,
 * heartbeat, idle (2 s of virtual time, no request), nop (a step with nothing). Each bundle
 * runs on the native 64-bit `espruino-linux` build under `valgrind --tool=callgrind`; the
 * count is taken between `callgrind_control -z` and `-d` around K requests, after ten channels
 * were given a fixed calibration. The double's interpreted stand-ins for the native API
 * (pins, SPI, ADC, getTime) are replaced by one-line stubs, so what is counted is the firmware
 * plus the double's own stepping (about 5 M instructions a step, 11 M for 2 s of virtual
 * time: measure `nop` and `idle` to subtract). Needs Debian's valgrind.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as P from '../protocol';
import { firmwareBoardFrom } from '../firmware/board';
import { loadBoardDefinition, REFERENCE_BOARD_ID } from '../board/definitions';
import { EspruinoTarget } from '../tests/target/interpreter';
import { doubleConfigFor } from '../tests/target/double-config';
import { Requests, calPutArgs, okResult } from '../tests/target/requests';

const ESPRUINO_LINUX = path.join(__dirname, '..', '..', 'shared', 'tools', 'espruino', 'espruino-linux');
const XS10 = [0.1, -0.3, 0.5, 0.9, -0.7, 0.2, 0.0, -0.1, 0.6, -0.9];

/** One-line stubs for the double's stand-ins: the select bus reads back what was written. */
const STUBS = `var __sel = 0;
getTime = function () { return __V.now / 1000; };
digitalWrite = function (p, v) { if (typeof p === 'object') __sel = v; };
digitalRead = function (p) { return __sel; };
digitalPulse = function () {};
analogRead = function () { return 0.5; };
SPI1.write = function () {}; SPI2.write = function () {};
`;

type OpName = 'activateMany' | 'activate' | 'status' | 'hello' | 'heartbeat' | 'idle' | 'nop';
const OPS: OpName[] = ['activateMany', 'activate', 'status', 'hello', 'heartbeat', 'idle', 'nop'];

function requestOf(req: Requests, op: OpName): { bytes: Uint8Array; advanceMs: number } {
  switch (op) {
    case 'activateMany':
      return { bytes: req.frame(P.Op.ACTIVATE_MANY, [null, P.packF32le(XS10)]), advanceMs: 2_000 };
    case 'activate':
      return { bytes: req.frame(P.Op.ACTIVATE, [3, 0.5]), advanceMs: 1_000 };
    case 'status':
      return { bytes: req.frame(P.Op.STATUS, []), advanceMs: 0 };
    case 'hello':
      return { bytes: req.frame(P.Op.HELLO, [P.PROTOCOL_VERSION]), advanceMs: 0 };
    case 'heartbeat':
      return { bytes: req.frame(P.Op.HEARTBEAT, [7]), advanceMs: 0 };
    case 'idle':
      return { bytes: new Uint8Array(0), advanceMs: 2_000 };
    case 'nop':
      return { bytes: new Uint8Array(0), advanceMs: 0 };
  }
}

/** A launcher script: espruino-linux under callgrind, its output file named by pid in `dir`. */
function launcher(dir: string): string {
  const file = path.join(dir, 'vg-espruino');
  fs.writeFileSync(file, `#!/bin/sh\nexec valgrind --tool=callgrind --callgrind-out-file=${dir}/cg.out.%p ${ESPRUINO_LINUX} "$@"\n`, { mode: 0o755 });
  return file;
}

async function instructionsPerRequest(bundle: string, op: OpName, k: number): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-cg-'));
  const board = firmwareBoardFrom(loadBoardDefinition(REFERENCE_BOARD_ID));
  const t = await EspruinoTarget.start({
    binary: launcher(dir),
    bundleFile: bundle,
    load: 'ram',
    double: doubleConfigFor(board, { log: false, sampleMemory: false }),
    preludeTail: STUBS,
  });
  try {
    const req = new Requests();
    // a fixed calibration (the stubs' ADC reads one value, so a measured one would be refused)
    for (const ch of board.populated) okResult((await t.step(req.frame(P.Op.CAL_PUT, calPutArgs(ch, 1_000_000, 1_200_000)), 10)).out);
    const pid = String(t.pid);
    execFileSync('callgrind_control', ['-z', pid], { stdio: 'ignore' });
    for (let i = 0; i < k; i++) {
      const { bytes, advanceMs } = requestOf(req, op);
      const r = await t.step(bytes, advanceMs);
      if (bytes.length > 0) okResult(r.out);
    }
    execFileSync('callgrind_control', ['-d', pid], { stdio: 'ignore' });
  } finally {
    await t.close();
  }
  const dump = fs.readdirSync(dir).find((f) => /^cg\.out\.\d+\.1$/.test(f));
  if (dump === undefined) throw new Error('callgrind wrote no dump in ' + dir);
  const m = /^(?:summary|totals): (\d+)/m.exec(fs.readFileSync(path.join(dir, dump), 'utf8'));
  if (m === null) throw new Error('no instruction total in ' + dump);
  fs.rmSync(dir, { recursive: true, force: true });
  return Number(m[1]) / k;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let op: OpName = 'activateMany';
  let k = 3;
  const bundles: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--op') {
      const v = args[++i] as OpName;
      if (!OPS.includes(v)) throw new Error(`--op must be one of ${OPS.join(', ')}; got ${String(v)}`);
      op = v;
    } else if (args[i] === '--k') {
      k = Number(args[++i]);
      if (!Number.isInteger(k) || k < 1) throw new Error('--k must be a positive integer');
    } else bundles.push(args[i]);
  }
  if (bundles.length === 0) bundles.push(path.join(__dirname, '..', 'dist', 'firmware.js'));
  if (!fs.existsSync(ESPRUINO_LINUX)) throw new Error(`no interpreter at ${ESPRUINO_LINUX} (../shared/tools/espruino)`);
  try {
    execFileSync('valgrind', ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error('valgrind is not installed (apt-get install -y valgrind)');
  }
  let first: number | undefined;
  for (const b of bundles) {
    const n = await instructionsPerRequest(b, op, k);
    first ??= n;
    console.log(`${b}: ${op} ${(n / 1e6).toFixed(3)} M instructions per request (×${(n / first).toFixed(3)} of the first)`);
  }
}

main().catch((e: unknown) => {
  console.error('firmware-instructions: ' + (e instanceof Error ? e.message : String(e)));
  process.exitCode = 1;
});

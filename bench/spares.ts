/**
 * Issue 15.3's done-when, measured through the CLI: a clean live run and the same run with
 * `fault=open-channel:3@500` on its board (channel 3 opens after 500 examples), 9 hidden neurons
 * on one twin so channel 9 is the spare. Prints both test rates, their difference, the swap line
 * from the faulted run's report, and the wall times.
 *
 *   node -r ts-node/register/transpile-only bench/spares.ts [--train 60000] [--test 10000] [--every 250] [--at 500] [--fault open-channel:3]
 *
 * `--fault worn:3` damages device 3 instead (the health check's off-curve rule).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'nucleon.js');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const TRAIN = option('train', 60000);
const TEST = option('test', 10000);
const EVERY = option('every', 250);
const AT = option('at', 500);
const FAULT = ((): string => {
  const i = process.argv.indexOf('--fault');
  return i > 0 ? process.argv[i + 1] : 'open-channel:3';
})();

function lastJson(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function run(board: string, dir: string): { out: Record<string, unknown>; stderr: string; wallS: number; command: string } {
  const args = ['train', '--activation', 'live', '--board', board, '--hidden', '9', '--train', String(TRAIN), '--test', String(TEST), '--seed', '1', '--checkpoint-every', String(EVERY), '--checkpoint', path.join(dir, 'cp.json'), '--report', path.join(dir, 'report'), '--json'];
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`nucleon ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { out: lastJson(r.stdout), stderr: r.stderr, wallS: (performance.now() - t) / 1000, command: `nucleon ${args.join(' ')}` };
}

function main(): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-bench-spares-'));
  fs.mkdirSync(path.join(root, 'clean'));
  fs.mkdirSync(path.join(root, 'fault'));
  const clean = run('sim:seed=1', path.join(root, 'clean'));
  const fault = run(`sim:seed=1,fault=${FAULT}@${AT}`, path.join(root, 'fault'));
  const cleanAcc = clean.out.test_acc as number;
  const faultAcc = fault.out.test_acc as number;
  const html = fs.readFileSync(path.join(root, 'fault', 'report', 'index.html'), 'utf8');
  const swapLines = [...html.matchAll(/<li>(swap: [^<]*)<\/li>/g)].map((m) => m[1].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  console.log(`clean:   ${clean.command}`);
  const cleanSwapLines = clean.stderr.split('\n').filter((l) => /swap:|spare /.test(l));
  console.log(`         test rate ${(cleanAcc * 100).toFixed(2)} %, wall ${clean.wallS.toFixed(1)} s, swaps ${Array.isArray(clean.out.swaps) ? clean.out.swaps.length : 0}, log lines about swaps or spares: ${cleanSwapLines.length}`);
  for (const l of cleanSwapLines) console.log(`         ${l}`);
  console.log(`faulted: ${fault.command}`);
  console.log(`         test rate ${(faultAcc * 100).toFixed(2)} %, wall ${fault.wallS.toFixed(1)} s`);
  console.log(`difference: ${((faultAcc - cleanAcc) * 100).toFixed(2)} points (done-when: within 1)`);
  console.log(`swaps in the faulted run's report (${swapLines.length}):`);
  for (const l of swapLines) console.log(`  ${l}`);
  console.log(`files: ${root}`);
}

main();

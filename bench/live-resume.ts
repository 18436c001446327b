/**
 * Exact live resume, measured through the CLI: an unbroken live run, the same run killed with
 * SIGKILL after a checkpoint picked by a seed, and its resume; prints the kill point, whether
 * the weights are byte-equal, the figures of both runs side by side and the wall times.
 *
 *   node -r ts-node/register/transpile-only bench/live-resume.ts [--train 2000] [--test 10000] [--kill-seed 7]
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'nucleon.js');

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const TRAIN = option('train', 2000);
const TEST = option('test', 10000);
const EVERY = option('every', 100);
const KILL_SEED = option('kill-seed', 7);

interface Cp {
  trained: number;
  weights: { w1: number[]; b1: number[]; w2: number[]; b2: number[] };
}

function readCp(file: string): Cp | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Cp;
  } catch {
    return null;
  }
}

function bytes(cp: Cp): Buffer {
  return Buffer.concat([cp.weights.w1, cp.weights.b1, cp.weights.w2, cp.weights.b2].map((a) => Buffer.from(new Float32Array(a).buffer)));
}

function lastJson(out: string): Record<string, unknown> {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function run(args: string[]): { out: Record<string, unknown>; stderr: string; wallS: number } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'train', ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`train ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { out: lastJson(r.stdout), stderr: r.stderr, wallS: (performance.now() - t) / 1000 };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-bench-resume-'));
  const args = ['--activation', 'live', '--board', 'sim', '--train', String(TRAIN), '--test', String(TEST), '--seed', '1', '--checkpoint-every', String(EVERY), '--json'];
  const unbrokenCp = path.join(dir, 'unbroken.json');
  const unbroken = run([...args, '--checkpoint', unbrokenCp]);

  // the kill point: a checkpoint in [EVERY, TRAIN − EVERY], from a small LCG on the seed
  const slots = Math.max(1, Math.floor(TRAIN / EVERY) - 1);
  const killAfter = EVERY * (1 + (((Math.imul(KILL_SEED >>> 0, 1664525) + 1013904223) >>> 0) % slots));
  const cp = path.join(dir, 'killed.json');
  const t = performance.now();
  const child = spawn(process.execPath, [BIN, 'train', ...args, '--checkpoint', cp], { cwd: ROOT, stdio: 'ignore' });
  const exited = new Promise<string | null>((resolve) => child.on('exit', (_c, sig) => resolve(sig)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    if ((readCp(cp)?.trained ?? -1) >= killAfter) {
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  const signal = await exited;
  const killedWallS = (performance.now() - t) / 1000;
  const atKill = readCp(cp)?.trained;
  const resumed = run([...args, '--resume', cp]);

  const a = readCp(unbrokenCp) as Cp;
  const b = readCp(cp) as Cp;
  console.log(`live, ${TRAIN} examples, ${TEST} tested, checkpoint every ${EVERY}, kill seed ${KILL_SEED}`);
  console.log(`killed with ${signal} once the checkpoint held ≥ ${killAfter} examples; the checkpoint at the kill held ${atKill}`);
  console.log(`resume said: ${resumed.stderr.split('\n').find((l) => l.startsWith('resume')) ?? '(nothing)'}`);
  console.log(`weights byte-equal: ${bytes(a).equals(bytes(b))} (${bytes(a).length} bytes)`);
  for (const f of ['train_examples', 'test_examples', 'test_acc', 'train_running_acc', 'final_loss', 'pulses', 'device_time_s', 'evaluations']) {
    const same = unbroken.out[f] === resumed.out[f];
    console.log(`  ${f}: unbroken ${String(unbroken.out[f])}, resumed ${String(resumed.out[f])}${same ? '' : '  DIFFERENT'}`);
  }
  console.log(`wall: unbroken ${unbroken.wallS.toFixed(1)} s, killed run ${killedWallS.toFixed(1)} s, resumed ${resumed.wallS.toFixed(1)} s`);
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

/**
 * `nucleon train` as a process: --json fields, a real SIGINT (checkpoint then exit 130) and a
 * SIGKILL, each resumed to exactly the result of an unbroken run; --data on another folder.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { encodeIdx } from '../../host/trainer/idx';
import { whenFile } from '../file-watch';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'nucleon.js');
const JSON_FIELDS = [
  'activation',
  'train_examples',
  'test_examples',
  'train_running_acc',
  'test_acc',
  'final_loss',
  'wall_s',
  'device_time_s',
  'pulses',
];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-cli-'));
}

function runSync(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'train', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

function weightsOf(file: string): unknown {
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { weights: unknown }).weights;
}

/** Starts a run, waits until its checkpoint holds ≥ 1 example, sends `signal`, returns the exit. */
async function interrupt(args: string[], checkpoint: string, signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'train', ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on('exit', (code, sig) => resolve({ code, signal: sig })));
  if ((await whenFile(checkpoint, child, () => fs.existsSync(checkpoint))) === 'ready') child.kill(signal);
  const ex = await exited;
  return { ...ex, stderr };
}

describe('nucleon train (process)', () => {
  const args = ['--train', '4000', '--test', '2000', '--epochs', '40', '--seed', '3', '--checkpoint-every', '1000', '--json'];
  let unbroken: Record<string, unknown>;
  let unbrokenWeights: unknown;

  beforeAll(() => {
    const dir = tmpDir();
    const cp = path.join(dir, 'full.json');
    const r = runSync([...args, '--checkpoint', cp]);
    expect(r.code).toBe(0);
    unbroken = lastJson(r.stdout);
    unbrokenWeights = weightsOf(cp);
  });

  test('--json prints one object last with the contract fields', () => {
    for (const f of JSON_FIELDS) expect(unbroken).toHaveProperty(f);
    expect(unbroken.activation).toBe('ideal');
    expect(unbroken.train_examples).toBe(160000);
    expect(unbroken.test_examples).toBe(2000);
    expect(unbroken.test_acc as number).toBeGreaterThan(0.8);
    expect(unbroken.pulses).toBe(0);
  });

  test.each(['SIGINT', 'SIGKILL'] as const)('killed with %s mid-way, --resume ends with the unbroken result', async (signal) => {
    const dir = tmpDir();
    const cp = path.join(dir, 'cp.json');
    const killed = await interrupt([...args, '--checkpoint', cp], cp, signal);
    if (signal === 'SIGINT') {
      expect(killed.code).toBe(130);
      expect(killed.stderr).toMatch(/resume with --resume/);
    } else {
      expect(killed.signal).toBe('SIGKILL');
    }
    const partial = JSON.parse(fs.readFileSync(cp, 'utf8')) as { trained: number };
    expect(partial.trained).toBeGreaterThan(0);
    expect(partial.trained).toBeLessThan(160000);
    const resumed = runSync([...args, '--resume', cp]);
    expect(resumed.code).toBe(0);
    const out = lastJson(resumed.stdout);
    for (const f of ['test_acc', 'final_loss', 'train_running_acc', 'train_examples']) expect(out[f]).toBe(unbroken[f]);
    expect(weightsOf(cp)).toEqual(unbrokenWeights);
  });

  test('--data reads another MNIST-format folder (gzipped) and bad options are usage errors', () => {
    const dir = tmpDir();
    const n = 200;
    for (const stem of ['train', 't10k']) {
      const img = new Uint8Array(n * 28 * 28);
      const lab = new Uint8Array(n);
      // Class k lights row 2k..2k+1: trivially separable.
      for (let i = 0; i < n; i++) {
        lab[i] = i % 10;
        for (let p = 0; p < 56; p++) img[i * 784 + lab[i] * 56 + p] = 255;
      }
      fs.writeFileSync(path.join(dir, `${stem}-images-idx3-ubyte.gz`), zlib.gzipSync(encodeIdx([n, 28, 28], img)));
      fs.writeFileSync(path.join(dir, `${stem}-labels-idx1-ubyte.gz`), zlib.gzipSync(encodeIdx([n], lab)));
    }
    const r = runSync(['--data', dir, '--epochs', '20', '--json']);
    expect(r.code).toBe(0);
    const out = lastJson(r.stdout);
    expect(out.train_examples).toBe(4000);
    expect(out.test_examples).toBe(200);
    expect(out.test_acc).toBe(1);
    const bad = runSync(['--activation', 'quantum']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--activation must be ideal, analog or live/);
    const missing = runSync(['--data', path.join(dir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/\[DATA_MISSING\].*not a folder/);
  });
});

/**
 * Issue 13 item 4, exact live resume: `nucleon train --activation live` on the twin, killed
 * with SIGKILL at a seeded point after a checkpoint, resumed with --resume, ends with the
 * weights (byte for byte), test rate, loss, pulse count and device time of an unbroken run with
 * the same seed. The same checkpoint without its board state (as version 2 wrote them) does
 * not: the board state is what makes the resume exact. On a board of its own (the twin in
 * another process behind a pty, as a real board is behind a serial port) resume re-reads the
 * calibration stored on the board and says the devices kept their own state.
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { contentSha256, type CheckpointContent } from '../../host/trainer/checkpoint-check';
import { whenFile } from '../file-watch';

const ROOT = path.join(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'nucleon.js');

interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-live-resume-'));
}

function train(args: string[]): RunOutput {
  const r = spawnSync(process.execPath, [BIN, 'train', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lastJson(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
}

interface Checkpoint {
  trained: number;
  pulses: number;
  deviceTimeS: number;
  weights: { w1: number[]; b1: number[]; w2: number[]; b2: number[] };
  board: { kind: string; link?: string } | null;
}

function readCp(file: string): Checkpoint {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Checkpoint;
}

/** The weights as the float32 bytes the network holds. */
function weightBytes(file: string): Buffer {
  const w = readCp(file).weights;
  return Buffer.concat([w.w1, w.b1, w.w2, w.b2].map((a) => Buffer.from(new Float32Array(a).buffer)));
}

/** The trained count of the checkpoint file now (renamed into place whole), or -1 while there is none. */
function trainedIn(file: string): number {
  try {
    return readCp(file).trained;
  } catch {
    return -1;
  }
}

/**
 * Starts a run and kills it with `signal` as soon as its checkpoint holds ≥ `atLeast` examples
 * (waiting on the file, whatever the wall time); the exit and stderr.
 */
async function killAfterCheckpoint(args: string[], checkpoint: string, atLeast: number): Promise<{ signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'train', ...args], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ signal: string | null }>((resolve) => child.on('exit', (_code, signal) => resolve({ signal })));
  if ((await whenFile(checkpoint, child, () => trainedIn(checkpoint) >= atLeast)) === 'ready') child.kill('SIGKILL');
  return { ...(await exited), stderr };
}

/** A small seeded generator (the kill point is pseudo-random and the same every run). */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const KILL_SEED = Number(process.env.NUCLEON_KILL_SEED ?? 13);
const TRAIN_N = 2000;
const EVERY = 100;
/** The checkpoint after which the run is killed: one of 100, 200, …, 1500 (the run must still be going). */
const KILL_AFTER = EVERY * (1 + Math.floor(seeded(KILL_SEED)() * 15));

describe(`live resume on the twin (${TRAIN_N} examples, SIGKILL after the checkpoint at ≥ ${KILL_AFTER}, kill seed ${KILL_SEED})`, () => {
  const args = ['--activation', 'live', '--board', 'sim', '--train', String(TRAIN_N), '--test', '300', '--seed', '5', '--checkpoint-every', String(EVERY), '--json'];
  let dir: string;
  let unbroken: Record<string, unknown>;
  let unbrokenCp: string;

  beforeAll(() => {
    dir = tmpDir();
    unbrokenCp = path.join(dir, 'unbroken.json');
    const r = train([...args, '--checkpoint', unbrokenCp]);
    expect(r.code).toBe(0);
    unbroken = lastJson(r.stdout);
    expect(unbroken.train_examples).toBe(TRAIN_N);
    expect(readCp(unbrokenCp).board?.kind).toBe('twin');
  });

  test('killed and resumed: the same weights (bytes), test rate, loss, pulses and device time as the unbroken run', async () => {
    const cp = path.join(dir, 'killed.json');
    const killed = await killAfterCheckpoint([...args, '--checkpoint', cp], cp, KILL_AFTER);
    expect(killed.signal).toBe('SIGKILL');
    const at = readCp(cp);
    expect(at.trained).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(at.trained).toBeLessThan(TRAIN_N);
    expect(at.board?.kind).toBe('twin');
    fs.copyFileSync(cp, path.join(dir, 'at-kill.json'));

    const resumed = train([...args, '--resume', cp]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resume: the simulated board is restored as it was at the checkpoint/);
    expect(resumed.stderr).not.toMatch(/calibrated channel/);
    const out = lastJson(resumed.stdout);
    for (const f of ['train_examples', 'test_examples', 'test_acc', 'final_loss', 'train_running_acc', 'pulses', 'device_time_s', 'evaluations']) {
      expect([f, out[f]]).toEqual([f, unbroken[f]]);
    }
    expect(weightBytes(cp).equals(weightBytes(unbrokenCp))).toBe(true);
    const final = readCp(cp);
    expect([final.pulses, final.deviceTimeS]).toEqual([readCp(unbrokenCp).pulses, readCp(unbrokenCp).deviceTimeS]);
  });

  test('the same checkpoint without its board state (as version 2) resumes on a fresh twin: not the same run, and it says so', () => {
    const v2 = path.join(dir, 'v2.json');
    const o = JSON.parse(fs.readFileSync(path.join(dir, 'at-kill.json'), 'utf8')) as Record<string, unknown>;
    delete o.board;
    delete o.neurons; // a version 2 checkpoint had no neuron map either
    delete o.sha256;
    o.version = 2;
    fs.writeFileSync(v2, JSON.stringify({ ...o, sha256: contentSha256(o as unknown as CheckpointContent) }));
    const resumed = train([...args, '--resume', v2]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/checkpoint version 2 holds no board state: this live run starts a fresh twin and calibrates it, so it continues equal in procedure, not bit for bit/);
    const out = lastJson(resumed.stdout);
    expect(out.train_examples).toBe(TRAIN_N);
    expect(weightBytes(v2).equals(weightBytes(unbrokenCp))).toBe(false);
    expect(out.pulses).not.toBe(unbroken.pulses);
  });
});

/** `nucleon sim --pty`: the twin in its own process behind a pseudo-terminal; its serial path. */
function startPtyBoard(): Promise<{ child: ChildProcess; path: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'sim', '--pty'], { cwd: ROOT });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve({ child, path: line.trim() });
    });
    child.on('exit', (code) => reject(new Error(`nucleon sim --pty exited (${code}) before printing its pty`)));
  });
}

const hasSocat = spawnSync('socat', ['-V']).status === 0;

(hasSocat ? describe : describe.skip)('live resume on a board of its own (twin behind a pty, as a real board)', () => {
  let board: { child: ChildProcess; path: string };

  beforeAll(async () => {
    board = await startPtyBoard();
  });

  afterAll(async () => {
    const gone = new Promise((resolve) => board.child.once('exit', resolve));
    board.child.kill('SIGINT');
    await gone;
  });

  let cp = '';

  test('resume re-reads the calibration stored on the board, says the devices kept their own state, and finishes the run', async () => {
    const dir = tmpDir();
    cp = path.join(dir, 'serial.json');
    const args = ['--activation', 'live', '--board', `serial:${board.path}`, '--train', '300', '--test', '100', '--seed', '2', '--checkpoint-every', '100', '--json'];
    const killed = await killAfterCheckpoint([...args, '--checkpoint', cp], cp, 100);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stderr).toMatch(/calibrated channel 9/);
    expect(readCp(cp).board?.kind).toBe('board');
    expect(readCp(cp).board?.link).toMatch(new RegExp(`^serial:${board.path}@\\d+$`));

    const resumed = train([...args, '--resume', cp]);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`resume on serial:${board.path}@\\d+: the calibration stored on the board is read back \\(channels 0, 1, 2, 3, 4, 5, 6, 7, 8, 9\\), not measured again; the devices kept their own state since the checkpoint`),
    );
    expect(resumed.stderr).not.toMatch(/calibrated channel/);
    const out = lastJson(resumed.stdout);
    expect(out.train_examples).toBe(300);
    expect(out.test_examples).toBe(100);
    expect(readCp(cp).trained).toBe(300);
  });

  test('a board without the stored calibration cannot continue the run, and says so', async () => {
    const fresh = await startPtyBoard();
    try {
      const r = train(['--activation', 'live', '--board', `serial:${fresh.path}`, '--train', '300', '--test', '100', '--seed', '2', '--checkpoint-every', '100', '--resume', cp]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/resume: channel 0 has no calibration stored on the board \(serial:[^)]*\), so the run cannot continue on its devices; start a new run \(it calibrates\)/);
    } finally {
      const gone = new Promise((resolve) => fresh.child.once('exit', resolve));
      fresh.child.kill('SIGINT');
      await gone;
    }
  });
});

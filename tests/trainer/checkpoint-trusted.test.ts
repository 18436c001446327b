/**
 * Issue 14, "checkpoints are trusted": a resumed checkpoint is checked whole (shape, ranges,
 * counters against each other, a SHA-256 over its content, the run and data set it belongs to)
 * and refused naming the field; a state that could not be read back never replaces a good one;
 * `--checkpoint` is checked before training starts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train } from '../../host/trainer/trainer';
import { IdealActivation } from '../../host/trainer/activation';
import { readCheckpoint, writeCheckpoint, type CheckpointState } from '../../host/trainer/checkpoint';
import { isTrainerError } from '../../host/trainer/errors';
import { contentSha256, type CheckpointContent } from '../../host/trainer/checkpoint-check';
import { runTrainCommand, prepareIdeal, type TrainCommandOptions, type TrainIo } from '../../host/trainer/run';

const mnist = loadMnist();
const trainSet = headOf(mnist.train, 300);
const testSet = headOf(mnist.test, 50);

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-cp-trusted-'));
}

/** A real checkpoint of a run stopped after 120 of 300 examples (epochs 2). */
async function realCheckpoint(dir: string): Promise<string> {
  const file = path.join(dir, 'cp.json');
  let n = 0;
  await train({ train: trainSet, test: testSet, activation: new IdealActivation(), seed: 3, epochs: 2, checkpointFile: file, checkpointEvery: 0, shouldStop: () => ++n >= 120 });
  return file;
}

/** Rewrites one field in the stored JSON (keeping the stored checksum, as a hand edit would). */
function edit(file: string, change: (o: Record<string, unknown>) => void, rawText?: (t: string) => string): string {
  const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  change(o);
  const out = path.join(path.dirname(file), `edited-${Math.random().toString(36).slice(2)}.json`);
  const text = JSON.stringify(o);
  fs.writeFileSync(out, rawText ? rawText(text) : text);
  return out;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(isTrainerError(err, 'CHECKPOINT_BAD')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected CHECKPOINT_BAD, nothing was thrown');
}

describe('checkpoints are trusted (issue 14)', () => {
  let dir: string;
  let good: string;
  beforeAll(async () => {
    dir = tmpDir();
    good = await realCheckpoint(dir);
  });

  test('a real checkpoint passes and carries a sha256 and the data set hash', () => {
    const cp = readCheckpoint(good);
    expect(cp.trained).toBe(120);
    expect(cp.identity.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(fs.readFileSync(good, 'utf8')).sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  test.each<[string, (o: Record<string, unknown>) => void, RegExp]>([
    ['index -5', (o) => (o.index = -5), /index must be an integer in \[0, 300\], got -5/],
    ['epoch 99', (o) => (o.epoch = 99), /epoch must be an integer in \[0, 2\], got 99/],
    ['trained -1', (o) => (o.trained = -1), /trained must be an integer in \[0, /],
    ['trained not epoch × examples + index', (o) => (o.trained = 119), /trained must be epoch × trainExamples \+ index = 120, got 119/],
    ['correct above trained', (o) => (o.correct = 121), /correct must be an integer in \[0, 120\], got 121/],
    ['a weight that is a string', (o) => ((o.weights as { w1: unknown[] }).w1[5] = '1'), /weights\.w1\[5\] must be a finite number/],
    ['a short weight array', (o) => (o.weights as { b2: unknown[] }).b2.pop(), /weights\.b2 must be an array of 10 finite numbers, got an array of 9/],
    ['a curve rate above 1', (o) => ((o.curve as { rate: number[] }).rate[0] = 2), /curve\.rate\[0\] must be a finite number in \[0, 1\], got 2/],
    ['an unknown activation', (o) => ((o.identity as { activation: string }).activation = 'relu'), /identity\.activation must be ideal or analog or live, got "relu"/],
    ['another hidden layer size', (o) => ((o.identity as { hidden: number }).hidden = 2000), /identity\.hidden must be an integer in \[1, 1024\], got 2000/],
    ['an extra field', (o) => (o.extra = 1), /field "extra" must be absent/],
    ['version 1', (o) => (o.version = 1), /version must be 2 or 3 \(a checkpoint of this nucleon train; version 3 is written\), got 1/],
    ['version 3 without board', (o) => delete o.board, /board must be present in version 3/],
    ['version 2 with a board', (o) => (o.version = 2), /field "board" must be absent in version 2/],
    ['a board of an unknown kind', (o) => (o.board = { kind: 'fpga' }), /board\.kind must be "twin", "twins" or "board", got "fpga"/],
    ['a twin state of another format', (o) => (o.board = { kind: 'twin', state: { format: 'x' } }), /board\.state: format is "x", expected "nucleon-sim-board-state"/],
  ])('%s is refused naming the field', (_name, change, message) => {
    expect(refusal(() => readCheckpoint(edit(good, change)))).toMatch(message);
  });

  test('a version 2 checkpoint (no board state) is still read', () => {
    const file = edit(good, (o) => {
      delete o.board;
      delete o.sha256;
      o.version = 2;
      o.sha256 = contentSha256(o as unknown as CheckpointContent);
    });
    const cp = readCheckpoint(file);
    expect(cp.version).toBe(2);
    expect(cp.board).toBeUndefined();
  });

  test('"correct": 1e400 (Infinity once parsed) is refused naming correct', () => {
    const file = edit(good, () => undefined, (t) => t.replace(/"correct":\d+/, '"correct":1e400'));
    expect(refusal(() => readCheckpoint(file))).toMatch(/correct must be an integer in \[0, 120\], got Infinity/);
  });

  test('a plausible edit (one weight changed) is caught by the checksum', () => {
    const file = edit(good, (o) => ((o.weights as { w2: number[] }).w2[3] += 0.125));
    expect(refusal(() => readCheckpoint(file))).toMatch(/sha256 does not match the content/);
  });

  test('a checkpoint of another data set (same count) is a CHECKPOINT_MISMATCH naming dataSha256', async () => {
    const cp = readCheckpoint(good);
    const other = { ...trainSet, images: mnist.train.images.subarray(300 * 784, 600 * 784), labels: mnist.train.labels.subarray(300, 600) };
    await expect(train({ train: other, test: testSet, activation: new IdealActivation(), seed: 3, epochs: 2, resume: cp, resumeFile: good })).rejects.toThrow(
      /was written by a different run \(dataSha256: checkpoint [0-9a-f]{12}…, this run [0-9a-f]{12}…\)/,
    );
  });

  test('a state that could not be read back (NaN loss) never overwrites a good checkpoint, and leaves no temp file', () => {
    const d = tmpDir();
    const file = path.join(d, 'cp.json');
    fs.copyFileSync(good, file);
    const before = fs.readFileSync(file, 'utf8');
    const bad: CheckpointState = { ...readCheckpoint(good), lossSum: NaN };
    expect(refusal(() => writeCheckpoint(file, bad))).toMatch(/lossSum must be a finite number in \[0, .*\], got null/);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(fs.readdirSync(d)).toEqual(['cp.json']);
  });
});

describe('train --checkpoint is checked before training starts (issue 14)', () => {
  const io = (): TrainIo & { err: string[] } => {
    const err: string[] = [];
    return { err, stdout: { write: () => true }, stderr: { write: (t: string) => void err.push(t), isTTY: false } as unknown as TrainIo['stderr'], signals: { on: () => undefined, removeListener: () => undefined } };
  };
  const opts = (checkpoint: string, resume?: string): TrainCommandOptions => ({
    board: 'sim', activation: 'ideal', trainN: 50, testN: 10, epochs: 1, lr: 0.1, seed: 1, overload: false, checkpoint, checkpointEvery: 0, resume, json: true,
  });

  test.each<[string, (d: string) => string, RegExp]>([
    ['a folder', (d) => d, /is a folder: give a file path/],
    ['a path whose folder is missing', (d) => path.join(d, 'missing', 'cp.json'), /its folder .*missing does not exist/],
  ])('--checkpoint naming %s is refused before the activation is prepared', async (_n, pathOf, message) => {
    const d = tmpDir();
    let prepared = 0;
    const run = runTrainCommand(opts(pathOf(d)), io(), async () => {
      prepared++;
      return prepareIdeal();
    });
    await expect(run).rejects.toThrow(message);
    expect(prepared).toBe(0);
    expect(fs.readdirSync(d)).toEqual([]);
  });

  test('--resume of a damaged checkpoint leaves the file as it was', async () => {
    const d = tmpDir();
    const file = path.join(d, 'cp.json');
    fs.writeFileSync(file, '{"version":2,"index":-5}');
    await expect(runTrainCommand(opts(file, file), io(), async () => prepareIdeal())).rejects.toThrow(/CHECKPOINT|identity must be an object/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"version":2,"index":-5}');
  });
});

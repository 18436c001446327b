import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train } from '../../host/trainer/trainer';
import { IdealActivation } from '../../host/trainer/activation';
import { CHECKPOINT_VERSION, readCheckpoint, writeCheckpoint } from '../../host/trainer/checkpoint';
import { TrainerError } from '../../host/trainer/errors';

const mnist = loadMnist();
const trainSet = headOf(mnist.train, 3000);
const testSet = headOf(mnist.test, 1000);

function tmp(name: string): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-resume-')), name);
}

describe('training', () => {
  test('a small run learns: test rate far above chance and above the untrained network', async () => {
    const untrained = await train({ train: headOf(trainSet, 1), test: testSet, activation: new IdealActivation(), lr: 0 });
    const r = await train({ train: trainSet, test: testSet, activation: new IdealActivation(), seed: 4, epochs: 3 });
    expect(untrained.testAcc).toBeLessThan(0.3);
    expect(r.testAcc).toBeGreaterThan(0.7);
    // The running loss falls over the run.
    expect(r.curve.loss[r.curve.loss.length - 1]).toBeLessThan(r.curve.loss[0]);
    expect(r.trainExamples).toBe(9000);
  });

  test('same seed gives the same weights; another seed does not', async () => {
    const a = await train({ train: headOf(trainSet, 500), test: headOf(testSet, 10), activation: new IdealActivation(), seed: 9 });
    const b = await train({ train: headOf(trainSet, 500), test: headOf(testSet, 10), activation: new IdealActivation(), seed: 9 });
    const c = await train({ train: headOf(trainSet, 500), test: headOf(testSet, 10), activation: new IdealActivation(), seed: 10 });
    expect(Array.from(a.network.weights.w1)).toEqual(Array.from(b.network.weights.w1));
    expect(Array.from(a.network.weights.w1)).not.toEqual(Array.from(c.network.weights.w1));
  });
});

describe('checkpoint and resume', () => {
  test.each([
    ['mid first epoch', 1234],
    ['mid second epoch', 4321],
  ])('stopped %s and resumed ends exactly like an unbroken run', async (_name, stopAt) => {
    const common = { train: trainSet, test: testSet, activation: new IdealActivation(), seed: 7, epochs: 2, checkpointEvery: 1000 };
    const unbroken = await train(common);
    const file = tmp('cp.json');
    let n = 0;
    const first = await train({ ...common, checkpointFile: file, shouldStop: () => ++n >= stopAt });
    expect(first.completed).toBe(false);
    expect(first.trainExamples).toBe(stopAt);
    const cp = readCheckpoint(file);
    expect(cp.trained).toBe(stopAt);
    const resumed = await train({ ...common, checkpointFile: file, resume: cp, resumeFile: file });
    expect(resumed.completed).toBe(true);
    expect(Array.from(resumed.network.weights.w1)).toEqual(Array.from(unbroken.network.weights.w1));
    expect(Array.from(resumed.network.weights.b2)).toEqual(Array.from(unbroken.network.weights.b2));
    expect(resumed.testAcc).toBe(unbroken.testAcc);
    expect(resumed.finalLoss).toBe(unbroken.finalLoss);
    expect(resumed.trainRunningAcc).toBe(unbroken.trainRunningAcc);
    expect(resumed.curve).toEqual(unbroken.curve);
  });

  test('a checkpoint from another run is refused, naming what differs', async () => {
    const file = tmp('cp.json');
    let n = 0;
    await train({ train: trainSet, test: testSet, activation: new IdealActivation(), seed: 7, checkpointFile: file, shouldStop: () => ++n >= 10 });
    const cp = readCheckpoint(file);
    await expect(train({ train: trainSet, test: testSet, activation: new IdealActivation(), seed: 8, resume: cp, resumeFile: file })).rejects.toThrow(
      /was written by a different run \(seed: checkpoint 7, this run 8\)/,
    );
  });

  test('a damaged checkpoint is a CHECKPOINT_BAD error', () => {
    const file = tmp('bad.json');
    fs.writeFileSync(file, '{"version":2,');
    expect(() => readCheckpoint(file)).toThrow(TrainerError);
    expect(() => readCheckpoint(file)).toThrow(/not JSON/);
    expect(() => readCheckpoint(tmp('missing.json'))).toThrow(/cannot read checkpoint \(ENOENT\)/);
  });

  test('the write is atomic: no temp file is left and the old file survives a failed write', () => {
    const file = tmp('atomic.json');
    const dir = path.dirname(file);
    writeCheckpoint(file, readCheckpointLike(1));
    expect(fs.readdirSync(dir)).toEqual(['atomic.json']);
    // A state that cannot be serialised (cyclic) fails before the rename: the old file stays.
    const bad = readCheckpointLike(2) as unknown as { self?: unknown };
    bad.self = bad;
    expect(() => writeCheckpoint(file, bad as unknown as ReturnType<typeof readCheckpointLike>)).toThrow();
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).trained).toBe(1);
  });
});

function readCheckpointLike(trained: number): Parameters<typeof writeCheckpoint>[1] {
  return {
    version: CHECKPOINT_VERSION,
    identity: { activation: 'ideal', seed: 1, lr: 0.3, epochs: 1, trainExamples: 3, inputs: 1, hidden: 10, outputs: 10, w1Scale: 1, w2Scale: 1, dataSha256: '0'.repeat(64) },
    epoch: 0,
    index: trained,
    correct: 0,
    trained,
    lossSum: 0,
    curve: { examples: [], rate: [], loss: [] },
    pulses: 0,
    deviceTimeS: 0,
    evaluations: 0,
    weights: { w1: new Array(10).fill(0), b1: new Array(10).fill(0), w2: new Array(100).fill(0), b2: new Array(10).fill(0) },
    board: null,
  };
}

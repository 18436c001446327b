/**
 * A live run on the twin stopped between checkpoints (as Ctrl-C stops it) and resumed in a new
 * twin continues exactly: the stop checkpoint records the board as the unbroken run has it at
 * that point (before the pulse-counter read that only the stopped run makes).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train, type TrainResult } from '../../host/trainer/trainer';
import { readCheckpoint } from '../../host/trainer/checkpoint';
import { prepareBoardActivation } from '../../host/trainer/board-session';
import type { CheckpointState } from '../../host/trainer/checkpoint';

const mnist = loadMnist();
const trainSet = headOf(mnist.train, 300);
const testSet = headOf(mnist.test, 100);
const quiet = (): void => undefined;

async function liveRun(opts: { checkpointFile?: string; stopAt?: number; resume?: CheckpointState }): Promise<TrainResult> {
  const prepared = await prepareBoardActivation('live', 'sim', quiet, opts.resume);
  try {
    let n = 0;
    return await train({
      train: trainSet,
      test: testSet,
      activation: prepared.activation,
      seed: 4,
      checkpointFile: opts.checkpointFile,
      checkpointEvery: 100,
      resume: opts.resume,
      resumeFile: opts.resume ? 'cp.json' : undefined,
      shouldStop: opts.stopAt === undefined ? undefined : () => ++n >= (opts.stopAt as number),
    });
  } finally {
    await prepared.close();
  }
}

function bytes(r: TrainResult): Buffer {
  const w = r.network.weights;
  return Buffer.concat([w.w1, w.b1, w.w2, w.b2].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)));
}

test('live on the twin: stopped at 150 (between checkpoints) and resumed ends exactly like the unbroken run', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-live-stop-'));
  const unbroken = await liveRun({ checkpointFile: path.join(dir, 'unbroken.json') });
  const cp = path.join(dir, 'cp.json');
  const stopped = await liveRun({ checkpointFile: cp, stopAt: 150 });
  expect(stopped.completed).toBe(false);
  const saved = readCheckpoint(cp);
  expect(saved.trained).toBe(150);
  expect(saved.board?.kind).toBe('twin');
  const resumed = await liveRun({ checkpointFile: cp, resume: saved });
  expect(resumed.completed).toBe(true);
  expect(bytes(resumed).equals(bytes(unbroken))).toBe(true);
  expect([resumed.testAcc, resumed.finalLoss, resumed.trainRunningAcc, resumed.pulses, resumed.deviceTimeS, resumed.evaluations]).toEqual([
    unbroken.testAcc,
    unbroken.finalLoss,
    unbroken.trainRunningAcc,
    unbroken.pulses,
    unbroken.deviceTimeS,
    unbroken.evaluations,
  ]);
  expect(resumed.curve).toEqual(unbroken.curve);
});

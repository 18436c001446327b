/**
 * Issue 15.1: a 784-N-10 network whose hidden neurons are devices spread over several boards
 * (twins with different seeds in this process). Small N and a few hundred examples; all time is
 * the twins' virtual time.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train } from '../../host/trainer/trainer';
import { IdealActivation } from '../../host/trainer/activation';
import { readCheckpoint } from '../../host/trainer/checkpoint';
import { isTrainerError } from '../../host/trainer/errors';
import { planNeuronMap, neuronsPerBoard, formatNeuronMap, type NeuronMap } from '../../host/trainer/neuron-map';
import { runTrainCommand, type TrainCommandOptions, type TrainIo } from '../../host/trainer/run';
import { scalingMarkdown } from '../../host/trainer/scaling';

const mnist = loadMnist();
const SPECS = ['sim:seed=1', 'sim:seed=2', 'sim:seed=3'];
const TEN = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-multiboard-'));
}

interface Captured {
  io: TrainIo;
  out: string[];
  err: string[];
}

function capture(): Captured {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, signals: { on: () => undefined, removeListener: () => undefined } },
  };
}

function options(over: Partial<TrainCommandOptions>): TrainCommandOptions {
  return { board: SPECS[0], boards: SPECS, hidden: 20, activation: 'live', trainN: 300, testN: 100, epochs: 1, lr: 0.1, seed: 1, overload: false, checkpointEvery: 5000, json: true, ...over };
}

interface WideJson {
  activation: string;
  test_acc: number;
  train_running_acc: number;
  device_time_s: number;
  final_loss: number;
  pulses: number;
  evaluations: number;
  hidden: number;
  neuron_map: NeuronMap | null;
  board_stats: { spec: string; neurons: number; frames: number; pulses: number; device_time_s: number }[] | null;
}

function lastJson(out: string[]): WideJson {
  const lines = out.join('').trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as WideJson;
}

describe('the neuron-to-channel map', () => {
  test('spreads the neurons evenly in contiguous blocks, on each board\'s populated channels', () => {
    const boards = [
      { spec: 'a', populated: TEN },
      { spec: 'b', populated: [1, 3, 5, 7, 9, 11, 13, 15, 2, 4] },
    ];
    expect(neuronsPerBoard(boards, 15)).toEqual([8, 7]);
    const map = planNeuronMap(boards, 15);
    expect(map.slice(0, 8).every((s, j) => s.board === 'a' && s.channel === j)).toBe(true);
    expect(map.slice(8).map((s) => s.channel)).toEqual([1, 3, 5, 7, 9, 11, 13]);
    expect(formatNeuronMap(map)).toEqual(['neurons 0–7 → a channels 0, 1, 2, 3, 4, 5, 6, 7', 'neurons 8–14 → b channels 1, 3, 5, 7, 9, 11, 13']);
    // one board, the paper's ten: its channels in order, as before
    expect(planNeuronMap([{ spec: 'sim', populated: TEN }], 10).map((s) => s.channel)).toEqual(TEN);
    // a board with fewer channels fills up and the rest go to the others
    expect(neuronsPerBoard([{ spec: 'a', populated: [0, 1] }, { spec: 'b', populated: TEN }], 9)).toEqual([2, 7]);
  });

  test('more neurons than channels: NOT_ENOUGH_CHANNELS says how many there are and on which boards', () => {
    let caught: unknown;
    try {
      planNeuronMap([{ spec: 'sim:seed=1', populated: TEN }, { spec: 'sim:seed=2', populated: TEN }], 25);
    } catch (e) {
      caught = e;
    }
    expect(isTrainerError(caught, 'NOT_ENOUGH_CHANNELS')).toBe(true);
    expect((caught as Error).message).toMatch(/25 hidden neurons need 25 devices, but the 2 boards have 20 populated channels \(sim:seed=1: 10, sim:seed=2: 10\)/);
  });
});

describe('784-20-10 over three twins', () => {
  test('live: one frame per board per example, the map printed, device time per example ≈ one board\'s', async () => {
    const c = capture();
    expect(await runTrainCommand(options({}), c.io)).toBe(0);
    const j = lastJson(c.out);
    const log = c.err.join('');
    expect(log).toContain('map: neurons 0–6 → sim:seed=1 channels 0, 1, 2, 3, 4, 5, 6');
    expect(log).toContain('map: neurons 7–13 → sim:seed=2 channels 0, 1, 2, 3, 4, 5, 6');
    expect(log).toContain('map: neurons 14–19 → sim:seed=3 channels 0, 1, 2, 3, 4, 5');
    expect(j.hidden).toBe(20);
    expect(j.neuron_map).toHaveLength(20);
    expect(j.evaluations).toBe(400 * 20);
    const stats = j.board_stats ?? [];
    expect(stats.map((b) => [b.spec, b.neurons, b.frames])).toEqual([
      ['sim:seed=1', 7, 400],
      ['sim:seed=2', 7, 400],
      ['sim:seed=3', 6, 400],
    ]);
    for (const b of stats) expect(b.pulses).toBeGreaterThan(b.neurons * 400);
    // the boards work at once: the run's device time is the longest board's, not the sum
    const own = stats.map((b) => b.device_time_s);
    const mean = own.reduce((a, b) => a + b, 0) / own.length;
    const ratio = j.device_time_s / mean;
    process.stdout.write(`784-20-10 over 3 twins: device time per example ${(j.device_time_s / 400).toFixed(3)} s, one board ${(mean / 400).toFixed(3)} s, ratio ${ratio.toFixed(3)}\n`);
    expect(j.device_time_s).toBeGreaterThanOrEqual(Math.max(...own) - 1e-6);
    expect(ratio).toBeLessThan(1.2);
    expect(j.device_time_s).toBeLessThan(0.5 * own.reduce((a, b) => a + b, 0));
    // it learns (300 examples is early: above chance by a margin)
    expect(j.train_running_acc).toBeGreaterThan(0.13);
  }, 60000);

  test('ideal and analog train the same 784-20-10 network', async () => {
    const ideal = capture();
    expect(await runTrainCommand(options({ activation: 'ideal' }), ideal.io)).toBe(0);
    const analog = capture();
    expect(await runTrainCommand(options({ activation: 'analog' }), analog.io)).toBe(0);
    const [i, a] = [lastJson(ideal.out), lastJson(analog.out)];
    expect(i.hidden).toBe(20);
    expect(a.hidden).toBe(20);
    expect(a.evaluations).toBe(0);
    expect(Math.abs(i.test_acc - a.test_acc)).toBeLessThan(0.1);
    expect(analog.err.join('')).toContain('the other boards are not used');
  }, 60000);

  test('a live run over three twins, stopped and resumed, ends exactly where the unbroken run does; the map and the twins are in the checkpoint', async () => {
    const d = tmpDir();
    const small = { hidden: 12, trainN: 100, testN: 20 };
    const unbroken = capture();
    expect(await runTrainCommand(options({ ...small, checkpoint: path.join(d, 'a.json') }), unbroken.io)).toBe(0);
    const cp = path.join(d, 'b.json');
    const stopped = capture();
    let onSigint: (() => void) | null = null;
    stopped.io.signals = { on: (_s, l) => (onSigint = l), removeListener: () => undefined };
    stopped.io.observer = { progress: (p) => void (p.trained >= 50 && onSigint !== null && (onSigint(), (onSigint = null))) };
    expect(await runTrainCommand(options({ ...small, checkpoint: cp }), stopped.io)).toBe(130);
    const saved = readCheckpoint(cp);
    expect(saved.trained).toBeGreaterThanOrEqual(50);
    expect(saved.trained).toBeLessThan(100);
    expect(saved.identity.hidden).toBe(12);
    expect(saved.neurons?.map((s) => `${s.board}/${s.channel}`)).toEqual([
      ...[0, 1, 2, 3].map((ch) => `sim:seed=1/${ch}`),
      ...[0, 1, 2, 3].map((ch) => `sim:seed=2/${ch}`),
      ...[0, 1, 2, 3].map((ch) => `sim:seed=3/${ch}`),
    ]);
    expect(saved.board?.kind).toBe('twins');
    const resumed = capture();
    expect(await runTrainCommand(options({ ...small, resume: cp }), resumed.io)).toBe(0);
    expect(resumed.err.join('')).toContain('the 3 simulated boards are restored');
    const [u, r] = [lastJson(unbroken.out), lastJson(resumed.out)];
    for (const k of ['test_acc', 'train_running_acc', 'final_loss', 'device_time_s', 'pulses', 'evaluations'] as const) expect([k, r[k as keyof WideJson]]).toEqual([k, u[k as keyof WideJson]]);
    expect(readCheckpoint(cp).weights).toEqual(readCheckpoint(path.join(d, 'a.json')).weights);
    // other boards (or fewer) than the checkpoint's twins: refused, saying why
    await expect(runTrainCommand(options({ ...small, boards: SPECS.slice(0, 2), resume: cp }), capture().io)).rejects.toThrow(/needs the checkpoint to hold the state of 2 twins in this process, and it holds 3/);
  }, 60000);
});

describe('checkpoints of a wider network', () => {
  const trainSet = headOf(mnist.train, 300);
  const testSet = headOf(mnist.test, 50);
  const map = planNeuronMap([{ spec: 'a', populated: TEN }, { spec: 'b', populated: TEN }], 15);

  test('a 784-15-10 run stopped and resumed ends where the unbroken one does; the map is kept and checked', async () => {
    const d = tmpDir();
    const cp = path.join(d, 'cp.json');
    const base = { train: trainSet, test: testSet, hidden: 15, neuronMap: map, seed: 3, checkpointEvery: 100 };
    const unbroken = await train({ ...base, activation: new IdealActivation() });
    let n = 0;
    const stopped = await train({ ...base, activation: new IdealActivation(), checkpointFile: cp, shouldStop: () => ++n === 150 });
    expect(stopped.completed).toBe(false);
    const saved = readCheckpoint(cp);
    expect(saved.neurons).toEqual(map);
    expect(saved.weights.w1).toHaveLength(15 * 784);
    const other = planNeuronMap([{ spec: 'b', populated: TEN }, { spec: 'a', populated: TEN }], 15);
    await expect(train({ ...base, neuronMap: other, activation: new IdealActivation(), resume: saved, resumeFile: cp })).rejects.toThrow(/another neuron-to-channel map: neuron 0 was on a channel 0, this run puts it on b channel 0/);
    await expect(train({ ...base, hidden: 10, neuronMap: null, activation: new IdealActivation(), resume: saved, resumeFile: cp })).rejects.toThrow(/hidden: checkpoint 15, this run 10/);
    const resumed = await train({ ...base, activation: new IdealActivation(), resume: saved, resumeFile: cp });
    expect(resumed.testAcc).toBe(unbroken.testAcc);
    expect(Buffer.from(resumed.network.weights.w1.buffer)).toEqual(Buffer.from(unbroken.network.weights.w1.buffer));
  });
});

describe('the scaling table', () => {
  test('one markdown line per run beside the paper, device figures for live only, the ratio to the same run\'s one board', () => {
    const row = { hidden: 30, boards: 3, testAcc: 0.9408, runningAcc: 0.88, trainExamples: 60000, testExamples: 10000, wallS: 128.9, deviceSPerExample: 3.5, deviceHoursPerEpoch: 58.3, pulsesPerDevice: 101234.4 };
    const md = scalingMarkdown([
      { ...row, activation: 'ideal', deviceSPerExample: 0, deviceHoursPerEpoch: 0, pulsesPerDevice: 0 },
      { ...row, activation: 'live', oneBoardSPerExample: 2.8 },
    ]).split('\n');
    expect(md[2]).toMatch(/^\| paper 784-10-10 \| 1 \| ideal \/ analog \/ live \| 87\.8 \/ 89\.1 \/ 87\.5 \|/);
    expect(md[3]).toBe('| 784-30-10 | - | ideal | 94.08 | 88.00 | 128.9 | - | - | - |  |  |  |');
    expect(md[4]).toBe('| 784-30-10 | 3 | live | 94.08 | 88.00 | 128.9 | 3.500 | 58.3 | 101234 | 2.800 | 1.250 |  |');
    const withSingle = scalingMarkdown([{ ...row, hidden: 10, boards: 1, activation: 'live', deviceSPerExample: 2.8, oneBoardSPerExample: 2.8 }, { ...row, activation: 'live', oneBoardSPerExample: 2.8 }]).split('\n');
    expect(withSingle[4]).toMatch(/\| 1\.250 \| 1\.250 \|$/);
  });
});

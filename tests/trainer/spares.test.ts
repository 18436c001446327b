/**
 * Issue 15.3, "spares instead of lost runs": a device or a board that fails mid-run (the twin's
 * delayed faults) is found by the health check, its neuron moves to a spare channel, the spare is
 * calibrated, and training goes on from the last checkpoint; without a spare the run stops with
 * NO_SPARE and a checkpoint that resumes. Small sets (1 000 examples, 500 test images) and the
 * twins' virtual time; the full done-when figures come from bench/spares.ts.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTrainCommand, type TrainCommandOptions, type TrainIo } from '../../host/trainer/run';
import { readCheckpoint } from '../../host/trainer/checkpoint';
import { isTrainerError } from '../../host/trainer/errors';
import { boardIdentity } from '../../host/trainer/neuron-map';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-spares-'));
}

interface Run {
  code: number | null;
  error: unknown;
  json: { test_acc: number; swaps?: { neuron: number; from: { board: string; channel: number }; to: { board: string; channel: number }; atExample: number; resumedFrom: number; rule: string; reason: string }[]; neuron_map?: { board: string; channel: number }[] | null } | null;
  stderr: string;
}

async function train(over: Partial<TrainCommandOptions>): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: TrainIo = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) }, signals: { on: () => undefined, removeListener: () => undefined } };
  const board = over.board ?? 'sim:seed=1';
  const options: TrainCommandOptions = { board, boards: [board], hidden: 9, activation: 'live', trainN: 1000, testN: 500, epochs: 1, lr: 0.1, seed: 1, overload: false, checkpointEvery: 250, json: true, ...over };
  let code: number | null = null;
  let error: unknown = null;
  try {
    code = await runTrainCommand(options, io);
  } catch (e) {
    error = e;
  }
  const lines = out.join('').trim().split('\n');
  return { code, error, json: code === null ? null : (JSON.parse(lines[lines.length - 1]) as Run['json']), stderr: err.join('') };
}

describe('spares instead of lost runs', () => {
  let clean: Run;
  beforeAll(async () => {
    clean = await train({});
  });

  test('a clean run flags nothing: no swap, no spare calibrated', () => {
    expect(clean.code).toBe(0);
    expect(clean.json?.swaps).toBeUndefined();
    expect(clean.stderr).not.toMatch(/swap:|spare/);
  });

  test('open-channel:3 after 500 examples: neuron 3 moves to the spare, the run finishes near the clean run, the report names the swap', async () => {
    const dir = tmpDir();
    const spec = 'sim:seed=1,fault=open-channel:3@500';
    const run = await train({ board: spec, boards: [spec], checkpoint: path.join(dir, 'cp.json'), reportDir: path.join(dir, 'report') });
    expect(run.code).toBe(0);
    const swaps = run.json?.swaps ?? [];
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ neuron: 3, from: { board: spec, channel: 3 }, to: { board: spec, channel: 9 }, resumedFrom: 500 });
    expect(swaps[0].rule).toBe('stuck');
    expect(swaps[0].atExample).toBeGreaterThan(500);
    expect(swaps[0].atExample).toBeLessThan(600);
    expect(run.json?.neuron_map?.[3]).toEqual({ board: spec, channel: 9 });
    // near the clean run: on 500 test examples one standard error of the rate is 2.2 points (see
    // the worn-device case below), so the bound is 2.5 points; the 1-point done-when is
    // measured on full MNIST by bench/spares.ts. (Espruino's bus-write order, least significant pin
    // first, adopted by the twin on 2026-12-07, moved this pair from within 1 point to 1.6.)
    expect(Math.abs((run.json?.test_acc ?? 0) - (clean.json?.test_acc ?? 1))).toBeLessThanOrEqual(0.025);
    // the log says it as it happens, the report and the checkpoint keep it
    expect(run.stderr).toMatch(/spare calibrated channel 9/);
    expect(run.stderr).toMatch(/swap: neuron 3 moved from sim:seed=1,fault=open-channel:3@500 channel 3 to sim:seed=1,fault=open-channel:3@500 channel 9 at example 5\d\d \(stuck: output stuck/);
    const html = fs.readFileSync(path.join(dir, 'report', 'index.html'), 'utf8');
    expect(html).toMatch(/swap: neuron 3 moved from sim:seed=1,fault=open-channel:3@500 channel 3 to sim:seed=1,fault=open-channel:3@500 channel 9 at example 5\d\d/);
    const cp = readCheckpoint(path.join(dir, 'cp.json'));
    expect(cp.swaps).toHaveLength(1);
    expect(cp.neurons?.[3]).toEqual({ board: spec, channel: 9 });
    // the same command resumes from it on the moved map: the twin restored, the test repeats exactly
    const again = await train({ board: spec, boards: [spec], resume: path.join(dir, 'cp.json') });
    expect(again.code).toBe(0);
    expect(again.json?.test_acc).toBe(run.json?.test_acc);
    expect(again.json?.swaps).toEqual(swaps);
  });

  test('no spare: NO_SPARE naming the neuron and why, a checkpoint of the last good position, and the run resumes on the repaired board', async () => {
    const dir = tmpDir();
    const cp = path.join(dir, 'cp.json');
    const spec = 'sim:seed=1,fault=open-channel:3@300';
    const run = await train({ board: spec, boards: [spec], hidden: 10, checkpoint: cp });
    expect(isTrainerError(run.error, 'NO_SPARE')).toBe(true);
    const message = (run.error as Error).message;
    expect(message).toMatch(/^neuron 3 \(sim:seed=1,fault=open-channel:3@300 channel 3\) failed at example 3\d\d: output stuck/);
    expect(message).toContain('no spare channel is left on any board (sim:seed=1,fault=open-channel:3@300: populated 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, in use 0, 1, 2, 3, 4, 5, 6, 7, 8, 9)');
    expect(message).toContain(`the checkpoint ${cp} holds the run as of example 250`);
    expect(readCheckpoint(cp).trained).toBe(250);
    // the channel repaired (the same board without its fault): the same command resumes and finishes
    const resumed = await train({ board: 'sim:seed=1', boards: ['sim:seed=1'], hidden: 10, resume: cp });
    expect(resumed.error).toBeNull();
    expect(resumed.code).toBe(0);
    expect(resumed.json?.test_acc).toBeGreaterThan(0.3);
  });

  test('a device damaged past the threshold (worn:3 after 500 examples) moves to the spare', async () => {
    const spec = 'sim:seed=1,fault=worn:3@500';
    const run = await train({ board: spec, boards: [spec] });
    expect(run.code).toBe(0);
    expect(run.json?.swaps).toEqual([expect.objectContaining({ neuron: 3, to: { board: spec, channel: 9 }, resumedFrom: 500, rule: 'stuck' })]);
    // the spare carries the run on: its test rate stays near the clean run's. On this short run (500
    // test examples, a rate near 47 %) one standard error of the rate is 2.2 points, and the two
    // runs differ after example 500 in the device under neuron 3: a bound of 2.5 points. (The
    // issue's 1-point done-when is measured on full MNIST by bench/spares.ts; the firmware's pulse
    // timing of 2026-12-07 moved this pair from −0.6 to −1.6 points.)
    expect(Math.abs((run.json?.test_acc ?? 0) - (clean.json?.test_acc ?? 1))).toBeLessThanOrEqual(0.025);
  });

  test('a device failing in the test phase moves too, and the test starts again', async () => {
    const spec = 'sim:seed=1,fault=open-channel:3@350';
    const run = await train({ board: spec, boards: [spec], trainN: 300, testN: 300 });
    if (run.error !== null) throw run.error;
    expect(run.code).toBe(0);
    expect(run.json?.swaps).toEqual([expect.objectContaining({ neuron: 3, to: { board: spec, channel: 9 }, atExample: 300, resumedFrom: 300 })]);
    expect(run.stderr).toMatch(/swap: neuron 3 moved from .* channel 3 to .* channel 9 in the test phase after 300 examples \(stuck: .*; the test started again/);
  });

  test('a lost link with no other board: NO_SPARE naming the link', async () => {
    const dir = tmpDir();
    const spec = 'sim:seed=1,fault=link-dead@300';
    const run = await train({ board: spec, boards: [spec], hidden: 10, trainN: 400, testN: 100, checkpoint: path.join(dir, 'cp.json') });
    expect(isTrainerError(run.error, 'NO_SPARE')).toBe(true);
    expect((run.error as Error).message).toMatch(/^neuron 0 \(sim:seed=1,fault=link-dead@300 channel 0\) failed at example 301: board link lost \(DISCONNECTED: .*link-dead@300/);
    expect((run.error as Error).message).toContain('link lost');
    expect(readCheckpoint(path.join(dir, 'cp.json')).trained).toBe(250);
  });

  test("a board whose link drops for good: its neurons move to spares on the other board", async () => {
    const specs = ['sim:seed=1', 'sim:seed=2,fault=link-dead@400'];
    const run = await train({ board: specs[0], boards: specs, hidden: 10, testN: 300 });
    expect(run.error).toBeNull();
    const swaps = run.json?.swaps ?? [];
    expect(swaps.map((s) => s.neuron)).toEqual([5, 6, 7, 8, 9]);
    expect(swaps.map((s) => s.to)).toEqual([5, 6, 7, 8, 9].map((channel) => ({ board: specs[0], channel })));
    expect(swaps.every((s) => s.rule === 'link' && s.atExample === 401 && s.resumedFrom === 250)).toBe(true);
    expect(swaps[0].reason).toContain('link-dead@400');
    expect(run.json?.test_acc).toBeGreaterThan(0.3);
  });

  test('a resume names the board without its faults', () => {
    expect(boardIdentity('sim:seed=1,fault=open-channel:3@300')).toBe('sim:seed=1');
    expect(boardIdentity('sim:fault=link-dead@5')).toBe('sim');
    expect(boardIdentity('serial:/dev/ttyACM0')).toBe('serial:/dev/ttyACM0');
  });
});

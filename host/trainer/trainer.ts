/**
 * Online training as in the paper: one example at a time, running recognition rate N_R/N_T and
 * running loss L = 1/(2 N_T) Σ (ŷ − y)², then the test rate on the test set. Deterministic for
 * a seed (init and order), resumable from a checkpoint to the same result.
 */
import type { DataSet } from './mnist';
import type { HiddenActivation } from './activation';
import { Network, DEFAULT_INIT, HIDDEN, OUTPUTS } from './network';
import { shuffledOrder } from './rng';
import { emptyCurve, pushPoint, type Curve } from './curve';
import {
  CHECKPOINT_VERSION,
  checkIdentity,
  dataSha256,
  loadWeightsInto,
  weightsToJson,
  writeCheckpoint,
  type CheckpointState,
  type RunIdentity,
} from './checkpoint';
import { TrainerError } from './errors';
import type { BoardCheckpoint } from './board-checkpoint';
import { checkNeuronMapResume, type NeuronMap } from './neuron-map';
import type { NeuronFailure, NeuronSwap } from './neuron-swap';

/** lr and init chosen on the ideal sigmoid and used unchanged for analog and live (docs/trainer.md). */
export const DEFAULT_LR = 0.1;
export const DEFAULT_SEED = 1;

export interface Progress {
  trained: number;
  total: number;
  rate: number;
  loss: number;
  examplesPerS: number;
  phase: 'train' | 'test';
  /** Device time so far, s (0 for ideal and analog: no board in the loop). */
  deviceTimeS?: number;
  /** Examples trained when the checkpoint was last written in this run (null: not yet). */
  checkpointAt?: number | null;
}

export interface TrainOptions {
  train: DataSet;
  test: DataSet;
  activation: HiddenActivation;
  /** Hidden neurons N of the 784-N-10 network (default HIDDEN, the paper's ten). */
  hidden?: number;
  /** Which device serves each hidden neuron (analog/live on boards): saved with the checkpoint, checked on resume. */
  neuronMap?: NeuronMap | null;
  lr?: number;
  seed?: number;
  epochs?: number;
  w1Scale?: number;
  w2Scale?: number;
  /** A curve point every this many examples (default: total/300). */
  curveEvery?: number;
  checkpointFile?: string;
  /** Periodic checkpoint interval in examples (default 5000; 0 = only on stop). */
  checkpointEvery?: number;
  resume?: CheckpointState;
  resumeFile?: string;
  onProgress?: (p: Progress) => void;
  /** Checked after every example; true stops the run (a checkpoint is written first). */
  shouldStop?: () => boolean;
  /** Monotonic clock in ms (injected; default performance.now). */
  nowMs?: () => number;
  /** Lines for the run's log (a neuron moved to a spare); default: none. */
  log?: (line: string) => void;
}

/** A run's figures: what the report, the summary JSON and the table show. */
export interface RunFigures {
  activation: string;
  trainExamples: number;
  testExamples: number;
  trainRunningAcc: number;
  testAcc: number;
  finalLoss: number;
  wallS: number;
  deviceTimeS: number;
  pulses: number;
  evaluations: number;
  curve: Curve;
}

export interface TrainResult extends RunFigures {
  completed: boolean;
  network: Network;
  /** Neurons moved to spares during the run (a resumed run: since its start, the checkpoint's first). */
  swaps: NeuronSwap[];
}

/** Where training goes back to when a device fails: the last checkpoint's position, in memory. */
interface RollbackPoint {
  epoch: number;
  index: number;
  correct: number;
  trained: number;
  lossSum: number;
  curve: Curve;
  weights: Float32Array[];
}

/** Examples per synchronous slice before yielding to the event loop (SIGINT, progress). */
const SLICE = 2000;

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { train: trainSet, test: testSet, activation } = opts;
  const lr = opts.lr ?? DEFAULT_LR;
  const seed = opts.seed ?? DEFAULT_SEED;
  const epochs = opts.epochs ?? 1;
  const w1Scale = opts.w1Scale ?? DEFAULT_INIT.w1Scale;
  const w2Scale = opts.w2Scale ?? DEFAULT_INIT.w2Scale;
  const nowMs = opts.nowMs ?? (() => performance.now());
  const total = trainSet.count * epochs;
  const curveEvery = Math.max(1, opts.curveEvery ?? Math.ceil(total / 300));
  const checkpointEvery = opts.checkpointEvery ?? 5000;
  const identity: RunIdentity = {
    activation: activation.kind,
    seed,
    lr,
    epochs,
    trainExamples: trainSet.count,
    inputs: trainSet.pixels,
    hidden: opts.hidden ?? HIDDEN,
    outputs: OUTPUTS,
    w1Scale,
    w2Scale,
    dataSha256: dataSha256(trainSet.images.subarray(0, trainSet.count * trainSet.pixels), trainSet.labels.subarray(0, trainSet.count)),
  };

  const neuronMap = opts.neuronMap ?? null;
  const net = new Network(trainSet.pixels, { seed, w1Scale, w2Scale, hidden: identity.hidden });
  let epoch = 0;
  let index = 0;
  let correct = 0;
  let trained = 0;
  let lossSum = 0;
  let curve = emptyCurve();
  let basePulses = 0;
  let baseDeviceS = 0;
  let baseEvals = 0;
  if (opts.resume) {
    const cp = opts.resume;
    checkIdentity(opts.resumeFile ?? 'checkpoint', cp.identity, identity);
    checkNeuronMapResume(opts.resumeFile ?? 'checkpoint', cp.neurons, neuronMap);
    loadWeightsInto(net.weights, cp.weights, opts.resumeFile ?? 'checkpoint');
    ({ epoch, index, correct, trained, lossSum, curve } = cp);
    basePulses = cp.pulses;
    baseDeviceS = cp.deviceTimeS;
    baseEvals = cp.evaluations;
  }
  const log = opts.log ?? ((): void => undefined);
  const swaps: NeuronSwap[] = opts.resume?.swaps !== undefined ? [...opts.resume.swaps] : [];
  const weightArrays = (): Float32Array[] => [net.weights.w1, net.weights.b1, net.weights.w2, net.weights.b2];
  const markHere = (): RollbackPoint => ({
    epoch,
    index,
    correct,
    trained,
    lossSum,
    curve: { examples: [...curve.examples], rate: [...curve.rate], loss: [...curve.loss] },
    weights: weightArrays().map((w) => w.slice()),
  });
  let mark = markHere();
  const statsAtStart = activation.stats();
  const deviceCounters = (): { pulses: number; deviceTimeS: number; evaluations: number } => {
    const s = activation.stats();
    return {
      pulses: basePulses + s.pulses - statsAtStart.pulses,
      // to the µs: the board reports whole ms per frame, and a resumed run adds its part to the
      // checkpoint's in another order than an unbroken run sums it (1e-12 s apart otherwise)
      deviceTimeS: Math.round((baseDeviceS + s.deviceTimeS - statsAtStart.deviceTimeS) * 1e6) / 1e6,
      evaluations: baseEvals + s.evaluations - statsAtStart.evaluations,
    };
  };
  const boardNow = (): BoardCheckpoint | null => (activation.boardCheckpoint ? activation.boardCheckpoint() : null);
  const snapshot = (board: BoardCheckpoint | null): CheckpointState => ({
    version: CHECKPOINT_VERSION,
    identity,
    epoch,
    index,
    correct,
    trained,
    lossSum,
    curve,
    ...deviceCounters(),
    weights: weightsToJson(net.weights),
    board,
    // absent without boards, so ideal checkpoints are as before
    ...(neuronMap !== null ? { neurons: neuronMap.map((site) => ({ ...site })) } : {}),
    ...(swaps.length > 0 ? { swaps: swaps.map((sw) => ({ ...sw })) } : {}),
  });
  let checkpointAt: number | null = null;
  /**
   * `inRun`: a checkpoint every run with these options writes here (periodic, end of training).
   * Reading the board's counter (flush) is a request the board spends time on: it is part of the
   * run there, so the board is recorded after it; a stop checkpoint records the board before it,
   * as the unbroken run has it at this point.
   */
  const saveCheckpoint = async (inRun: boolean): Promise<void> => {
    if (!opts.checkpointFile) return;
    const boardBefore = inRun ? null : boardNow();
    if (activation.flush) await activation.flush();
    writeCheckpoint(opts.checkpointFile, snapshot(inRun ? boardNow() : boardBefore));
    checkpointAt = trained;
  };

  const started = nowMs();
  const trainedAtStart = trained;
  const order = new Uint32Array(trainSet.count);
  if (epoch < epochs) shuffledOrder(order, seed, epoch);

  /** Back to the rollback point: weights, position, rates, curve (the boards' counters keep what they did). */
  const rollBack = (): void => {
    ({ epoch, index, correct, trained, lossSum } = mark);
    curve = { examples: [...mark.curve.examples], rate: [...mark.curve.rate], loss: [...mark.curve.loss] };
    weightArrays().forEach((w, i) => w.set(mark.weights[i]));
    if (epoch < epochs) shuffledOrder(order, seed, epoch);
  };
  /**
   * A device failed its health check: its neuron moves to a spare (calibrated), training goes
   * back to the last checkpoint and on from there, and a checkpoint records the move. Without a
   * spare: NO_SPARE, with a checkpoint of the last good position to resume from.
   */
  const recover = async (failed: NeuronFailure[], atExample: number, rewind: boolean): Promise<void> => {
    if (!activation.repair) throw new TrainerError('NO_SPARE', `${failed.map((f) => `neuron ${f.neuron} failed: ${f.reason}`).join('; ')}; this activation cannot move neurons`);
    let moved: NeuronSwap[];
    try {
      moved = await activation.repair(failed, atExample, rewind ? mark.trained : trained);
    } catch (error) {
      if (!(error instanceof TrainerError) || error.code !== 'NO_SPARE') throw error;
      if (rewind) rollBack();
      if (opts.checkpointFile) await saveCheckpoint(false);
      const where = opts.checkpointFile
        ? `; the checkpoint ${opts.checkpointFile} holds the run as of example ${trained} (the last before the failure): repair the device or its board's link and resume with the same command and --resume ${opts.checkpointFile}`
        : '; no --checkpoint was given, so nothing was saved';
      throw new TrainerError('NO_SPARE', `${error.message}${where}`);
    }
    swaps.push(...moved);
    if (rewind) {
      rollBack();
      log(`swap: training goes on from the checkpoint at example ${trained}`);
    }
    await saveCheckpoint(true);
  };
  let phaseStarted = started;
  let lastTrainReport = -1;
  const report = (phase: 'train' | 'test', done: number, of: number, rate: number, loss: number): void => {
    if (!opts.onProgress) return;
    if (phase === 'train') {
      if (done === lastTrainReport) return;
      lastTrainReport = done;
    }
    const elapsedS = (nowMs() - phaseStarted) / 1000;
    const n = phase === 'train' ? done - trainedAtStart : done;
    opts.onProgress({
      trained: done,
      total: of,
      rate,
      loss,
      examplesPerS: elapsedS > 0 ? n / elapsedS : 0,
      phase,
      deviceTimeS: deviceCounters().deviceTimeS,
      checkpointAt,
    });
  };

  let stopped = false;
  let sinceYield = 0;
  while (epoch < epochs) {
    while (index < trainSet.count) {
      const ex = order[index];
      const label = trainSet.labels[ex];
      net.loadInput(trainSet.images, ex);
      const pending = activation.apply(net.hiddenPre(), net.hidden);
      if (pending) await pending;
      if (activation.failures) {
        const failed = activation.failures();
        if (failed.length > 0) {
          await recover(failed, trained + 1, true);
          continue;
        }
      }
      if (net.outputs() === label) correct++;
      lossSum += net.loss(label);
      net.backward(label, lr);
      trained++;
      index++;
      if (trained % curveEvery === 0) pushPoint(curve, trained, correct / trained, lossSum / trained);
      if (checkpointEvery > 0 && trained % checkpointEvery === 0) {
        await saveCheckpoint(true);
        mark = markHere();
      }
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      if (++sinceYield >= SLICE || pending) {
        if (sinceYield >= SLICE) {
          sinceYield = 0;
          report('train', trained, total, correct / trained, lossSum / trained);
          await yieldToLoop();
        } else if (trained % 50 === 0) report('train', trained, total, correct / trained, lossSum / trained);
      }
    }
    if (stopped) break;
    epoch++;
    index = 0;
    if (epoch < epochs) shuffledOrder(order, seed, epoch);
  }
  if (stopped) {
    await saveCheckpoint(false);
    if (activation.flush) await activation.flush();
    const counters = deviceCounters();
    return {
      activation: activation.kind,
      completed: false,
      trainExamples: trained,
      testExamples: 0,
      trainRunningAcc: trained > 0 ? correct / trained : 0,
      testAcc: NaN,
      finalLoss: trained > 0 ? lossSum / trained : NaN,
      wallS: (nowMs() - started) / 1000,
      ...counters,
      curve,
      network: net,
      swaps,
    };
  }
  if (trained > 0) pushPoint(curve, trained, correct / trained, lossSum / trained);
  // The end of training is checkpointed once: not again when the periodic checkpoint has just
  // written this state, nor by a run resumed from it. Each save reads the board's counter (a
  // request the board spends time on), so a repeated one would make a resumed live run differ.
  const alreadySaved = (checkpointEvery > 0 && trained % checkpointEvery === 0) || (opts.resume !== undefined && trained === trainedAtStart);
  if (!alreadySaved) await saveCheckpoint(true);
  report('train', trained, total, trained > 0 ? correct / trained : 0, trained > 0 ? lossSum / trained : 0);
  phaseStarted = nowMs();

  // A device failing in the test phase moves too; the test starts again (the weights are final).
  const testAcc = await evaluate(
    net,
    testSet,
    activation,
    (done, right) => report('test', done, testSet.count, right / Math.max(1, done), NaN),
    (failed) => recover(failed, trained, false),
  );
  if (trained === 0) throw new TrainerError('DATA_MISMATCH', 'no training examples');
  if (activation.flush) await activation.flush();
  return {
    activation: activation.kind,
    completed: true,
    trainExamples: trained,
    testExamples: testSet.count,
    trainRunningAcc: correct / trained,
    testAcc,
    finalLoss: lossSum / trained,
    wallS: (nowMs() - started) / 1000,
    ...deviceCounters(),
    curve,
    network: net,
    swaps,
  };
}

/** Recognition rate of `net` on `set` with `activation` (no weight change). */
export async function evaluate(
  net: Network,
  set: DataSet,
  activation: HiddenActivation,
  onProgress?: (done: number, correct: number) => void,
  onFailure?: (failed: NeuronFailure[]) => Promise<void>,
): Promise<number> {
  let right = 0;
  for (let i = 0; i < set.count; i++) {
    net.loadInput(set.images, i);
    const pending = activation.apply(net.hiddenPre(), net.hidden);
    if (pending) await pending;
    if (activation.failures) {
      const failed = activation.failures();
      if (failed.length > 0) {
        if (!onFailure) throw new TrainerError('NO_SPARE', `${failed.map((f) => `neuron ${f.neuron} failed: ${f.reason}`).join('; ')}`);
        await onFailure(failed);
        i = -1;
        right = 0;
        continue;
      }
    }
    if (net.outputs() === set.labels[i]) right++;
    if (onProgress && (i + 1) % 1000 === 0) {
      onProgress(i + 1, right);
      if (!pending) await yieldToLoop();
    }
  }
  return set.count > 0 ? right / set.count : NaN;
}

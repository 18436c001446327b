/**
 * Online training as in the paper: one example at a time, running recognition rate N_R/N_T and
 * running loss L = 1/(2 N_T) Σ (ŷ − y)², then the test rate on the test set. Deterministic for
 * a seed (init and order), resumable from a checkpoint to the same result.
 *
 * The pieces: train-types.ts (options, progress, result), training-state.ts (where a run is),
 * device-counters.ts (the board's figures across a resume), checkpointer.ts, progress-reporter.ts,
 * evaluate.ts (the test phase). A device that fails its health check mid-run moves to a spare
 * (the activation's `repair`), and training goes back to the last checkpoint (`recover` below).
 */
import type { BoardCheckpoint } from './board-checkpoint';
import { CHECKPOINT_VERSION, checkIdentity, dataSha256, loadWeightsInto, weightsToJson, type CheckpointState, type RunIdentity } from './checkpoint';
import { Checkpointer } from './checkpointer';
import { DeviceCounters } from './device-counters';
import { TrainerError } from './errors';
import { evaluate, failureText, hiddenFailures, yieldToLoop } from './evaluate';
import { Network, DEFAULT_INIT, HIDDEN, OUTPUTS } from './network';
import { checkNeuronMapResume } from './neuron-map';
import type { NeuronFailure, NeuronSwap } from './neuron-swap';
import { ProgressReporter } from './progress-reporter';
import { shuffledOrder } from './rng';
import type { TrainOptions, TrainResult } from './train-types';
import { TrainingState } from './training-state';

export type { Progress, RunFigures, TrainOptions, TrainResult } from './train-types';
export { evaluate } from './evaluate';

/** lr and init chosen on the ideal sigmoid and used unchanged for analog and live (docs/trainer.md). */
export const DEFAULT_LR = 0.1;
export const DEFAULT_SEED = 1;

/** Examples per synchronous slice before yielding to the event loop (SIGINT, progress). */
const SLICE = 2000;

/** The run's identity as a checkpoint records it: a resume must match it exactly. */
function runIdentity(opts: TrainOptions): RunIdentity {
  const trainSet = opts.train;
  return {
    activation: opts.activation.kind,
    seed: opts.seed ?? DEFAULT_SEED,
    lr: opts.lr ?? DEFAULT_LR,
    epochs: opts.epochs ?? 1,
    trainExamples: trainSet.count,
    inputs: trainSet.pixels,
    hidden: opts.hidden ?? HIDDEN,
    outputs: OUTPUTS,
    w1Scale: opts.w1Scale ?? DEFAULT_INIT.w1Scale,
    w2Scale: opts.w2Scale ?? DEFAULT_INIT.w2Scale,
    dataSha256: dataSha256(trainSet.images.subarray(0, trainSet.count * trainSet.pixels), trainSet.labels.subarray(0, trainSet.count)),
  };
}

export async function train(opts: TrainOptions): Promise<TrainResult> {
  const { train: trainSet, test: testSet, activation } = opts;
  const identity = runIdentity(opts);
  const { seed, lr, epochs } = identity;
  const nowMs = opts.nowMs ?? (() => performance.now());
  const total = trainSet.count * epochs;
  const curveEvery = Math.max(1, opts.curveEvery ?? Math.ceil(total / 300));
  const checkpointEvery = opts.checkpointEvery ?? 5000;
  const neuronMap = opts.neuronMap ?? null;
  const net = new Network(trainSet.pixels, { seed, w1Scale: identity.w1Scale, w2Scale: identity.w2Scale, hidden: identity.hidden });

  let state = new TrainingState();
  let counters: DeviceCounters;
  if (opts.resume) {
    const cp = opts.resume;
    const file = opts.resumeFile ?? 'checkpoint';
    checkIdentity(file, cp.identity, identity);
    checkNeuronMapResume(file, cp.neurons, neuronMap);
    loadWeightsInto(net.weights, cp.weights, file);
    state = TrainingState.resumedFrom(cp);
    counters = new DeviceCounters(activation, { pulses: cp.pulses, deviceTimeS: cp.deviceTimeS, evaluations: cp.evaluations });
  } else {
    counters = new DeviceCounters(activation);
  }
  const log = opts.log ?? ((): void => undefined);
  const swaps: NeuronSwap[] = opts.resume?.swaps !== undefined ? [...opts.resume.swaps] : [];
  const snapshot = (board: BoardCheckpoint | null): CheckpointState => ({
    version: CHECKPOINT_VERSION,
    identity,
    epoch: state.epoch,
    index: state.index,
    correct: state.correct,
    trained: state.trained,
    lossSum: state.lossSum,
    curve: state.curve,
    ...counters.now(),
    weights: weightsToJson(net.weights),
    board,
    // absent without boards, so ideal checkpoints are as before
    ...(neuronMap !== null ? { neurons: neuronMap.map((site) => ({ ...site })) } : {}),
    ...(swaps.length > 0 ? { swaps: swaps.map((sw) => ({ ...sw })) } : {}),
  });
  const checkpoints = new Checkpointer(opts.checkpointFile, activation, snapshot);
  const started = nowMs();
  const trainedAtStart = state.trained;
  const progress = new ProgressReporter(opts.onProgress, nowMs, started, trainedAtStart, () => counters.now().deviceTimeS, () => checkpoints.lastAt);
  const result = (completed: boolean, testAcc: number): TrainResult => ({
    activation: activation.kind,
    completed,
    trainExamples: state.trained,
    testExamples: completed ? testSet.count : 0,
    trainRunningAcc: state.rate,
    testAcc,
    finalLoss: state.trained > 0 ? state.lossSum / state.trained : NaN,
    wallS: (nowMs() - started) / 1000,
    ...counters.now(),
    curve: state.curve,
    network: net,
    swaps,
  });

  // ---- training: one example at a time, in each epoch's shuffled order ----
  const order = new Uint32Array(trainSet.count);
  if (state.epoch < epochs) shuffledOrder(order, seed, state.epoch);

  // ---- a failed device: a spare, and back to the last checkpoint ----
  /** Where training goes back to when a device fails: the last checkpoint's position and weights, in memory. */
  const weightArrays = (): Float32Array[] => [net.weights.w1, net.weights.b1, net.weights.w2, net.weights.b2];
  const mark = { state: new TrainingState(), weights: weightArrays().map((w) => new Float32Array(w.length)) };
  /** The mark moves to here (at each periodic checkpoint): copied into the buffers above, nothing allocated. */
  const markHere = (): void => {
    mark.state.setFrom(state);
    weightArrays().forEach((w, i) => mark.weights[i].set(w));
  };
  markHere();
  /** Back to the mark: weights, position, rates, curve (the boards' counters keep what they did). */
  const rollBack = (): void => {
    state.setFrom(mark.state);
    weightArrays().forEach((w, i) => w.set(mark.weights[i]));
    if (state.epoch < epochs) shuffledOrder(order, seed, state.epoch);
  };
  /**
   * A device failed its health check: its neuron moves to a spare (calibrated), training goes
   * back to the last checkpoint and on from there, and a checkpoint records the move. Without a
   * spare: NO_SPARE, with a checkpoint of the last good position to resume from.
   */
  const recover = async (failed: NeuronFailure[], atExample: number, rewind: boolean): Promise<void> => {
    if (!activation.repair) throw new TrainerError('NO_SPARE', `${failureText(failed)}; this activation cannot move neurons`);
    let moved: NeuronSwap[];
    try {
      moved = await activation.repair(failed, atExample, rewind ? mark.state.trained : state.trained);
    } catch (error) {
      if (!(error instanceof TrainerError) || error.code !== 'NO_SPARE') throw error;
      if (rewind) rollBack();
      if (opts.checkpointFile) await checkpoints.save(false, state.trained);
      const where = opts.checkpointFile
        ? `; the checkpoint ${opts.checkpointFile} holds the run as of example ${state.trained} (the last before the failure): repair the device or its board's link and resume with the same command and --resume ${opts.checkpointFile}`
        : '; no --checkpoint was given, so nothing was saved';
      throw new TrainerError('NO_SPARE', `${error.message}${where}`);
    }
    swaps.push(...moved);
    if (rewind) {
      rollBack();
      log(`swap: training goes on from the checkpoint at example ${state.trained}`);
    }
    await checkpoints.save(true, state.trained);
  };
  let stopped = false;
  let sinceYield = 0;
  while (state.epoch < epochs && !stopped) {
    while (state.index < trainSet.count) {
      const ex = order[state.index];
      const label = trainSet.labels[ex];
      net.loadInput(trainSet.images, ex);
      const pending = activation.apply(net.hiddenPre(), net.hidden);
      if (pending) await pending;
      const failed = hiddenFailures(activation);
      if (failed.length > 0) {
        await recover(failed, state.trained + 1, true);
        continue;
      }
      const recognised = net.outputs() === label;
      const loss = net.loss(label);
      net.backward(label, lr);
      state.record(recognised, loss);
      if (state.trained % curveEvery === 0) state.sampleCurve();
      if (checkpointEvery > 0 && state.trained % checkpointEvery === 0) {
        await checkpoints.save(true, state.trained);
        markHere();
      }
      if (opts.shouldStop?.()) {
        stopped = true;
        break;
      }
      if (++sinceYield >= SLICE || pending) {
        if (sinceYield >= SLICE) {
          sinceYield = 0;
          progress.report('train', state.trained, total, state.rate, state.loss);
          await yieldToLoop();
        } else if (state.trained % 50 === 0) progress.report('train', state.trained, total, state.rate, state.loss);
      }
    }
    if (stopped) break;
    state.epoch++;
    state.index = 0;
    if (state.epoch < epochs) shuffledOrder(order, seed, state.epoch);
  }
  if (stopped) {
    await checkpoints.save(false, state.trained);
    if (activation.flush) await activation.flush();
    return result(false, NaN);
  }

  state.sampleCurve();
  // The end of training is checkpointed once: not again when the periodic checkpoint has just
  // written this state, nor by a run resumed from it. Each save reads the board's counter (a
  // request the board spends time on), so a repeated one would make a resumed live run differ.
  const alreadySaved = (checkpointEvery > 0 && state.trained % checkpointEvery === 0) || (opts.resume !== undefined && state.trained === trainedAtStart);
  if (!alreadySaved) await checkpoints.save(true, state.trained);
  progress.report('train', state.trained, total, state.rate, state.loss);

  // ---- test ----
  progress.startTest();
  // A device failing in the test phase moves too; the test starts again (the weights are final).
  const testAcc = await evaluate(
    net,
    testSet,
    activation,
    (done, right) => progress.report('test', done, testSet.count, right / Math.max(1, done), NaN),
    (failed) => recover(failed, state.trained, false),
  );
  if (state.trained === 0) throw new TrainerError('DATA_MISMATCH', 'no training examples');
  if (activation.flush) await activation.flush();
  return result(true, testAcc);
}

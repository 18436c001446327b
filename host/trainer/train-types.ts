/** What train() takes and gives: its options, its progress reports, its figures and result. */
import type { DataSet } from './mnist';
import type { HiddenActivation } from './activation';
import type { CheckpointState } from './checkpoint';
import type { Curve } from './curve';
import type { NeuronMap } from './neuron-map';
import type { Network } from './network';
import type { NeuronSwap } from './neuron-swap';

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

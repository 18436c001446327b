/**
 * The shared types of a `nucleon train` run (its options, its I/O, a prepared activation),
 * apart from run.ts so the board sessions that make activations do not import the command
 * that uses them.
 */
import type { ActivationKind, HiddenActivation } from './activation';
import type { CheckpointState } from './checkpoint';
import type { ProgressSink } from './progress';
import type { ReportMaterial } from './report/material';
import type { BoardSessionInfo, RunObserver } from './run-observer';
import type { NeuronMap } from './neuron-map';
import type { FleetBoardStats } from './fleet-neurons';

export interface TrainCommandOptions {
  /** The first board (the only one for analog, overload and a one-board live run). */
  board: string;
  /** Every --board given, in order (default [board]); live spreads the hidden neurons over them. */
  boards?: string[];
  /** Hidden neurons N (default 10, the paper's). */
  hidden?: number;
  activation: ActivationKind;
  dataDir?: string;
  trainN: number;
  testN: number;
  epochs: number;
  lr: number;
  seed: number;
  overload: boolean;
  reportDir?: string;
  checkpoint?: string;
  checkpointEvery: number;
  resume?: string;
  json: boolean;
}

export interface SignalSource {
  on(signal: 'SIGINT', listener: () => void): unknown;
  removeListener(signal: 'SIGINT', listener: () => void): unknown;
}

export interface TrainIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressSink;
  signals: SignalSource;
  /** Told the session, the run and its progress (the dashboard). */
  observer?: RunObserver;
}

/** A prepared activation and what to release afterwards. */
export interface PreparedActivation {
  activation: HiddenActivation;
  close(): Promise<void>;
  /** Extra material for the report (calibrations, loops, sigmoid curves). */
  reportExtras?: () => Promise<Partial<ReportMaterial>>;
  /** The board and its calibrations, for analog and live. */
  session?: BoardSessionInfo;
  /** Which device serves each hidden neuron (live). */
  neuronMap?: NeuronMap;
  /** Per board: neurons, frames, pulses, own device time (live over several boards). */
  fleetStats?: () => FleetBoardStats[];
}

/** `resume`: the checkpoint a run continues from (a live run restores or re-reads its board from it); `layout`: N neurons over the boards. */
export type ActivationFactory = (kind: ActivationKind, boardSpec: string, log: (line: string) => void, resume?: CheckpointState, layout?: HiddenLayout) => Promise<PreparedActivation>;

/** The hidden layer's shape: N neurons over the boards given (`--hidden N --board SPEC …`). */
export interface HiddenLayout {
  boards: string[];
  hidden: number;
}

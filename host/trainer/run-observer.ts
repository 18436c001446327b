/**
 * Someone watching a training run (the dashboard of `nucleon train --dashboard`): told the
 * board session, each run's start and end, and every progress report with the activation's
 * device counters. Observers only read: the run is the same with or without one.
 */
import type { Board } from '../client/board';
import type { Calibration } from '../calibration/types';
import type { DeviceStats } from './activation';
import type { Progress } from './trainer';

export interface BoardSessionInfo {
  board: Board;
  spec: string;
  calibrations: Calibration[];
}

export interface RunObserver {
  session?(info: BoardSessionInfo): void;
  runStarted?(activation: string, checkpointFile?: string): void;
  progress?(p: Progress, stats: DeviceStats): void;
  runFinished?(testAcc: number): void;
}

/**
 * One small live training run on the twin, with everything the reliability tests count:
 * the x of every evaluation that left the host (a recorder around the real BoardNeurons), the
 * twin's pulse counter (pulses that reached a device), the firmware's own pulse counter
 * (status.pulses), and the pulses the firmware *should* have fired for exactly those
 * evaluations: SET, preceded by RESET when the current is not above the channel's last one
 * (the paper's scheme, firmware/ops/set-reset.ts), with x → current as the firmware maps it.
 */
import * as fs from 'fs';
import type { Board } from '../../host/client/board';
import type { StoredCalibration } from '../../host/client/types';
import { calibrate } from '../../host/calibration/calibrate';
import { openBoard } from '../../host/open';
import { BoardNeurons } from '../../host/trainer/board-neurons';
import type { LiveNeurons } from '../../host/trainer/live';
import { LiveActivation } from '../../host/trainer/live';
import type { DataSet } from '../../host/trainer/mnist';
import { train, type TrainResult } from '../../host/trainer/trainer';
import type { CheckpointState } from '../../host/trainer/checkpoint';
import { simBehind as sim } from '../host/sim-fixtures';
import type { LinkStats } from '../../board/twin/link';

export const CHANNELS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
/** The twin answers in milliseconds of wall time (median 0.4 ms, max ≈ 30 ms): a lost frame is retried after 100 ms (a late answer to a retried seq is harmless: the firmware answers it from its cache). */
export const FAST_TIMEOUTS_MS = { hello: 500, status: 200, calGet: 200, activateMany: 100, safe: 200, configGet: 200, configSet: 200 };
export const RETRIES = 30;


/** Calibrates the ten devices on a clean link and leaves them (and the stored calibrations) in `stateFile`. */
export async function calibrateInto(seed: number, stateFile: string): Promise<void> {
  const board = await openBoard(`sim:seed=${seed},state=${stateFile}`);
  try {
    for (const ch of CHANNELS) await calibrate(board, ch, { steps: 200 });
  } finally {
    await board.close();
  }
}

class Recorder implements LiveNeurons {
  readonly xs: number[][] = [];
  constructor(private readonly inner: BoardNeurons) {}
  activateMany(pre: Float32Array, out: Float32Array): Promise<void> {
    this.xs.push(Array.from(pre));
    return this.inner.activateMany(pre, out);
  }
  stats(): { pulses: number; deviceTimeS: number } {
    return this.inner.stats();
  }
  flush(): Promise<void> {
    return this.inner.flush();
  }
}

/** x → µA exactly as firmware/ops/activation.ts maps it. */
function currentUa(cal: StoredCalibration, x: number, maxUa: number): number {
  const xc = x < cal.xMin ? cal.xMin : x > cal.xMax ? cal.xMax : x;
  const ua = Math.round(cal.iLowUa + ((xc - cal.xMin) / (cal.xMax - cal.xMin)) * (cal.iHighUa - cal.iLowUa));
  return ua > maxUa ? maxUa : ua < -maxUa ? -maxUa : ua;
}

/** Pulses the firmware owes for these evaluations, from a fresh boot (last current unknown). */
export function expectedPulses(cals: readonly StoredCalibration[], xs: readonly number[][], maxUa: number): number {
  const last = cals.map(() => Number.POSITIVE_INFINITY);
  let pulses = 0;
  for (const row of xs) {
    cals.forEach((cal, j) => {
      const ua = currentUa(cal, row[j], maxUa);
      pulses += ua > last[j] ? 1 : 2;
      last[j] = ua;
    });
  }
  return pulses;
}

export interface LiveRunResult {
  result: TrainResult;
  evaluations: number;
  twinPulses: number;
  firmwarePulses: number;
  expectedPulses: number;
  retransmits: number;
  frameErrors: number;
  bytesDroppedOrCorrupted: number;
  /** Frames the link's audit saw refused by the receiver's decoder (both directions). */
  damagedFramesRejected: number;
  /** Damaged frames the receiver's decoder accepted (passed COBS and CRC-32): must be 0. */
  damagedFramesAccepted: number;
}

export interface LiveRunOptions {
  seed: number;
  stateFile: string;
  faults?: string[];
  trainSet: DataSet;
  testSet: DataSet;
  checkpointFile?: string;
  checkpointEvery?: number;
  resume?: CheckpointState;
  shouldStop?: () => boolean;
}

export async function liveRun(o: LiveRunOptions): Promise<LiveRunResult> {
  const spec = [`sim:seed=${o.seed}`, `state=${o.stateFile}`, ...(o.faults ?? []).map((f) => `fault=${f}`)].join(',');
  const board = await openBoard(spec, { timeoutsMs: FAST_TIMEOUTS_MS, retries: RETRIES });
  try {
    const twin = sim(board).twin;
    const cals: StoredCalibration[] = [];
    for (const ch of CHANNELS) cals.push(await board.calGet(ch));
    const twinBefore = twin.counters.pulses;
    const neurons = new BoardNeurons(board, CHANNELS, CHANNELS.length);
    await neurons.start();
    const recorder = new Recorder(neurons);
    const activation = new LiveActivation(recorder);
    const result = await train({
      train: o.trainSet,
      test: o.testSet,
      activation,
      seed: o.seed,
      checkpointFile: o.checkpointFile,
      checkpointEvery: o.checkpointEvery,
      resume: o.resume,
      resumeFile: o.checkpointFile,
      shouldStop: o.shouldStop,
    });
    await neurons.flush();
    const twinPulses = twin.counters.pulses - twinBefore;
    // the twin's BoardLink counts what its faults did (not part of the TwinLink interface)
    const link = twin.link as unknown as { stats?: { toBoard: LinkStats; toHost: LinkStats } };
    const hit = (d: LinkStats | undefined): number => (d ? d.bytesDropped + d.bytesCorrupted : 0);
    return {
      result,
      evaluations: recorder.xs.length * CHANNELS.length,
      twinPulses,
      firmwarePulses: neurons.stats().pulses,
      expectedPulses: expectedPulses(cals, recorder.xs, board.info.limits.maxCurrentUa),
      retransmits: board.counters.retransmits,
      frameErrors: board.counters.badFrames + board.counters.boardFrameErrors,
      bytesDroppedOrCorrupted: hit(link.stats?.toBoard) + hit(link.stats?.toHost),
      damagedFramesRejected: (link.stats?.toBoard.framesRejected ?? 0) + (link.stats?.toHost.framesRejected ?? 0),
      damagedFramesAccepted: (link.stats?.toBoard.damagedFramesAccepted ?? 0) + (link.stats?.toHost.damagedFramesAccepted ?? 0),
    };
  } finally {
    await board.close();
  }
}

export function copyState(from: string, to: string): void {
  fs.copyFileSync(from, to);
}

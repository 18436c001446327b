/**
 * The scaling table (issue 15.4): the network trained with N hidden neurons over B boards
 * (twins with seeds 1..B), for the ideal, analog and live sigmoid, beside the paper's 784-10-10.
 * Per row: test rate, wall time, device hours per 60 000-example epoch, pulses per device;
 * for live also the one-board figures of the same run: each board's own device time per example
 * (its frames alone, averaged over the boards) and the 784-10-10 live run on one board, with the
 * ratio of the parallel time to each.
 */
import { IdealActivation, type ActivationKind } from './activation';
import { train, type TrainResult } from './trainer';
import type { DataSet } from './mnist';
import type { PreparedActivation } from './run-types';

export interface ScalingConfig {
  hidden: number;
  boards: number;
}

export interface ScalingRow {
  hidden: number;
  boards: number;
  activation: ActivationKind;
  testAcc: number;
  runningAcc: number;
  trainExamples: number;
  testExamples: number;
  wallS: number;
  /** Device time per example (train and test alike), s: the longest board's frame for live. */
  deviceSPerExample: number;
  deviceHoursPerEpoch: number;
  pulsesPerDevice: number;
  /** Live over boards: each board's own device time per example, averaged (the one-board figure of this run). */
  oneBoardSPerExample?: number;
}

/** Examples in one MNIST epoch, for "device hours per epoch". */
export const EPOCH_EXAMPLES = 60000;

export function twinSpecs(boards: number, seed0 = 1): string[] {
  return Array.from({ length: boards }, (_, i) => `sim:seed=${seed0 + i}`);
}

export async function runScalingRow(
  cfg: ScalingConfig,
  kind: ActivationKind,
  data: { train: DataSet; test: DataSet },
  log: (line: string) => void,
): Promise<ScalingRow> {
  const specs = twinSpecs(cfg.boards);
  let prepared: PreparedActivation;
  if (kind === 'ideal') prepared = { activation: new IdealActivation(), close: async () => undefined };
  else {
    const { prepareBoardActivation } = await import('./board-session');
    prepared = await prepareBoardActivation(kind, specs[0], log, undefined, { boards: specs, hidden: cfg.hidden });
  }
  let r: TrainResult;
  const wallStart = performance.now();
  try {
    r = await train({ train: data.train, test: data.test, activation: prepared.activation, hidden: cfg.hidden, neuronMap: prepared.neuronMap ?? null, checkpointEvery: 0 });
  } finally {
    await prepared.close();
  }
  const wallS = (performance.now() - wallStart) / 1000;
  const examples = r.trainExamples + r.testExamples;
  const perExample = examples > 0 ? r.deviceTimeS / examples : 0;
  const row: ScalingRow = {
    hidden: cfg.hidden,
    boards: cfg.boards,
    activation: kind,
    testAcc: r.testAcc,
    runningAcc: r.trainRunningAcc,
    trainExamples: r.trainExamples,
    testExamples: r.testExamples,
    wallS,
    deviceSPerExample: perExample,
    deviceHoursPerEpoch: (perExample * EPOCH_EXAMPLES) / 3600,
    pulsesPerDevice: kind === 'live' ? r.pulses / cfg.hidden : 0,
  };
  if (kind === 'live') {
    const own = prepared.fleetStats ? prepared.fleetStats().map((b) => b.deviceTimeS) : [r.deviceTimeS];
    row.oneBoardSPerExample = examples > 0 ? own.reduce((a, b) => a + b, 0) / own.length / examples : 0;
  }
  return row;
}

function pct(v: number): string {
  return Number.isFinite(v) ? (100 * v).toFixed(2) : '-';
}

/** The markdown table: one line per (N, boards, activation), the paper's 784-10-10 first. */
export function scalingMarkdown(rows: readonly ScalingRow[]): string {
  const head =
    '| network | boards | activation | test % | running % | wall s | device s / example | device h / epoch | pulses / device | its boards alone, s / example | ratio to that | ratio to 784-10-10 live on one board |';
  const sep = '|---|---|---|---|---|---|---|---|---|---|---|---|';
  const paper = '| paper 784-10-10 | 1 | ideal / analog / live | 87.8 / 89.1 / 87.5 | 80.9 / 82.2 / 78.5 (highest) | | ≈ 20 | ≈ 333 | | | | |';
  const single = rows.find((r) => r.activation === 'live' && r.boards === 1);
  const lines = rows.map((r) => {
    const board = r.activation === 'ideal' ? '-' : r.activation === 'analog' ? '1' : String(r.boards);
    const dev = r.activation === 'live';
    const ratio = dev && r.oneBoardSPerExample ? (r.deviceSPerExample / r.oneBoardSPerExample).toFixed(3) : '';
    const toSingle = dev && single !== undefined && single.deviceSPerExample > 0 ? (r.deviceSPerExample / single.deviceSPerExample).toFixed(3) : '';
    return `| 784-${r.hidden}-10 | ${board} | ${r.activation} | ${pct(r.testAcc)} | ${pct(r.runningAcc)} | ${r.wallS.toFixed(1)} | ${dev ? r.deviceSPerExample.toFixed(3) : '-'} | ${dev ? r.deviceHoursPerEpoch.toFixed(1) : '-'} | ${dev ? Math.round(r.pulsesPerDevice) : '-'} | ${dev && r.oneBoardSPerExample !== undefined ? r.oneBoardSPerExample.toFixed(3) : ''} | ${ratio} | ${toSingle} |`;
  });
  return [head, sep, paper, ...lines].join('\n');
}

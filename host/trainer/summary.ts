/** The `--json` object of `nucleon train` (field names are a public contract). */
import { interpreterShareS } from './interpreter-share';
import type { RunFigures, TrainResult } from './trainer';

export interface TrainSummaryJson {
  activation: string;
  completed: boolean;
  train_examples: number;
  test_examples: number;
  train_running_acc: number;
  test_acc: number | null;
  final_loss: number | null;
  wall_s: number;
  device_time_s: number;
  pulses: number;
  evaluations: number;
  seed: number;
  lr: number;
}

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

export function summaryJson(r: TrainResult, seed: number, lr: number): TrainSummaryJson {
  return {
    activation: r.activation,
    completed: r.completed,
    train_examples: r.trainExamples,
    test_examples: r.testExamples,
    train_running_acc: r.trainRunningAcc,
    test_acc: finiteOrNull(r.testAcc),
    final_loss: finiteOrNull(r.finalLoss),
    wall_s: r.wallS,
    device_time_s: r.deviceTimeS,
    pulses: r.pulses,
    evaluations: r.evaluations,
    seed,
    lr,
  };
}

/** The paper's test recognition rates (Zhou et al. 2021, Experimental Section / Fig. 5). */
export const PAPER_TEST_RATE = { ideal: 0.878, analog: 0.891, live: 0.875 } as const;
/** The paper's highest running recognition rates during training. */
export const PAPER_RUNNING_RATE = { ideal: 0.809, analog: 0.822, live: 0.785 } as const;

/**
 * A plain-text table of results beside the paper's numbers. With `interpreter` (a board id and
 * the neurons per frame), live rows also show the interpreter's share of the device time,
 * estimated from the board's cost table (interpreter-share.ts).
 */
export function resultsTable(
  rows: readonly Pick<RunFigures, 'activation' | 'testAcc' | 'trainRunningAcc' | 'wallS' | 'deviceTimeS' | 'pulses' | 'evaluations'>[],
  interpreter?: { boardId: string; perFrame: number },
): string {
  const share = (r: Pick<RunFigures, 'evaluations' | 'pulses'>): number | undefined =>
    interpreter === undefined || r.pulses === 0 ? undefined : interpreterShareS(interpreter.boardId, r.evaluations, interpreter.perFrame);
  const withShare = rows.some((r) => share(r) !== undefined);
  const head = ['activation', 'test %', 'paper test %', 'running %', 'paper running %', 'wall s', 'device h', ...(withShare ? ['of which interp. h'] : []), 'pulses'];
  const lines = rows.map((r) => {
    const s = share(r);
    const key = r.activation as keyof typeof PAPER_TEST_RATE;
    const paper = PAPER_TEST_RATE[key];
    const paperRun = PAPER_RUNNING_RATE[key];
    return [
      r.activation,
      (100 * r.testAcc).toFixed(1),
      paper !== undefined ? (100 * paper).toFixed(1) : '-',
      (100 * r.trainRunningAcc).toFixed(1),
      paperRun !== undefined ? (100 * paperRun).toFixed(1) : '-',
      r.wallS.toFixed(1),
      (r.deviceTimeS / 3600).toFixed(2),
      ...(withShare ? [s === undefined ? '-' : (s / 3600).toFixed(2)] : []),
      String(r.pulses),
    ];
  });
  return alignColumns([head, ...lines]);
}

/** Rows of cells as right-aligned columns two spaces apart (the first row is the header). */
export function alignColumns(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => row.map((cell, c) => cell.padStart(widths[c])).join('  ')).join('\n');
}

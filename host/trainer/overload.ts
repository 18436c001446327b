/**
 * The paper's control experiment (Fig. 5c,d): one device serves all ten hidden neurons, with
 * the delay between pulses cut from 2 s to 1.5 s, for 6 000 examples. Run twice on the same
 * device model — thermal guard on (it delays pulses and the device survives) and off (the
 * device overheats and the network degrades) — beside the ideal sigmoid on the same examples.
 * On a real board run guard-on first: the guard-off run damages the device.
 */
import type { Board } from '../client/board';
import type { DataSet } from './mnist';
import { IdealActivation } from './activation';
import { LiveActivation } from './live';
import { BoardNeurons } from './board-neurons';
import { HIDDEN } from './network';
import { train, type Progress, type TrainResult } from './trainer';
import { openCalibrated } from './board-session';
import { LOOP_STEPS } from './board-material';
import type { OverloadMaterial, XySeries } from './report/material';
import { runSummary } from './report/material';

export const OVERLOAD_EXAMPLES = 6000;
/** The shortened delay between successive evaluations (paper: 2 s → 1.5 s). */
export const OVERLOAD_SETTLE_MS = 1500;

export interface OverloadOptions {
  boardSpec: string;
  train: DataSet;
  test: DataSet;
  seed: number;
  lr: number;
  log: (line: string) => void;
  onProgress?: (label: string, p: Progress) => void;
}

export interface OverloadResult {
  ideal: TrainResult;
  guardOff: TrainResult;
  guardOn: TrainResult;
  material: OverloadMaterial;
}

async function loop(board: Board, channel: number, label: string): Promise<XySeries> {
  const maxUa = board.info.limits.maxCurrentUa;
  const s = await board.sweep({ channel, widthUs: 5, startUa: -maxUa, peakUa: maxUa, steps: LOOP_STEPS });
  return { label, x: s.points.map((p) => p.currentUa / 1000), y: s.points.map((p) => p.rHallOhm) };
}

/** Rate at the curve point nearest to `examples`; NaN when the run stopped short of `examples` or has no curve. */
export function rateAt(r: TrainResult, examples: number): number {
  const xs = r.curve.examples;
  if (xs.length === 0 || xs[xs.length - 1] < examples) return Number.NaN;
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (Math.abs(xs[i] - examples) < Math.abs(xs[best] - examples)) best = i;
  return r.curve.rate[best] ?? NaN;
}

async function overloadedRun(opts: OverloadOptions, guard: boolean): Promise<{ result: TrainResult; loops: XySeries[] }> {
  const tag = guard ? 'guard on' : 'guard off';
  const session = await openCalibrated(opts.boardSpec, (b) => [b.info.populated[0] ?? 0], opts.log);
  const { board, calibrations } = session;
  try {
    const channel = calibrations[0].channel;
    await board.configSet({ settleMs: OVERLOAD_SETTLE_MS, thermalGuard: guard });
    const before = await loop(board, channel, `before (${tag})`);
    const neurons = new BoardNeurons(board, new Array<number>(HIDDEN).fill(channel), HIDDEN);
    await neurons.start();
    const result = await train({
      train: opts.train,
      test: opts.test,
      activation: new LiveActivation(neurons),
      seed: opts.seed,
      lr: opts.lr,
      onProgress: (p) => opts.onProgress?.(`overload ${tag}`, p),
    });
    const after = await loop(board, channel, `after ${result.trainExamples} examples (${tag})`);
    return { result, loops: [before, after] };
  } finally {
    await board.close();
  }
}

/** A rate as a percentage with one decimal, or '-' when there is none (NaN). */
export function percentOrDash(rate: number): string {
  return Number.isFinite(rate) ? (100 * rate).toFixed(1) : '-';
}

export async function runOverload(opts: OverloadOptions): Promise<OverloadResult> {
  const ideal = await train({ train: opts.train, test: opts.test, activation: new IdealActivation(), seed: opts.seed, lr: opts.lr });
  const on = await overloadedRun(opts, true);
  const off = await overloadedRun(opts, false);
  const notes = [
    `One device (channel 0) serves all ten hidden neurons; delay between evaluations ${OVERLOAD_SETTLE_MS} ms (paper: 2 s → 1.5 s); ${opts.train.count} examples.`,
    ...[
      ['ideal', ideal],
      ['overloaded, guard off', off.result],
      ['overloaded, guard on', on.result],
    ].map(([label, r]) => {
      const t = r as TrainResult;
      return `${String(label)}: running rate ${percentOrDash(rateAt(t, 1500))} % at 1 500, ${percentOrDash(rateAt(t, 3500))} % at 3 500, ${(
        100 * t.trainRunningAcc
      ).toFixed(1)} % at ${t.trainExamples}; final loss ${t.finalLoss.toFixed(4)}; test rate ${(100 * t.testAcc).toFixed(1)} % on ${t.testExamples}; device time ${(
        t.deviceTimeS / 3600
      ).toFixed(2)} h, ${t.pulses} pulses.`;
    }),
    'The twin\'s damage comes from its phenomenological stress node (PHYSICS §4), fitted to the paper\'s observation, not derived.',
  ];
  return {
    ideal,
    guardOff: off.result,
    guardOn: on.result,
    material: {
      runs: [runSummary(ideal, 'ideal'), runSummary(off.result, 'overloaded, guard off'), runSummary(on.result, 'overloaded, guard on')],
      loops: [...off.loops, ...on.loops],
      notes,
    },
  };
}

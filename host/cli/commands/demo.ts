/** `nucleon demo` (`make demo`): the paper's experiment on the twin, table and report. */
import type { Command } from '../command';
import { parseArgs, optFlag, optNumber, optString } from '../args';
import { BOARD_OPTIONS, boardSpec } from '../board-option';
import { DASHBOARD_OPTIONS, DASHBOARD_USAGE, openRunDashboard } from '../dashboard-option';
import { runDemo, DEMO_DEFAULTS } from '../../trainer/demo';

const usage = `usage: nucleon demo [--board SPEC] [--data DIR] [--train N] [--test N] [--overload-examples N]
                    [--no-overload] [--report DIR] [--seed S] [--lr X]
                    [--dashboard PORT [--dashboard-host ADDR] [--token T]]

Calibrates ten neurons, trains the ideal, analog and live sigmoid on MNIST (default: all
60 000 / 10 000), runs the overloaded-neuron control (default ${DEMO_DEFAULTS.overloadN} examples),
prints the table beside the paper's 87.8 / 89.1 / 87.5 % and writes the report
(default ./${DEMO_DEFAULTS.reportDir}/index.html). --board defaults to sim (the twin)
or $NUCLEON_BOARD.

${DASHBOARD_USAGE}`;

const command: Command = {
  name: 'demo',
  summary: "run the paper's experiment on the twin (ideal, analog, live, overload) and write report/",
  usage,
  async run(argv) {
    const args = parseArgs(argv, {
      known: [...BOARD_OPTIONS, ...DASHBOARD_OPTIONS, 'data', 'train', 'test', 'overload-examples', 'report', 'seed', 'lr'],
      booleans: ['no-overload'],
    });
    const options = {
      board: boardSpec(args),
      dataDir: optString(args, 'data'),
      trainN: optNumber(args, 'train', DEMO_DEFAULTS.trainN, { min: 1, integer: true }),
      testN: optNumber(args, 'test', DEMO_DEFAULTS.testN, { min: 1, integer: true }),
      overloadN: optNumber(args, 'overload-examples', DEMO_DEFAULTS.overloadN, { min: 1, integer: true }),
      overloadTestN: DEMO_DEFAULTS.overloadTestN,
      overload: !optFlag(args, 'no-overload'),
      reportDir: optString(args, 'report', DEMO_DEFAULTS.reportDir) as string,
      seed: optNumber(args, 'seed', DEMO_DEFAULTS.seed, { min: 0, integer: true }),
      lr: optNumber(args, 'lr', DEMO_DEFAULTS.lr, { min: 0 }),
    };
    const dashboard = await openRunDashboard(args, 'demo', (line) => process.stderr.write(`nucleon demo: ${line}\n`));
    try {
      await runDemo(options, { stdout: process.stdout, stderr: process.stderr, observer: dashboard });
    } finally {
      await dashboard?.close();
    }
    return 0;
  },
};
export default command;

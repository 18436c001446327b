/**
 * `nucleon bringup`: walks a board from link to calibrated live neurons, stage by stage
 * (host/bringup), prints each stage's figure, optionally writes a report.
 */
import type { Command } from '../command';
import { optFlag, optNumber, optString, parseArgs, parseChannelList } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, boardSpec, printJson, wantsJson } from '../board-option';
import { openForBringup } from '../../bringup/open';
import { formatTable, runBringup, toJson, writeReport } from '../../bringup';
import { DEFAULT_BRINGUP_OPTIONS } from '../../bringup/context';

const d = DEFAULT_BRINGUP_OPTIONS;
const usage = `usage: nucleon bringup [--board SPEC] [--report DIR] [--json] [--keep-going]
                       [--channels LIST] [--heartbeats N] [--loop-steps N] [--cal-steps N]
                       [--full-delta-r OHM]

  Stages, in order: link, select-lines, pulse-generator, lock-in, devices, calibration,
  live-neuron. Each prints PASS/FAIL with its measured figure; a failure says what to check
  on the bench. The run stops at the first failing stage (later stages pulse devices through
  the selector) unless --keep-going. Exit code 0 when every stage passed, 1 otherwise.

  --board SPEC        sim (default, or $NUCLEON_BOARD), sim:seed=N,fault=stuck-select:2, serial:PATH, tcp://HOST:PORT, tls://HOST:PORT?ca=…&cert=…&key=…, hid:VID:PID
  --report DIR        write report.md, index.html and SVG charts to DIR
  --json              print {passed, stages: [{name, passed, figure, message, …}]} as the last line
  --channels LIST     device stages only on these channels (e.g. 0-3); default every populated one
  --heartbeats N      heartbeats in the link stage (default ${d.heartbeats})
  --loop-steps N      points per device loop (default ${d.loopSteps}); --cal-steps N per calibration (default ${d.calSteps})
  --full-delta-r OHM  the devices' full ΔR_AHE (field sweep), the switching-ratio denominator
                      (default: the board's own value from hello, its definition's fieldDeltaROhm)`;


const command: Command = {
  name: 'bringup',
  summary: 'bring a board up stage by stage (link → select lines → pulses → lock-in → devices → calibration → live neurons)',
  usage,
  async run(argv) {
    const args = parseArgs(argv, {
      known: [...BOARD_OPTIONS, 'report', 'channels', 'heartbeats', 'loop-steps', 'cal-steps', 'full-delta-r'],
      booleans: [...BOARD_FLAGS, 'keep-going'],
    });
    const spec = boardSpec(args);
    const json = wantsJson(args);
    const channelsText = optString(args, 'channels');
    const out = json ? process.stderr : process.stdout;
    const opener = openForBringup(spec);
    const result = await runBringup(() => opener.open(), {
      spec,
      linkDiagnostics: opener.diagnostics,
      keepGoing: optFlag(args, 'keep-going'),
      channels: channelsText === undefined ? null : parseChannelList(channelsText, 15),
      heartbeats: optNumber(args, 'heartbeats', d.heartbeats, { min: 1, max: 100000, integer: true }),
      loopSteps: optNumber(args, 'loop-steps', d.loopSteps, { min: 10, max: 1000, integer: true }),
      calSteps: optNumber(args, 'cal-steps', d.calSteps, { min: 20, max: 1000, integer: true }),
      fullDeltaROhm: optString(args, 'full-delta-r') === undefined ? null : optNumber(args, 'full-delta-r', 0, { min: 0.001, max: 100 }),
      onStage: (s) => out.write(`${s.skipped ? 'skipped' : s.passed ? 'PASS   ' : 'FAIL   '} ${s.name.padEnd(16)} ${s.figure}\n`),
    });
    out.write(formatTable(result) + '\n');
    const reportDir = optString(args, 'report');
    if (reportDir !== undefined) {
      const files = writeReport(reportDir, result);
      out.write(`report: ${files[files.length - 1]}\n`);
    }
    if (json) printJson(toJson(result));
    return result.passed ? 0 : 1;
  },
};
export default command;

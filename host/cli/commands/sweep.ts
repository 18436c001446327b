import * as fs from 'fs';
import type { Command } from '../command';
import { UsageError } from '../command';
import { optNumber, optString, parseArgs } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, printJson, progress, wantsJson, withBoard } from '../board-option';
import { buildCalibration } from '../../calibration/build';
import { formatDeviceTime, sweepLoop } from '../../calibration/loop-sweep';
import { checkPopulated, checkSwitches, DEFAULT_MIN_SWITCHING_RATIO } from '../../calibration/calibrate';
import { finiteOrNull, ratioText } from '../../calibration/report';
import { lineChart } from '../../plot/svg-chart';
import { currentsAcross, mokeSequenceSvg } from '../../twin/moke';
import { MAX_SWEEP_STEPS, MAX_WIDTH_US, MIN_WIDTH_US } from '../../../protocol/limits';

const command: Command = {
  name: 'sweep',
  summary: 'sweep one channel’s R_H–I switching loop; ΔI99 and switching ratio (loop ΔR over the field ΔR_AHE)',
  usage:
    'usage: nucleon sweep --channel N [--width-us W] [--steps S] [--peak-ua P] [--out F.csv] [--plot F.svg] [--board SPEC] [--json]\n' +
    '  --width-us   pulse width, 5–300 µs (default 5)\n  --steps      points in the loop (default 400)\n' +
    '  --peak-ua    largest |current| (default: the board limit)\n  --out        write the points as CSV\n  --plot       write the loop as an SVG chart\n' +
    '  --moke F.svg twin only: after the loop, RESET and six pulses rising through ΔI99, with the\n' +
    '               device\'s magnetization map after each (MOKE-style, white = −M_z; paper Fig. 2b)',
  async run(argv) {
    const args = parseArgs(argv, { known: [...BOARD_OPTIONS, 'channel', 'width-us', 'steps', 'peak-ua', 'out', 'plot', 'moke'], booleans: BOARD_FLAGS });
    if (optString(args, 'channel') === undefined) throw new UsageError('--channel is required');
    const channel = optNumber(args, 'channel', 0, { min: 0, max: 15, integer: true });
    const widthUs = optNumber(args, 'width-us', 5, { min: MIN_WIDTH_US, max: MAX_WIDTH_US, integer: true });
    const steps = optNumber(args, 'steps', 400, { min: 4, max: MAX_SWEEP_STEPS, integer: true });
    const out = optString(args, 'out');
    const plot = optString(args, 'plot');
    const moke = optString(args, 'moke');
    const result = await withBoard(args, async (board) => {
      checkPopulated(board, 'sweep', channel);
      const peakUa = optNumber(args, 'peak-ua', board.info.limits.maxCurrentUa, { min: 1, max: board.info.limits.maxCurrentUa, integer: true });
      progress(`sweeping channel ${channel} at ${widthUs} µs, ±${peakUa} µA, ${steps} points…\n`);
      let n = 0;
      const sweep = await sweepLoop(board, {
        channel,
        widthUs,
        startUa: -peakUa,
        peakUa,
        steps,
        onPoint: () => {
          n++;
          if (n % 50 === 0) progress(`  ${n}/${steps}\r`);
        },
        onPacing: progress,
      });
      progress(
        `  ${sweep.points.length} points, device time ${formatDeviceTime(sweep.deviceTimeMs)}` +
          (sweep.paced ? ` (paced by the host from point ${(sweep.pacedFromIndex ?? 0) + 1}; the guard waited ${formatDeviceTime(sweep.guardWaitMs)})` : '') +
          '\n',
      );
      if (moke !== undefined) {
        const loop = sweep.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm }));
        const window = buildCalibration(loop, { channel, widthUs, maxCurrentUa: board.info.limits.maxCurrentUa });
        progress(`MOKE: RESET, then 6 pulses from ${(window.iLowUa / 1000).toFixed(1)} to ${(window.iHighUa / 1000).toFixed(1)} mA…\n`);
        fs.writeFileSync(moke, await mokeSequenceSvg(board, { channel, widthUs, currentsUa: currentsAcross(window.iLowUa, window.iHighUa, 6) }));
      }
      return { sweep, peakUa, maxCurrentUa: board.info.limits.maxCurrentUa, fieldDeltaROhm: board.info.fieldDeltaROhm[channel] ?? null };
    });
    const points = result.sweep.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm }));
    let deltaI99Ua: number | null = null;
    let switchingRatio: number | null = null;
    let loopSaturation: number | null = null;
    let hysteresisUa: number | null = null;
    let refusal: Error | null = null;
    try {
      const cal = buildCalibration(points, { channel, widthUs, maxCurrentUa: result.maxCurrentUa, fieldDeltaROhm: result.fieldDeltaROhm });
      deltaI99Ua = cal.deltaI99Ua;
      switchingRatio = finiteOrNull(cal.switchingRatio);
      loopSaturation = cal.loopSaturation;
      hysteresisUa = finiteOrNull(cal.hysteresisUa);
      checkSwitches('sweep', channel, cal.switchingRatio, DEFAULT_MIN_SWITCHING_RATIO);
    } catch (err) {
      // The points are still written (--out, --plot): they show what the channel does.
      refusal = err as Error;
      deltaI99Ua = null;
    }
    if (out) fs.writeFileSync(out, 'index,currentUa,rHallOhm,adcCounts\n' + result.sweep.points.map((p) => `${p.index},${p.currentUa},${p.rHallOhm},${p.adcCounts}`).join('\n') + '\n');
    if (plot) {
      // The loop in sweep order: one closed curve, rising then falling branch.
      const xs = points.map((p) => p.currentUa / 1000);
      const ys = points.map((p) => p.rHallOhm);
      const title = `Channel ${channel} switching loop, ${widthUs} µs pulses` + (deltaI99Ua !== null ? ` (ΔI99 = ${(deltaI99Ua / 1000).toFixed(2)} mA)` : '');
      fs.writeFileSync(plot, lineChart({ title, xLabel: 'pulse current I (mA)', yLabel: 'Hall resistance R_H (Ω)', series: [{ label: `R_H–I loop (${points.length} points)`, x: xs, y: ys, markers: true }] }));
    }
    const summary = {
      channel,
      widthUs,
      peakUa: result.peakUa,
      pointCount: points.length,
      deltaI99Ua,
      switchingRatio,
      fieldDeltaROhm: result.fieldDeltaROhm,
      loopSaturation,
      hysteresisUa,
      deviceTimeMs: result.sweep.deviceTimeMs,
      paced: result.sweep.paced,
      guardWaitMs: result.sweep.guardWaitMs,
      points,
    };
    if (wantsJson(args)) printJson(summary);
    else {
      process.stdout.write(
        `channel ${channel}, ${widthUs} µs: ${points.length} points` +
          (deltaI99Ua !== null ? `, ΔI99 = ${(deltaI99Ua / 1000).toFixed(2)} mA, ${ratioText(switchingRatio, result.fieldDeltaROhm)}` : ', no loop') +
          `, device time ${formatDeviceTime(result.sweep.deviceTimeMs)}${result.sweep.paced ? ' (paced for the thermal guard)' : ''}\n` + (out ? `points → ${out}\n` : '') + (plot ? `plot → ${plot}\n` : '') + (moke ? `MOKE → ${moke}\n` : ''),
      );
    }
    // A channel that does not switch is an error, not a ΔI99 of noise.
    if (refusal) throw refusal;
    return 0;
  },
};
export default command;

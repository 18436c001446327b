import type { Command } from '../command';
import { optNumber, optString, parseArgs, parseChannelList } from '../args';
import { BOARD_FLAGS, BOARD_OPTIONS, printJson, progress, wantsJson, withBoard } from '../board-option';
import { calibrate } from '../../calibration/calibrate';
import { formatDeviceTime, type LoopSweepResult } from '../../calibration/loop-sweep';
import { finiteOrNull, ratioText } from '../../calibration/report';

/** One channel's line of the report (JSON: `channels[]`). */
interface Row {
  channel: number;
  deltaI99Ua: number | null;
  /** Loop ΔR over the field-induced ΔR_AHE (the paper's ratio); null when that is not known. */
  switchingRatio: number | null;
  fieldDeltaROhm: number | null;
  /** Loop ΔR over the span the sweep saw (≈ 1 when the loop saturates). */
  loopSaturation: number | null;
  residual: number | null;
  hysteresisUa: number | null;
  iLowUa: number | null;
  iHighUa: number | null;
  stored: boolean;
  /** Device time of the channel's loop sweep, ms (null when it failed). */
  deviceTimeMs: number | null;
  /** True when the loop was paced by the host for the thermal guard. */
  paced: boolean;
  error?: string;
}
import { MAX_WIDTH_US, MIN_WIDTH_US } from '../../../protocol/limits';

const command: Command = {
  name: 'calibrate',
  summary: 'calibrate channels (loop sweep, ΔI99, analog sigmoid) and store them on the board',
  usage:
    'usage: nucleon calibrate [--channels 0-9] [--width-us W] [--steps S] [--board SPEC] [--json]\n' +
    '  --channels   list like 0-9 or 0,2,5 (default: the populated channels)',
  async run(argv) {
    const args = parseArgs(argv, { known: [...BOARD_OPTIONS, 'channels', 'width-us', 'steps'], booleans: BOARD_FLAGS });
    const widthUs = optNumber(args, 'width-us', 5, { min: MIN_WIDTH_US, max: MAX_WIDTH_US, integer: true });
    const steps = optNumber(args, 'steps', 400, { min: 4, max: 1000, integer: true });
    const channelText = optString(args, 'channels');
    const rows = await withBoard(args, async (board) => {
      const channels = channelText === undefined ? board.info.populated : parseChannelList(channelText, board.info.channels - 1);
      const out: Row[] = [];
      for (const channel of channels) {
        progress(`calibrating channel ${channel}… `);
        let sweep: LoopSweepResult | null = null;
        try {
          const cal = await calibrate(board, channel, { widthUs, steps, onPacing: (l) => progress('\n' + l), onSweep: (s) => (sweep = s) });
          const swept = sweep as LoopSweepResult | null;
          out.push({
            channel,
            deltaI99Ua: cal.deltaI99Ua,
            switchingRatio: finiteOrNull(cal.switchingRatio),
            fieldDeltaROhm: cal.fieldDeltaROhm,
            loopSaturation: cal.loopSaturation,
            residual: cal.residual,
            hysteresisUa: finiteOrNull(cal.hysteresisUa),
            iLowUa: cal.iLowUa,
            iHighUa: cal.iHighUa,
            stored: cal.stored,
            deviceTimeMs: swept?.deviceTimeMs ?? null,
            paced: swept?.paced ?? false,
          });
          progress(
            `ΔI99 ${(cal.deltaI99Ua / 1000).toFixed(2)} mA, residual ${cal.residual.toFixed(3)}${cal.stored ? ', stored' : ''}` +
              (swept ? `, device time ${formatDeviceTime(swept.deviceTimeMs)}${swept.paced ? ' (paced)' : ''}` : '') +
              '\n',
          );
        } catch (err) {
          const e = err as { code?: string; message?: string };
          out.push({ channel, deltaI99Ua: null, switchingRatio: null, fieldDeltaROhm: null, loopSaturation: null, residual: null, hysteresisUa: null, iLowUa: null, iHighUa: null, stored: false, deviceTimeMs: null, paced: false, error: `${e.code ?? 'ERROR'}: ${e.message ?? String(err)}` });
          progress(`failed: ${e.message ?? String(err)}\n`);
        }
      }
      return out;
    });
    const failed = rows.filter((r) => !r.stored).length;
    const deviceTimeMs = rows.reduce((t, r) => t + (r.deviceTimeMs ?? 0), 0);
    if (wantsJson(args)) printJson({ widthUs, deviceTimeMs, channels: rows });
    else {
      for (const r of rows) {
        process.stdout.write(
          r.error ? `channel ${r.channel}: ${r.error}\n` : `channel ${r.channel}: ΔI99 ${((r.deltaI99Ua ?? 0) / 1000).toFixed(2)} mA, ${ratioText(r.switchingRatio, r.fieldDeltaROhm)}, residual ${r.residual?.toFixed(3)}, ${r.stored ? 'stored' : 'NOT stored'}\n`,
        );
      }
      process.stdout.write(`device time ${formatDeviceTime(deviceTimeMs)} for ${rows.length} loop${rows.length === 1 ? '' : 's'}\n`);
    }
    return failed === 0 ? 0 : 1;
  },
};
export default command;

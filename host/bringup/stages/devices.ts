/**
 * Stage 5, devices: each usable populated channel's R_H–I loop (−I_max → +I_max → −I_max at
 * the bring-up width). A device passes when the loop is present (its ΔR stands well above the
 * noise floor), its switching ratio (loop ΔR over the full ΔR_AHE) is plausible, and ΔI₉₉
 * (the smallest current range holding 99 % of the SET branch's change) lies inside the sweep.
 */
import { buildCalibration } from '../../calibration/build';
import type { Calibration } from '../../calibration/types';
import { isNucleonError } from '../../errors';
import type { Series } from '../../plot/svg-chart';
import type { BringupContext } from '../context';
import { fmt } from '../stats';
import type { StageOutcome } from '../types';

export const MIN_RATIO = 0.2;
/** Readings within this many counts of either ADC rail count as clipped. */
export const CLIP_COUNTS = 2;
export const MAX_RATIO = 1.1;

export interface DeviceFigure {
  channel: number;
  loopOhm: number;
  switchingRatio: number;
  deltaI99Ua: number;
  ok: boolean;
  problem: string | null;
}

export function judgeDevice(channel: number, cal: Calibration | null, noiseOhm: number, maxCurrentUa: number): DeviceFigure {
  if (!cal) {
    return { channel, loopOhm: 0, switchingRatio: 0, deltaI99Ua: Number.NaN, ok: false, problem: `channel ${channel}: no switching loop (R_H does not change over ±${maxCurrentUa / 1000} mA)` };
  }
  const loopOhm = Math.abs(cal.rHighOhm - cal.rLowOhm);
  const minLoop = Math.max(0.02, 10 * (Number.isFinite(noiseOhm) ? noiseOhm : 0));
  const f: DeviceFigure = { channel, loopOhm, switchingRatio: cal.switchingRatio, deltaI99Ua: cal.deltaI99Ua, ok: true, problem: null };
  if (loopOhm < minLoop) f.problem = `channel ${channel}: loop ΔR ${fmt(loopOhm * 1000)} mΩ is below ${fmt(minLoop * 1000)} mΩ (10× the noise floor)`;
  else if (cal.fieldDeltaROhm !== null && !(cal.switchingRatio >= MIN_RATIO && cal.switchingRatio <= MAX_RATIO)) f.problem = `channel ${channel}: switching ratio ${fmt(cal.switchingRatio)} outside ${MIN_RATIO}…${MAX_RATIO}`;
  else if (!(cal.deltaI99Ua > 0 && cal.deltaI99Ua < 2 * maxCurrentUa)) f.problem = `channel ${channel}: ΔI99 ${fmt(cal.deltaI99Ua)} µA not inside the sweep`;
  f.ok = f.problem === null;
  return f;
}

export async function devicesStage(ctx: BringupContext): Promise<StageOutcome> {
  const { board, info, options } = ctx;
  const channels = ctx.found.usable.filter((c) => options.channels === null || options.channels.includes(c));
  if (channels.length === 0) return { passed: false, figure: 'no usable device', message: 'no usable populated channel (see the select-lines stage)' };
  const maxUa = info.limits.maxCurrentUa;
  const adcMax = 2 ** (ctx.definition?.adc.bits ?? 12) - 1;
  const figures: DeviceFigure[] = [];
  const series: Series[] = [];
  for (const ch of channels) {
    const sweep = await board.sweep({ channel: ch, widthUs: options.widthUs, startUa: -maxUa, peakUa: maxUa, steps: options.loopSteps });
    const loop = sweep.points.map((p) => ({ currentUa: p.currentUa, rHallOhm: p.rHallOhm }));
    const clipped = sweep.points.filter((p) => p.adcCounts >= adcMax - CLIP_COUNTS || p.adcCounts <= CLIP_COUNTS);
    ctx.found.loops.set(ch, loop);
    series.push({ label: `ch${ch}`, x: loop.map((p) => p.currentUa / 1000), y: loop.map((p) => p.rHallOhm) });
    let cal: Calibration | null = null;
    try {
      cal = buildCalibration(loop, { channel: ch, widthUs: options.widthUs, maxCurrentUa: maxUa, fieldDeltaROhm: options.fullDeltaROhm ?? info.fieldDeltaROhm[ch] ?? null });
    } catch (err) {
      if (!isNucleonError(err, 'NO_LOOP')) throw err;
    }
    const f = judgeDevice(ch, cal, ctx.found.noiseOhm, maxUa);
    if (clipped.length > 0) {
      const at = clipped[0].rHallOhm;
      f.ok = false;
      f.problem =
        `channel ${ch}: ${clipped.length} of ${loop.length} loop points read at the ADC's ${clipped[0].adcCounts > adcMax / 2 ? 'top' : 'bottom'} (R_H ${fmt(at)} Ω): ` +
        "the lock-in aux output clips, the device's Hall offset is too large for the aux range; lower the aux scale or set an aux pre-offset, and update the board definition's lockin.auxScale/auxPreoffsetV";
    }
    figures.push(f);
  }
  await board.safe();
  const good = figures.filter((f) => f.ok);
  const ratios = good.map((f) => f.switchingRatio).filter((r) => Number.isFinite(r));
  const dis = good.map((f) => f.deltaI99Ua / 1000);
  const range = (xs: number[]): string => (xs.length ? `${fmt(Math.min(...xs))}…${fmt(Math.max(...xs))}` : 'unknown (no field ΔR_AHE in the board definition)');
  const figure = `${good.length}/${figures.length} devices switch; ratio ${range(ratios)}; ΔI99 ${range(dis)} mA at ${options.widthUs} µs`;
  const values = {
    channels: figures.map((f) => f.channel),
    loopOhm: figures.map((f) => f.loopOhm),
    switchingRatio: figures.map((f) => f.switchingRatio),
    deltaI99Ua: figures.map((f) => f.deltaI99Ua),
  };
  const charts = [{ title: `Switching loops at ${options.widthUs} µs`, xLabel: 'pulse current (mA)', yLabel: 'R_H (Ω)', series }];
  const bad = figures.filter((f) => !f.ok);
  if (bad.length > 0) {
    const none = good.length === 0;
    const hint = none
      ? 'no device switches: if the pulse-generator stage passed, check the current DEMUX (ADG1406 class, ±15 V supply) between the pump and the devices'
      : 'check those devices under a microscope (bond wires, burnt bar) or remove them from the populated list';
    return { passed: false, figure, values, charts, message: `${bad.map((f) => f.problem).join('; ')}: ${hint}` };
  }
  return { passed: true, figure, values, charts, message: 'every device shows a switching loop' };
}

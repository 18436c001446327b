/**
 * Stage 4, lock-in path: (a) contrast — devices with different R_H must read differently (a
 * lock-in that is off, or an aux cable that is unplugged, reads the same everywhere); (b) noise
 * floor — repeated readings of one settled device, and the ADC's own noise with the source off
 * (SelfTest ADC_NOISE); (c) settling — a step between the two most different devices read
 * after a settle time d, for growing d (configSet settleMs): the time to within 1 % of the
 * step must not exceed the board's configured settle time.
 */
import { SelfTest } from '../../../protocol/ops';
import type { BringupContext } from '../context';
import { FLAT_COUNTS } from './pulse-generator';
import { fmt, stdDev } from '../stats';
import type { StageOutcome } from '../types';

/** Largest acceptable noise of one reading (Ω rms): 3 % of a 0.35 Ω loop. */
export const MAX_NOISE_OHM = 0.01;
export const SETTLE_DELAYS_MS = [0, 2, 5, 10, 20, 30, 40, 60, 80, 100, 130, 160, 200, 300];
const NOISE_READS = 16;

function settleKey(config: Record<string, unknown>): string | null {
  return typeof config.settleMs === 'number' ? 'settleMs' : null;
}

export async function lockinStage(ctx: BringupContext): Promise<StageOutcome> {
  const { board, info, definition } = ctx;
  const usable = ctx.found.usable;
  const adcPin = definition?.pins.adc ?? 'the ADC pin';
  const auxHint =
    `check that the lock-in is running (reference ${definition?.lockin.frequencyHz ?? 317.3} Hz, ${definition?.lockin.excitationUaRms ?? 50} µA excitation reaching the selector), ` +
    `that its aux output is on and set to X with scale ${definition?.lockin.auxScale ?? '?'}, and the cable from the aux output through the divider to ${adcPin}`;
  if (usable.length === 0) {
    return { passed: false, figure: 'no usable device', message: 'no usable populated channel to read (see the select-lines stage)' };
  }
  // (a) contrast
  const readings: { ch: number; ohm: number; counts: number }[] = [];
  for (const ch of usable) {
    const r = await board.read(ch);
    readings.push({ ch, ohm: r.rHallOhm, counts: r.adcCounts });
  }
  const counts = readings.map((r) => r.counts);
  const spreadCounts = Math.max(...counts) - Math.min(...counts);
  const sorted = [...readings].sort((a, b) => a.ohm - b.ohm);
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  const stepOhm = hi.ohm - lo.ohm;
  ctx.found.ohmPerCount = hi.counts !== lo.counts ? stepOhm / (hi.counts - lo.counts) : Number.NaN;

  // (b) noise floor
  const noiseReads: number[] = [];
  for (let i = 0; i < NOISE_READS; i++) noiseReads.push((await board.read(lo.ch)).rHallOhm);
  const noiseOhm = stdDev(noiseReads);
  const adc = await board.selftest(SelfTest.ADC_NOISE, 64);
  const adcPeakToPeak = (adc[2] ?? Number.NaN) - (adc[1] ?? Number.NaN);
  ctx.found.noiseOhm = noiseOhm;

  const values: { [key: string]: number | string | boolean | number[] | null } = {
    spreadCounts,
    readingsOhm: readings.map((r) => r.ohm),
    noiseOhmRms: noiseOhm,
    adcNoisePeakToPeakCounts: adcPeakToPeak,
  };
  if (readings.length >= 2 && spreadCounts < FLAT_COUNTS) {
    return {
      passed: false,
      figure: `${readings.length} devices read within ${spreadCounts} ADC counts (R_H ${fmt(lo.ohm)}…${fmt(hi.ohm)} Ω); noise ${fmt(noiseOhm * 1000)} mΩ rms`,
      values,
      message: `lock-in output flat: ${readings.length} devices read the same value (ADC ≈ ${counts[0]}), so no signal reaches the ADC: ${auxHint}`,
    };
  }

  // (c) settling: step lo → hi read after d ms
  const config = await board.configGet();
  const key = settleKey(config);
  let settleMs = Number.NaN;
  let configuredMs = Number.NaN;
  const curveX: number[] = [];
  const curveY: number[] = [];
  if (key !== null) {
    configuredMs = config[key] as number;
    const finalOhm = (await board.read(hi.ch)).rHallOhm;
    const step = finalOhm - lo.ohm;
    try {
      for (const d of SETTLE_DELAYS_MS) {
        await board.configSet({ [key]: Math.max(configuredMs, 1) });
        await board.read(lo.ch);
        await board.configSet({ [key]: d });
        const r = await board.read(hi.ch);
        curveX.push(d);
        curveY.push((r.rHallOhm - lo.ohm) / step);
      }
    } finally {
      await board.configSet({ [key]: configuredMs });
    }
    const tol = 0.01 + (3 * noiseOhm) / Math.abs(step);
    let idx = curveY.length;
    while (idx > 0 && Math.abs(curveY[idx - 1] - 1) <= tol) idx--;
    settleMs = idx < curveX.length ? curveX[idx] : Number.NaN;
    values.settleDelaysMs = curveX;
    values.settleFraction = curveY;
  }
  values.settle99Ms = settleMs;
  values.configuredSettleMs = configuredMs;
  const figure =
    `noise ${fmt(noiseOhm * 1000)} mΩ rms (ADC alone ${adcPeakToPeak} counts p-p); ` +
    `devices span ${fmt(stepOhm)} Ω over ${spreadCounts} counts; ` +
    (key === null ? 'settling not measured (no settleMs in config)' : `settles to 1 % in ${fmt(settleMs)} ms (configured ${fmt(configuredMs)} ms)`);
  const charts = curveX.length
    ? [{ title: 'Lock-in settling after a channel change', xLabel: 'settle time (ms)', yLabel: 'fraction of the step', series: [{ label: `ch${lo.ch} → ch${hi.ch}`, x: curveX, y: curveY, markers: true }] }]
    : [];
  const problems: string[] = [];
  if (!(noiseOhm <= MAX_NOISE_OHM)) {
    problems.push(`lock-in reading noise ${fmt(noiseOhm * 1000)} mΩ rms exceeds ${MAX_NOISE_OHM * 1000} mΩ: check the lock-in time constant and filter order, grounding of the Hall leads and the aux cable shield`);
  }
  if (key !== null && !(settleMs <= configuredMs)) {
    problems.push(
      `readings need ${Number.isFinite(settleMs) ? `${fmt(settleMs)} ms` : `more than ${SETTLE_DELAYS_MS[SETTLE_DELAYS_MS.length - 1]} ms`} to settle after a channel change but the board waits ${fmt(configuredMs)} ms: ` +
        'check the lock-in time constant/filter order against the board definition (lockin.timeConstantMs, filterOrder) or raise settleMs',
    );
  }
  if (problems.length > 0) return { passed: false, figure, values, charts, message: problems.join('; ') };
  return { passed: true, figure, values, charts, message: `lock-in path live; ${info.channels} channels share it` };
}

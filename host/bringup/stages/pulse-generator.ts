/**
 * Stage 3, pulse generator: DAC amplitude steps (SelfTest DAC: code written, current the pump
 * would deliver read back), the width limits echoed by a harmless 1 mA pulse, and a functional
 * check: a −I_max / +I_max / −I_max pulse train on the first usable device must move its R_H
 * and bring it back. If R_H does not move, the stage first checks whether the sense path shows
 * any contrast between devices: with none, the lock-in (next stage) is the suspect, not the source.
 */
import { SelfTest } from '../../../protocol/ops';
import type { BringupContext } from '../context';
import { fmt } from '../stats';
import type { StageOutcome } from '../types';

/** Smallest R_H change a full-scale pulse pair must make (Ω); a loop is ≈ 0.35 Ω (PHYSICS §1). */
export const MIN_SWITCH_OHM = 0.03;
/** Readings closer than this many ADC counts across all devices mean the sense path is flat. */
export const FLAT_COUNTS = 4;

export async function pulseGeneratorStage(ctx: BringupContext): Promise<StageOutcome> {
  const { board, info, definition } = ctx;
  const dacBits = definition?.dac.bits ?? 12;
  const fullScaleUa = definition?.dac.fullScaleUa ?? info.limits.maxCurrentUa;
  const maxCode = 2 ** dacBits - 1;
  const codes = [0, 1, 2, 3, 4].map((k) => Math.round((maxCode * k) / 4));
  const readBackUa: number[] = [];
  for (const code of codes) {
    const r = await board.selftest(SelfTest.DAC, code);
    readBackUa.push(r[1] ?? Number.NaN);
  }
  const expectedUa = codes.map((c) => (c / maxCode) * fullScaleUa);
  const tolUa = Math.max(0.02 * fullScaleUa, fullScaleUa / maxCode);
  const stepErrorsUa = readBackUa.map((u, i) => Math.abs(u - expectedUa[i]));
  const worstDacUa = Math.max(...stepErrorsUa.map((e) => (Number.isFinite(e) ? e : Infinity)));
  const dacOk = worstDacUa <= tolUa;

  const problems: string[] = [];
  if (!dacOk) {
    const deadish = readBackUa.every((u) => Math.abs(u) < tolUa);
    problems.push(
      deadish
        ? `DAC / current source dead: every code reads back ≈ 0 µA (worst step off by ${fmt(worstDacUa)} µA): check the DAC (${definition?.dac.part ?? 'SPI DAC'} on ${definition?.pins.dacSpi ?? 'SPI'}, CS ${definition?.pins.dacCs ?? '?'}), its supply and reference, and the Howland pump's ±15 V rails`
        : `DAC steps off by up to ${fmt(worstDacUa)} µA (allowed ${fmt(tolUa)} µA): check the DAC reference and gain setting, and the Howland pump's resistor matching`,
    );
  }

  // Width limits: echoed by a small pulse that cannot switch or heat anything.
  const widths = [info.limits.minWidthUs, info.limits.maxWidthUs];
  const echoed: number[] = [];
  const ch = ctx.found.usable[0];
  if (ch !== undefined) {
    for (const w of widths) echoed.push((await board.pulse({ channel: ch, currentUa: 1000, widthUs: w })).widthUs);
  }
  const widthOk = echoed.every((w, i) => w === widths[i]);
  if (!widthOk) problems.push(`pulse widths ${widths.join('/')} µs came back as ${echoed.join('/')} µs: check the GATE line ${definition?.pins.gate ?? ''} and the timer the firmware uses`);

  // Functional check on the first usable device.
  let switchOhm = Number.NaN;
  let returnOhm = Number.NaN;
  let flatCounts = Number.NaN;
  if (ch !== undefined) {
    const iMax = info.limits.maxCurrentUa;
    const w = ctx.options.widthUs;
    await board.pulse({ channel: ch, currentUa: -iMax, widthUs: w });
    const r0 = await board.read(ch);
    await board.pulse({ channel: ch, currentUa: iMax, widthUs: w });
    const r1 = await board.read(ch);
    await board.pulse({ channel: ch, currentUa: -iMax, widthUs: w });
    const r2 = await board.read(ch);
    switchOhm = r1.rHallOhm - r0.rHallOhm;
    returnOhm = r2.rHallOhm - r0.rHallOhm;
    if (Math.abs(switchOhm) < MIN_SWITCH_OHM) {
      // Does the sense path see anything at all? Compare every usable device's reading.
      const counts: number[] = [];
      for (const c of ctx.found.usable) counts.push((await board.read(c)).adcCounts);
      flatCounts = Math.max(...counts) - Math.min(...counts);
      if (ctx.found.usable.length < 2 || flatCounts >= FLAT_COUNTS) {
        problems.push(
          `±${iMax / 1000} mA pulses on channel ${ch} moved R_H by only ${fmt(switchOhm * 1000)} mΩ: the current source delivers no current (dead DAC or pump). ` +
            `Check the DAC output with a scope while the pulse fires, the pump's supply rails, the polarity line ${definition?.pins.polarity ?? ''} and the GATE line ${definition?.pins.gate ?? ''}`,
        );
      }
    }
  }
  await board.safe();
  const figure =
    `DAC ${codes.length} steps within ${fmt(worstDacUa)} µA (±${fmt(tolUa)}); widths ${echoed.join('/') || 'n/a'} µs; ` +
    (ch === undefined ? 'no usable device to pulse' : `±I_max pulse pair on ch${ch} moved R_H ${fmt(switchOhm * 1000)} mΩ, back to ${fmt(returnOhm * 1000)} mΩ`);
  const values = { dacCodes: codes, dacReadBackUa: readBackUa, dacWorstErrorUa: worstDacUa, widthsUs: echoed, switchOhm, returnOhm, flatCounts };
  if (problems.length > 0) return { passed: false, figure, values, message: problems.join('; ') };
  const inconclusive = Number.isFinite(flatCounts);
  return {
    passed: true,
    figure,
    values,
    message: inconclusive
      ? 'DAC steps and widths are right; R_H did not move, but the sense path reads the same on every device, so the lock-in stage decides'
      : 'DAC steps, widths and a switching pulse pair are right',
  };
}

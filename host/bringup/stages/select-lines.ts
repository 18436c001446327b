/**
 * Stage 2, select lines: every bus value 0..15 is written and read back (SelfTest
 * SELECT_LINES), which finds a line stuck low/high or two lines bridged; then every channel's
 * path is checked (SelfTest OPEN_CHANNEL): populated channels must carry current, vacant ones
 * must read open. When the sense path shows no contrast at all (every channel gives the same
 * verdict) the channel map cannot be judged here: the lock-in stage will say why.
 */
import { SelfTest } from '../../../protocol/ops';
import type { BringupContext } from '../context';
import { selectLineName } from '../context';
import type { StageOutcome } from '../types';
import { isNucleonError } from '../../errors';

/** |mean R_H| below this reads as open circuit (the firmware's OPEN_CHANNEL uses the same 5 mΩ). */
export const OPEN_THRESHOLD_OHM = 0.005;
export const OPEN_ROUNDS = 5;

export interface LineFault {
  bit: number;
  kind: 'stuck-low' | 'stuck-high' | 'intermittent';
}

/** Classifies each select bit from (written, readBack) pairs over the bus values. */
export function classifyLines(pairs: readonly { written: number; readBack: number }[]): LineFault[] {
  const faults: LineFault[] = [];
  for (let bit = 0; bit < 4; bit++) {
    const m = 1 << bit;
    let highOk = 0;
    let highBad = 0;
    let lowOk = 0;
    let lowBad = 0;
    for (const p of pairs) {
      const w = (p.written & m) !== 0;
      const r = (p.readBack & m) !== 0;
      if (w && r) highOk++;
      else if (w) highBad++;
      else if (!r) lowOk++;
      else lowBad++;
    }
    if (highBad === 0 && lowBad === 0) continue;
    if (highOk === 0 && lowBad === 0) faults.push({ bit, kind: 'stuck-low' });
    else if (lowOk === 0 && highBad === 0) faults.push({ bit, kind: 'stuck-high' });
    else faults.push({ bit, kind: 'intermittent' });
  }
  return faults;
}

function lineAdvice(ctx: BringupContext, f: LineFault): string {
  const name = selectLineName(ctx.definition, f.bit);
  const pin = ctx.definition?.pins.select[3 - f.bit];
  const trace = pin ? `the ${pin} trace` : 'its trace';
  if (f.kind === 'stuck-low') {
    return `select line ${name} stuck low: check ${trace} to the S${f.bit} inputs of the DEMUX and both MUXes, and for a short to GND`;
  }
  if (f.kind === 'stuck-high') {
    return `select line ${name} stuck high: check ${trace} for a short to 3.3 V and the MUX S${f.bit} pins`;
  }
  return `select line ${name} reads back wrongly for some bus values: check for a solder bridge to a neighbouring select line and for a loose MUX pin`;
}

export async function selectLinesStage(ctx: BringupContext): Promise<StageOutcome> {
  const { board, info } = ctx;
  const pairs: { written: number; readBack: number }[] = [];
  for (let v = 0; v < 16; v++) {
    const r = await board.selftest(SelfTest.SELECT_LINES, v);
    pairs.push({ written: r[0] ?? v, readBack: r[1] ?? -1 });
  }
  const busOk = pairs.filter((p) => p.written === p.readBack).length;
  const lineFaults = classifyLines(pairs);

  const populated = new Set(info.populated);
  // The board's own verdict (SelfTest OPEN_CHANNEL: |R_H| below its threshold), one per channel…
  // The firmware refuses (HARDWARE) to connect a channel whose select value does not read
  // back: such a channel is unreachable, not open.
  const unreachable = new Set<number>();
  const boardOpen: number[] = [];
  const countsByChannel: number[] = [];
  for (let ch = 0; ch < info.channels; ch++) {
    try {
      const r = await board.selftest(SelfTest.OPEN_CHANNEL, ch);
      countsByChannel.push(r[0] ?? -1);
      boardOpen.push(r[1] === 1 ? 1 : 0);
    } catch (err) {
      if (!isNucleonError(err, 'HARDWARE')) throw err;
      unreachable.add(ch);
      countsByChannel.push(-1);
      boardOpen.push(-1);
    }
  }
  // …and the mean of OPEN_ROUNDS settled readings taken round-robin, so each channel's
  // readings are a full settling time apart and independent: an open channel's lock-in noise
  // is ~10× a device's, and one reading of it crosses the threshold too often.
  const sums = new Array<number>(info.channels).fill(0);
  for (let round = 0; round < OPEN_ROUNDS; round++) {
    for (let ch = 0; ch < info.channels; ch++) if (!unreachable.has(ch)) sums[ch] += (await board.read(ch)).rHallOhm;
  }
  const meanOhm = sums.map((s, ch) => (unreachable.has(ch) ? Number.NaN : s / OPEN_ROUNDS));
  const openByChannel = meanOhm.map((r) => (Number.isNaN(r) ? -1 : Math.abs(r) < OPEN_THRESHOLD_OHM ? 1 : 0));
  await board.safe();
  const reachable = openByChannel.filter((o) => o >= 0);
  const allSame = reachable.every((o) => o === reachable[0]);
  const inconclusive = allSame && populated.size > 0 && populated.size < info.channels;
  const populatedOpen: number[] = [];
  const vacantClosed: number[] = [];
  if (!inconclusive) {
    for (let ch = 0; ch < info.channels; ch++) {
      if (populated.has(ch) && openByChannel[ch] === 1) populatedOpen.push(ch);
      if (!populated.has(ch) && openByChannel[ch] === 0) vacantClosed.push(ch);
    }
  }
  const badBus = new Set(pairs.filter((p) => p.written !== p.readBack).map((p) => p.written));
  ctx.found.usable = info.populated.filter((ch) => !badBus.has(ch) && !populatedOpen.includes(ch));

  const closedPopulated = info.populated.filter((ch) => openByChannel[ch] === 0).length;
  const openVacant = inconclusive ? 0 : openByChannel.filter((o, ch) => o === 1 && !populated.has(ch)).length;
  const mapText = inconclusive
    ? `channel map not judged (every channel reads ${reachable[0] === 1 ? 'open' : 'closed'})`
    : `${closedPopulated}/${populated.size} populated closed, ${openVacant}/${info.channels - populated.size} vacant open` +
      (unreachable.size > 0 ? `, ${unreachable.size} unreachable (the board refused: select read-back wrong)` : '');
  const figure = `${busOk}/16 bus values read back; ${mapText}`;
  const values = {
    busValuesOk: busOk,
    readBack: pairs.map((p) => p.readBack),
    open: openByChannel,
    boardOpenVerdict: boardOpen,
    meanOhm,
    adcCounts: countsByChannel,
    populatedOpen,
    unreachable: [...unreachable],
    vacantClosed,
    channelMapJudged: !inconclusive,
  };
  const problems: string[] = lineFaults.map((f) => lineAdvice(ctx, f));
  for (const ch of populatedOpen) {
    problems.push(
      `channel ${ch} is populated but reads open circuit: check the device's bond wires or probe contacts, DEMUX output ${ch} and MUX inputs ${ch}`,
    );
  }
  if (lineFaults.length === 0) {
    for (const ch of vacantClosed) {
      problems.push(`channel ${ch} is vacant but carries current: check for a short on its pads, or add it to the board definition's populated list`);
    }
  }
  if (problems.length > 0) return { passed: false, figure, values, message: problems.join('; ') };
  return {
    passed: true,
    figure,
    values,
    message: inconclusive
      ? 'select lines read back; the sense path shows no contrast between channels, so the channel map is left to the lock-in stage'
      : 'select lines read back; populated channels carry current, vacant ones read open',
  };
}

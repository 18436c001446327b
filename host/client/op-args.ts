/**
 * The Board's typed options turned into the spec's wire arguments (host/client/ops.ts), checked
 * on the way: a bad value is a TypeError naming it and what is allowed (args.ts), before any
 * frame is sent. Ohms become the wire's milliohms here and back in `calibrationFromWire`.
 */
import type { CalGetReply, CalPutArgs, PulseArgs, SetResetArgs, SweepArgs } from './ops';
import { checkCurrent, checkFinite, checkInt, checkObject, checkSteps, checkWidth } from './args';
import type { RequestOptions } from './requester';
import type { PulseOptions, StoredCalibration, SweepOptions } from './types';

/** Checks a channel number against the board (Board.ch). */
export type ChannelCheck = (op: string, channel: unknown) => number;

export const milliOhmToOhm = (v: number): number => v / 1000;
const ohmToMilliOhm = (ohm: number): number => Math.round(ohm * 1000);

/** pulse and setReset take the same three arguments. */
export function pulseArgs(op: 'pulse' | 'setReset', options: PulseOptions, ch: ChannelCheck): PulseArgs & SetResetArgs {
  const o = checkObject(op, options);
  return { channel: ch(op, o.channel), currentUa: checkCurrent(op, 'currentUa', o.currentUa), widthUs: checkWidth(op, o.widthUs) };
}

/** startUa defaults to −|peakUa|: a full loop. */
export function sweepArgs(options: SweepOptions, ch: ChannelCheck): SweepArgs {
  const o = checkObject('sweep', options);
  const peakUa = checkCurrent('sweep', 'peakUa', o.peakUa);
  return {
    channel: ch('sweep', o.channel),
    widthUs: checkWidth('sweep', o.widthUs),
    startUa: o.startUa === undefined ? -Math.abs(peakUa) : checkCurrent('sweep', 'startUa', o.startUa),
    peakUa,
    steps: checkSteps('sweep', o.steps),
  };
}

export function calPutArgs(cal: StoredCalibration, ch: ChannelCheck): CalPutArgs {
  const o = checkObject('calPut', cal);
  const args = {
    channel: ch('calPut', o.channel),
    iLowUa: checkCurrent('calPut', 'iLowUa', o.iLowUa),
    iHighUa: checkCurrent('calPut', 'iHighUa', o.iHighUa),
    widthUs: checkWidth('calPut', o.widthUs),
    resetUa: checkCurrent('calPut', 'resetUa', o.resetUa),
    rLowMilliOhm: ohmToMilliOhm(checkFinite('calPut', 'rLowOhm', o.rLowOhm)),
    rHighMilliOhm: ohmToMilliOhm(checkFinite('calPut', 'rHighOhm', o.rHighOhm)),
    xMin: checkFinite('calPut', 'xMin', o.xMin),
    xMax: checkFinite('calPut', 'xMax', o.xMax),
  };
  if (args.iLowUa >= args.iHighUa) throw new TypeError('calPut: iLowUa must be below iHighUa');
  if (args.xMin >= args.xMax) throw new TypeError('calPut: xMin must be below xMax');
  return args;
}

export function calibrationFromWire(channel: number, r: CalGetReply): StoredCalibration {
  return {
    channel,
    iLowUa: r.iLowUa,
    iHighUa: r.iHighUa,
    widthUs: r.widthUs,
    resetUa: r.resetUa,
    rLowOhm: milliOhmToOhm(r.rLowMilliOhm),
    rHighOhm: milliOhmToOhm(r.rHighMilliOhm),
    xMin: r.xMin,
    xMax: r.xMax,
  };
}

/** activateMany's xs (1..channels finite numbers) and optional channels (as long as xs). */
export function checkActivateMany(xs: readonly number[], channels: readonly number[] | null, maxChannels: number, ch: ChannelCheck): void {
  if (!Array.isArray(xs) || xs.length === 0 || xs.length > maxChannels) {
    throw new TypeError(`activateMany: xs must be an array of 1..${maxChannels} numbers (one per channel of this board), got ${Array.isArray(xs) ? `${xs.length} values` : typeof xs}`);
  }
  xs.forEach((x, i) => checkFinite('activateMany', `xs[${i}]`, x));
  if (channels !== null) {
    if (!Array.isArray(channels) || channels.length !== xs.length) {
      throw new TypeError('activateMany: channels must be null or an array as long as xs');
    }
    channels.forEach((c) => ch('activateMany', c));
  }
}

/** A caller's `timeoutMs` as request options (none: the op's default). */
export function timeoutOption(op: string, v: unknown): Partial<RequestOptions> {
  return v === undefined ? {} : { timeoutMs: checkInt(op, 'timeoutMs', v, 1, 2 ** 31 - 1) };
}

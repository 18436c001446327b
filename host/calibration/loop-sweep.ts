/**
 * sweepLoop(board, options): an R_H–I loop at any width and step count the limits allow, paced
 * so the board's thermal guard is respected.
 *
 * The firmware's `sweep` checks the whole loop's energy before its first pulse and refuses a
 * loop that does not fit the channel's stress budget at once (e.g. 400 points at 300 µs need
 * 11.4 mJ of a 7.2 mJ budget), and it stops when one pulse would have to wait longer than
 * config maxGuardDelayMs. Then the host walks the rest of the same loop itself: for each
 * remaining point one `pulse` (the firmware's guard, in delay mode, waits until the channel has
 * cooled enough) and one settled `read`, exactly the pulse and read the firmware's sweep would
 * have made, only further apart in time. It says so through `onPacing` and reports the device
 * time the loop took (the board's uptime before and after).
 */
import type { Board } from '../client/board';
import { checkChannel, checkCurrent, checkInt, checkObject, checkSteps, checkWidth } from '../client/args';
import { DEFAULT_TIMEOUT_MS } from '../client/timeouts';
import type { ConfigMap, SweepOptions, SweepPoint, SweepResult } from '../client/types';
import { isNucleonError, NucleonError } from '../errors';
import { sweepCurrentUa } from '../../protocol/sweep-loop';

/** The firmware's largest maxGuardDelayMs (firmware/ops/config.ts): one hour of device time. */
export const MAX_PAUSE_MS = 3600000;

export interface LoopSweepOptions extends SweepOptions {
  /** Each point as it is measured. */
  onPoint?: (point: SweepPoint) => void;
  /** A line to show the user when the sweep is paced by the host, and why (for stderr). */
  onPacing?: (line: string) => void;
  /**
   * Longest pause the guard may make before one paced pulse, ms of device time (1 … 3 600 000,
   * default 3 600 000). For the paced part the board's guard is set to delay mode with this
   * maxGuardDelayMs, and its config is put back afterwards.
   */
  maxPauseMs?: number;
}

export interface LoopSweepResult extends SweepResult {
  /** True when the host paced some or all of the points (pulse + read per point). */
  paced: boolean;
  /** Index of the first point the host paced (null: the board's sweep made them all). */
  pacedFromIndex: number | null;
  /** Device time the guard waited before the host-paced pulses, ms. */
  guardWaitMs: number;
}

/** Current of step k (1..steps) of the loop: the sweep op's own walk (protocol/sweep-loop.ts). */
export const loopCurrentUa = sweepCurrentUa;

/** Device time as text: ms → "12.3 s", "4.5 min" or "2.61 h". */
export function formatDeviceTime(ms: number): string {
  if (ms < 120000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 7200000) return `${(ms / 60000).toFixed(1)} min`;
  return `${(ms / 3600000).toFixed(2)} h`;
}

async function uptimeMs(board: Board): Promise<number> {
  return (await board.heartbeat()).uptimeMs;
}

export async function sweepLoop(board: Board, options: LoopSweepOptions): Promise<LoopSweepResult> {
  const o = checkObject('sweepLoop', options);
  const channel = checkChannel('sweepLoop', o.channel, board.info.channels);
  const widthUs = checkWidth('sweepLoop', o.widthUs);
  const peakUa = checkCurrent('sweepLoop', 'peakUa', o.peakUa);
  const startUa = o.startUa === undefined ? -Math.abs(peakUa) : checkCurrent('sweepLoop', 'startUa', o.startUa);
  const steps = checkSteps('sweepLoop', o.steps);
  const maxPauseMs = o.maxPauseMs === undefined ? MAX_PAUSE_MS : checkInt('sweepLoop', 'maxPauseMs', o.maxPauseMs, 1, MAX_PAUSE_MS);
  const onPoint = options.onPoint;
  const say = options.onPacing ?? ((): void => undefined);

  const t0 = await uptimeMs(board);
  const config = await board.configGet();
  const delayMs = typeof config.maxGuardDelayMs === 'number' ? config.maxGuardDelayMs : 0;
  const byIndex = new Map<number, SweepPoint>();
  let refusal: NucleonError;
  try {
    // The board's own sweep first: one request, streamed points, paced by the firmware as far
    // as its guard allows. Its longest pause between points is maxGuardDelayMs.
    const r = await board.sweep(
      { channel, widthUs, startUa, peakUa, steps, timeoutMs: delayMs + DEFAULT_TIMEOUT_MS.sweep },
      (p) => {
        byIndex.set(p.index, p);
        onPoint?.(p);
      },
    );
    return { ...r, paced: false, pacedFromIndex: null, guardWaitMs: 0 };
  } catch (err) {
    if (!isNucleonError(err, 'THERMAL_GUARD')) throw err;
    refusal = err;
  }

  // The points the board measured before it stopped, in order from 0 (none when it refused
  // the whole loop before its first pulse).
  const points: SweepPoint[] = [];
  while (byIndex.has(points.length)) points.push(byIndex.get(points.length) as SweepPoint);
  const from = points.length;
  const guardWas: ConfigMap = {};
  for (const key of ['guardMode', 'maxGuardDelayMs']) if (config[key] !== undefined) guardWas[key] = config[key];
  const raise = config.guardMode !== 'delay' || delayMs < maxPauseMs;
  // The board's words without the op prefix, the argument name and the advice to shorten the loop.
  const why = refusal.message.replace(/^sweep: /, '').replace(/ \([a-zA-Z]+\)$/, '').replace(/; use shorter pulses or fewer steps$/, '');
  say(
    (from === 0 ? `the board refuses this loop as one sweep (${why}),\n` : `the board stopped the sweep after ${from} of ${steps} points (${why}),\n`) +
      `so the host paces it: points ${from + 1}–${steps} one pulse and one read each, every pulse waiting until the thermal guard ` +
      `allows it (delay mode, at most ${formatDeviceTime(maxPauseMs)} per pulse); this takes device time.\n`,
  );
  if (raise) await board.configSet({ guardMode: 'delay', maxGuardDelayMs: maxPauseMs });
  let guardWaitMs = 0;
  let failure: unknown = null;
  try {
    for (let k = from + 1; k <= steps; k++) {
      const currentUa = loopCurrentUa(startUa, peakUa, steps, k);
      if (currentUa !== 0) {
        try {
          const p = await board.pulse({ channel, currentUa, widthUs, timeoutMs: maxPauseMs + DEFAULT_TIMEOUT_MS.pulse });
          guardWaitMs += p.waitedMs;
        } catch (err) {
          if (!isNucleonError(err, 'THERMAL_GUARD')) throw err;
          throw new NucleonError(
            'THERMAL_GUARD',
            `sweep point ${k} of ${steps} (${currentUa} µA, ${widthUs} µs): ${err.message}; the pause allowed per pulse is ` +
              `${maxPauseMs} ms (maxPauseMs, at most ${MAX_PAUSE_MS})`,
            { op: 'pulse', detail: err.detail, cause: err },
          );
        }
      }
      const r = await board.read(channel);
      const point: SweepPoint = { index: k - 1, currentUa, adcCounts: r.adcCounts, rHallOhm: r.rHallOhm };
      points.push(point);
      onPoint?.(point);
    }
  } catch (err) {
    failure = err;
  }
  if (raise && board.isOpen && Object.keys(guardWas).length > 0) {
    try {
      await board.configSet(guardWas);
    } catch (err) {
      if (failure === null) failure = err;
    }
  }
  if (failure !== null) throw failure;
  const t1 = await uptimeMs(board);
  return { points, deviceTimeMs: t1 - t0, paced: true, pacedFromIndex: from, guardWaitMs };
}

/**
 * What a Board tells its listeners without being asked: sweep points as they arrive, the
 * board's warnings and frame errors (protocol EVENT_TABLE), and the link closing.
 */
import { Event } from '../../protocol/ops';
import { validateEvent } from '../../protocol/validate';
import type { NucleonError } from '../errors';
import type { SweepPoint } from './types';

export interface BoardEvents {
  sweepPoint: (point: SweepPoint) => void;
  warning: (code: number, message: string) => void;
  frameError: (code: number, message: string) => void;
  close: (err: NucleonError | null) => void;
}

type Listeners = { [K in keyof BoardEvents]: BoardEvents[K][] };

/** The listeners of one Board, and the dispatch of the board's event frames to them. */
export class BoardEventHub {
  private readonly listeners: Listeners = { sweepPoint: [], warning: [], frameError: [], close: [] };

  on<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): void {
    this.listeners[event].push(listener);
  }

  off<K extends keyof BoardEvents>(event: K, listener: BoardEvents[K]): void {
    const list = this.listeners[event] as BoardEvents[K][];
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  /** An event frame from the board (code and payload as the requester decoded them). */
  dispatch(event: number, data: unknown): void {
    const arr = Array.isArray(data) ? data : [];
    if (event === Event.SWEEP_POINT) {
      const p = parseSweepPoint(data);
      if (p) for (const l of this.listeners.sweepPoint) l(p);
    } else if (event === Event.WARNING) {
      for (const l of this.listeners.warning) l(Number(arr[0]), String(arr[1] ?? ''));
    } else if (event === Event.FRAME_ERROR) {
      for (const l of this.listeners.frameError) l(Number(arr[0]), String(arr[1] ?? ''));
    }
  }

  closed(err: NucleonError | null): void {
    for (const l of this.listeners.close) l(err);
  }
}

/** A sweep point as the spec's EVENT_TABLE describes it, or null (dropped) when it is not one. */
export function parseSweepPoint(data: unknown): SweepPoint | null {
  if (validateEvent(Event.SWEEP_POINT, data) !== null) return null;
  const [index, currentUa, adcCounts, rHallMilliOhm] = data as number[];
  return { index, currentUa, adcCounts, rHallOhm: rHallMilliOhm / 1000 };
}

/**
 * What the firmware itself says about pulses and heat: its status map carries the gate-pulse
 * counter since boot (`pulses`) and each channel's stress (`stressPermille`). Read after every
 * pulsing job (the job ran alone on the board, so the counter's delta is exactly its pulses)
 * and when neurons are listed.
 */
import type { Board } from '../client/board';
import type { ConfigMap } from '../client/types';

export interface BoardStatus {
  pulses: number;
  stressPermille: number[];
  /** Per-channel pulse counters, when the firmware reports them. */
  pulsesPerChannel: number[] | null;
  /** The board's clock since boot (device time), when reported. */
  uptimeMs: number | null;
  /** Frames the board could not decode since boot, when reported. */
  frameErrors: number | null;
}

function numbers(v: unknown): number[] | null {
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) return null;
  const out = Array.from(v as ArrayLike<unknown>, (n) => (typeof n === 'number' ? n : NaN));
  return out.every((n) => Number.isFinite(n)) ? out : null;
}

export function parseStatus(map: ConfigMap): BoardStatus {
  const pulses = typeof map.pulses === 'number' ? map.pulses : NaN;
  return {
    pulses,
    stressPermille: numbers(map.stressPermille) ?? [],
    pulsesPerChannel: numbers(map.pulsesPerChannel),
    uptimeMs: typeof map.uptimeMs === 'number' ? map.uptimeMs : null,
    frameErrors: typeof map.frameErrors === 'number' ? map.frameErrors : null,
  };
}

export class BoardLedger {
  /** The latest status read. */
  last: BoardStatus | null = null;

  /** Reads status; returns the pulses fired since the previous read (null: no baseline). */
  async read(board: Board): Promise<number | null> {
    const status = parseStatus(await board.status());
    const before = this.last;
    this.last = status;
    if (!before || !Number.isFinite(before.pulses) || !Number.isFinite(status.pulses)) return null;
    // A board that rebooted starts counting from zero again.
    return status.pulses >= before.pulses ? status.pulses - before.pulses : status.pulses;
  }

  /** Forget the baseline (after a reconnect the board may have rebooted). */
  reset(): void {
    this.last = null;
  }
}

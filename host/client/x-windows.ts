/**
 * Each channel's calibrated x range as this host last saw it (from calPut and calGet), and the
 * x policy (x-range.ts, the same as the server's) applied before any activation frame is sent.
 */
import { xRangeOf, xRefusal, type XPolicy } from './x-range';

export interface XWindow {
  xMin: number;
  xMax: number;
}

export class XWindows {
  private readonly windows = new Map<number, XWindow>();

  constructor(private readonly policy: XPolicy) {}

  set(channel: number, w: XWindow): void {
    this.windows.set(channel, { xMin: w.xMin, xMax: w.xMax });
  }

  forget(channel: number): void {
    this.windows.delete(channel);
  }

  /**
   * Each x against its channel's window, fetching a window not yet seen once with `fetch`
   * (calGet). A refused x is a TypeError naming it and the accepted range; a channel with no
   * calibration rejects with the fetch's NOT_CALIBRATED, before any activation frame.
   */
  async check(op: string, channels: readonly number[], xs: readonly number[], name: (i: number) => string, fetch: (channel: number) => Promise<unknown>): Promise<void> {
    for (let i = 0; i < xs.length; i++) {
      const ch = channels[i];
      if (!this.windows.has(ch)) await fetch(ch);
      const w = this.windows.get(ch);
      if (w === undefined) continue;
      const why = xRefusal(xs[i], xRangeOf(w, this.policy));
      if (why !== null) throw new TypeError(`${op}: ${name(i)} = ${xs[i]} is out of range for channel ${ch}: ${why}`);
    }
  }
}

/**
 * Faults that start after N activateMany requests (`fault=open-channel:3@500`,
 * `fault=link-dead@500`, board/twin/faults.ts): the link's host → board bytes are counted
 * (activation-count.ts) and each fault is applied when the N+1-th arrives, before the
 * firmware reads it. The count starts when the twin is made; it is not part of a saved state.
 */
import { ActivationCount } from './activation-count';
import { faultDelay, formatFault, type Fault } from './faults';
import type { BoardLink } from './link';
import type { Selector } from './selector';

export interface DelayedFaultTargets {
  link: BoardLink;
  selector: Selector;
  /** Damages the device on a channel as `worn:N` does (create.ts). */
  wear: (channel: number) => void;
}

/** Wires the spec's delayed faults to the link; returns the count (undefined when there are none). */
export function armDelayedFaults(faults: readonly Fault[], targets: DelayedFaultTargets): ActivationCount | undefined {
  const delayed = faults.filter((f) => faultDelay(f) !== undefined);
  if (delayed.length === 0) return undefined;
  const count = new ActivationCount();
  const pending = [...delayed];
  const apply = (n: number): void => {
    for (let i = pending.length - 1; i >= 0; i--) {
      const f = pending[i];
      if (n <= (faultDelay(f) as number)) continue;
      pending.splice(i, 1);
      if (f.kind === 'open-channel') targets.selector.openChannel(f.channel);
      else if (f.kind === 'worn') targets.wear(f.channel);
      else if (f.kind === 'link-dead') targets.link.drop(`the link dropped (${formatFault(f)}: activateMany request ${n})`);
    }
  };
  count.onCount(apply);
  targets.link.tapHostWrites((bytes) => count.push(bytes));
  return count;
}

/**
 * Moving a failed neuron to a spare: a populated channel no neuron uses and that has not failed
 * before, on the neuron's own board first (its frame stays as it was), then on the other boards
 * in --board order, skipping boards whose link is lost. The spare is calibrated as the run's
 * channels were at its start (the caller's `calibrate`, the same path); one whose calibration
 * fails is retired and the next is tried. The neuron map (the array the checkpoint saves) is
 * updated in place. No spare left: NO_SPARE naming the neuron and why it failed.
 */
import type { Board } from '../client/board';
import type { FleetNeurons } from './fleet-neurons';
import type { NeuronMap } from './neuron-map';
import { formatSite, formatSwap, type NeuronFailure, type NeuronSwap } from './neuron-swap';
import { TrainerError } from './errors';

export interface SpareOptions {
  map: NeuronMap;
  /** Calibrates `channel` on `board` and stores it there (board-session.ts calibrateChannels). */
  calibrate: (board: Board, spec: string, channel: number) => Promise<void>;
  log: (line: string) => void;
}

/** Channels that failed in this run ("spec#channel"): never a spare again. */
function siteKey(spec: string, channel: number): string {
  return `${spec}#${channel}`;
}

export function spareRepair(options: SpareOptions): (fleet: FleetNeurons, failures: readonly NeuronFailure[], atExample: number, resumedFrom: number) => Promise<NeuronSwap[]> {
  const retired = new Set<string>();
  return async (fleet, failures, atExample, resumedFrom) => {
    const parts = fleet.partList;
    for (const f of failures) retired.add(siteKey(f.site.board, f.site.channel));
    const swaps: NeuronSwap[] = [];
    for (const f of failures) {
      const home = parts.findIndex((p) => p.spec === f.site.board);
      const order = [home, ...parts.map((_, i) => i).filter((i) => i !== home)].filter((i) => i >= 0 && !fleet.isLost(i));
      let moved: NeuronSwap | null = null;
      for (const i of order) {
        const p = parts[i];
        const inUse = fleet.channelsOf(i);
        for (const ch of p.neurons.board.info.populated) {
          if (inUse.includes(ch) || retired.has(siteKey(p.spec, ch))) continue;
          try {
            await options.calibrate(p.neurons.board, p.spec, ch);
          } catch (error) {
            retired.add(siteKey(p.spec, ch));
            options.log(`spare: ${p.spec} channel ${ch} could not be calibrated (${(error as Error).message}); trying the next spare`);
            continue;
          }
          await fleet.move(f.neuron, i, ch);
          options.map[f.neuron] = { board: p.spec, channel: ch };
          moved = { neuron: f.neuron, from: f.site, to: { board: p.spec, channel: ch }, atExample, resumedFrom, rule: f.rule, reason: f.reason };
          break;
        }
        if (moved !== null) break;
      }
      if (moved === null) {
        const boards = parts.map((p, i) => `${p.spec}: ${fleet.isLost(i) ? 'link lost' : `populated ${p.neurons.board.info.populated.join(', ')}, in use ${fleet.channelsOf(i).join(', ')}`}`).join('; ');
        throw new TrainerError(
          'NO_SPARE',
          `neuron ${f.neuron} (${formatSite(f.site)}) failed at example ${atExample}: ${f.reason}; no spare channel is left on any board (${boards})`,
        );
      }
      options.log(`swap: ${formatSwap(moved)}`);
      swaps.push(moved);
    }
    return swaps;
  };
}

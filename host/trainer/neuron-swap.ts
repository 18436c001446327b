/**
 * What the trainer records when a neuron's device fails mid-run and the neuron moves to a spare
 * (a populated channel no neuron uses, on any board): which neuron, from where to where, at which
 * example, why, and the example training went on from. Kept in the checkpoint (`swaps`) and the
 * report, and logged as one line each.
 */
import type { NeuronSite } from './neuron-map';
import type { HealthRule } from '../calibration/neuron-health';
import { TrainerError } from './errors';

/** A neuron the health check (host/calibration/neuron-health.ts) found failed. */
export interface NeuronFailure {
  neuron: number;
  site: NeuronSite;
  rule: HealthRule;
  reason: string;
}

export interface NeuronSwap {
  neuron: number;
  from: NeuronSite;
  to: NeuronSite;
  /** Examples trained when the failure was seen. */
  atExample: number;
  /** Examples trained at the checkpoint the run went back to; equal to atExample for a failure in the test phase (no going back: the test starts again). */
  resumedFrom: number;
  rule: HealthRule;
  reason: string;
}

const RULES: readonly HealthRule[] = ['stuck', 'out-of-window', 'errors', 'link'];

export function formatSite(s: NeuronSite): string {
  return `${s.board} channel ${s.channel}`;
}

/** "neuron 3 moved from sim:seed=1 channel 3 to sim:seed=1 channel 9 at example 532 (…); training went on from example 500". */
export function formatSwap(s: NeuronSwap): string {
  const then = s.atExample === s.resumedFrom ? `in the test phase after ${s.atExample} examples (${s.rule}: ${s.reason}); the test started again` : `at example ${s.atExample} (${s.rule}: ${s.reason}); training went on from the checkpoint at example ${s.resumedFrom}`;
  return `neuron ${s.neuron} moved from ${formatSite(s.from)} to ${formatSite(s.to)} ${then}`;
}

function isSite(v: unknown): v is NeuronSite {
  const r = v as { [k: string]: unknown } | null;
  return typeof r === 'object' && r !== null && typeof r.board === 'string' && typeof r.channel === 'number' && Number.isInteger(r.channel) && r.channel >= 0 && r.channel <= 255;
}

/** A checkpoint's `swaps`: CHECKPOINT_BAD naming the entry at fault. */
export function checkSwaps(v: unknown, hidden: number, file: string): NeuronSwap[] {
  if (!Array.isArray(v)) throw new TrainerError('CHECKPOINT_BAD', `${file}: swaps must be an array of neuron moves, got ${String(v)}`);
  return v.map((e: unknown, i) => {
    const r = e as { [k: string]: unknown } | null;
    const ok =
      typeof r === 'object' &&
      r !== null &&
      Object.keys(r).sort().join(',') === 'atExample,from,neuron,reason,resumedFrom,rule,to' &&
      typeof r.neuron === 'number' &&
      Number.isInteger(r.neuron) &&
      r.neuron >= 0 &&
      r.neuron < hidden &&
      isSite(r.from) &&
      isSite(r.to) &&
      typeof r.atExample === 'number' &&
      Number.isInteger(r.atExample) &&
      typeof r.resumedFrom === 'number' &&
      Number.isInteger(r.resumedFrom) &&
      typeof r.rule === 'string' &&
      (RULES as readonly string[]).includes(r.rule) &&
      typeof r.reason === 'string';
    if (!ok) throw new TrainerError('CHECKPOINT_BAD', `${file}: swaps[${i}] must be {neuron, from, to, atExample, resumedFrom, rule, reason}`);
    return r as unknown as NeuronSwap;
  });
}

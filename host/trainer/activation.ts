/**
 * Hidden-layer activations. `apply` fills out[j] = f(pre[j]) for the ten hidden neurons; the
 * software ones return synchronously, a board returns a promise (one frame per example).
 */
import type { BoardCheckpoint } from './board-checkpoint';
import type { NeuronFailure, NeuronSwap } from './neuron-swap';

export type ActivationKind = 'ideal' | 'analog' | 'live';
export const ACTIVATION_KINDS: readonly ActivationKind[] = ['ideal', 'analog', 'live'];

export interface DeviceStats {
  /** Current pulses the board reports it fired (SET, or RESET + SET). */
  pulses: number;
  /** Device time the board reports for the evaluations (what a real board would take). */
  deviceTimeS: number;
  /** Neuron evaluations so far. */
  evaluations: number;
}

export interface HiddenActivation {
  readonly kind: ActivationKind;
  apply(pre: Float32Array, out: Float32Array): void | Promise<void>;
  /** Board counters for activations that use one; zeros otherwise. */
  stats(): DeviceStats;
  /** Brings stats() up to date with the board (read before checkpoints and at the end). */
  flush?(): Promise<void>;
  /** What a checkpoint records of the board, read right after flush() (board-checkpoint.ts). */
  boardCheckpoint?(): BoardCheckpoint | null;
  /** Devices that failed their health check (live; neuron-swap.ts), checked after every example. */
  failures?(): NeuronFailure[];
  /** Moves failed neurons to spares; rejects with NO_SPARE when one has none. */
  repair?(failures: readonly NeuronFailure[], atExample: number, resumedFrom: number): Promise<NeuronSwap[]>;
}

const ZERO_STATS: DeviceStats = { pulses: 0, deviceTimeS: 0, evaluations: 0 };

export function idealSigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

export class IdealActivation implements HiddenActivation {
  readonly kind = 'ideal' as const;
  apply(pre: Float32Array, out: Float32Array): void {
    for (let j = 0; j < pre.length; j++) out[j] = 1 / (1 + Math.exp(-pre[j]));
  }
  stats(): DeviceStats {
    return ZERO_STATS;
  }
}

/**
 * A measured sigmoid y(x) on [xMin, xMax], tabulated once (linear interpolation, `size`
 * samples) and held constant outside: the board limits the current to the ΔI window, so a
 * pre-activation beyond it gives the end value.
 */
export class TabulatedSigmoid {
  readonly xMin: number;
  readonly xMax: number;
  readonly table: Float32Array;
  private readonly scale: number;

  constructor(fn: (x: number) => number, xMin: number, xMax: number, size = 4097) {
    if (!(xMax > xMin)) throw new TypeError(`TabulatedSigmoid: xMax (${xMax}) must exceed xMin (${xMin})`);
    this.xMin = xMin;
    this.xMax = xMax;
    this.table = new Float32Array(size);
    for (let i = 0; i < size; i++) this.table[i] = fn(xMin + ((xMax - xMin) * i) / (size - 1));
    this.scale = (size - 1) / (xMax - xMin);
  }

  at(x: number): number {
    const t = this.table;
    const u = (x - this.xMin) * this.scale;
    if (!(u > 0)) return t[0];
    const last = t.length - 1;
    if (u >= last) return t[last];
    const i = u | 0;
    const f = u - i;
    return t[i] + (t[i + 1] - t[i]) * f;
  }
}

/** The analog sigmoid: one measured loop (channel 0's calibration) used for all ten neurons. */
export class AnalogActivation implements HiddenActivation {
  readonly kind = 'analog' as const;
  readonly curve: TabulatedSigmoid;
  constructor(curve: TabulatedSigmoid) {
    this.curve = curve;
  }
  apply(pre: Float32Array, out: Float32Array): void {
    for (let j = 0; j < pre.length; j++) out[j] = this.curve.at(pre[j]);
  }
  stats(): DeviceStats {
    return ZERO_STATS;
  }
}

/**
 * The board-facing part of live training: ten hidden neurons evaluated on calibrated devices,
 * each example's ten pre-activations in ONE activateMany frame. The firmware maps x to a
 * current in the channel's ΔI window and does SET, or RESET + SET when the new current is
 * below the last one (Fig. 3c). Implemented on the host SDK in board-neurons.ts.
 */
import type { DeviceStats, HiddenActivation } from './activation';
import type { BoardCheckpoint } from './board-checkpoint';
import type { NeuronFailure, NeuronSwap } from './neuron-swap';
import { TrainerError } from './errors';

export interface LiveNeurons {
  /** out[j] = y measured on neuron j's device for x = pre[j]. */
  activateMany(pre: Float32Array, out: Float32Array): Promise<void>;
  stats(): { pulses: number; deviceTimeS: number };
  flush?(): Promise<void>;
  /** What a checkpoint records of the board (read right after flush). */
  boardCheckpoint?(): BoardCheckpoint | null;
  /** Neurons the health check found failed (empty while all are well). */
  failures?(): NeuronFailure[];
  /** Moves failed neurons to spares (NO_SPARE when there is none). */
  repair?(failures: readonly NeuronFailure[], atExample: number, resumedFrom: number): Promise<NeuronSwap[]>;
}

export class LiveActivation implements HiddenActivation {
  readonly kind = 'live' as const;
  private evaluations = 0;
  constructor(private readonly neurons: LiveNeurons) {}

  apply(pre: Float32Array, out: Float32Array): Promise<void> {
    this.evaluations += pre.length;
    return this.neurons.activateMany(pre, out);
  }

  async flush(): Promise<void> {
    if (this.neurons.flush) await this.neurons.flush();
  }

  boardCheckpoint(): BoardCheckpoint | null {
    return this.neurons.boardCheckpoint ? this.neurons.boardCheckpoint() : null;
  }

  failures(): NeuronFailure[] {
    return this.neurons.failures ? this.neurons.failures() : [];
  }

  async repair(failures: readonly NeuronFailure[], atExample: number, resumedFrom: number): Promise<NeuronSwap[]> {
    if (!this.neurons.repair) throw new TrainerError('NO_SPARE', `${failures.map((f) => `neuron ${f.neuron} failed: ${f.reason}`).join('; ')}; these neurons cannot move`);
    return this.neurons.repair(failures, atExample, resumedFrom);
  }

  stats(): DeviceStats {
    const s = this.neurons.stats();
    return { pulses: s.pulses, deviceTimeS: s.deviceTimeS, evaluations: this.evaluations };
  }
}

/**
 * LiveNeurons over several boards: hidden neurons [first, first + size) of each part are served
 * by that part's board (BoardNeurons, one activateMany frame per example). Every example sends
 * its frame to every board at once and waits for all (Promise.all), so the boards' devices work
 * at the same time: the example's device time is the longest frame's, not the sum.
 *
 * While the slowest board finishes, the others stand idle and their devices cool (heat and stress
 * relax with time, PHYSICS §4). A real board's clock runs by itself; a twin whose idle time is
 * frozen (the trainer's, for repeatable runs) is told with `idle(ms)`, so every board's time moves
 * by the example's device time, as the boards' shared wall clock would.
 */
import type { LiveNeurons } from './live';
import type { BoardNeurons } from './board-neurons';
import type { BoardCheckpoint } from './board-checkpoint';

export interface FleetPart {
  spec: string;
  neurons: BoardNeurons;
  /** First hidden neuron this board serves, and how many. */
  first: number;
  size: number;
  /** Lets `ms` of idle time pass on the board (a twin with frozen idle time); absent for a board whose clock runs by itself. */
  idle?: (ms: number) => void;
}

export interface FleetBoardStats {
  spec: string;
  neurons: number;
  frames: number;
  pulses: number;
  /** The sum of this board's own frames, s: what it would take alone. */
  deviceTimeS: number;
}

export class FleetNeurons implements LiveNeurons {
  /** Σ over examples of the longest frame, ms (the boards work in parallel). */
  private parallelMs = 0;
  private viewsOf: Float32Array | null = null;
  private outOf: Float32Array | null = null;
  private preViews: Float32Array[] = [];
  private outViews: Float32Array[] = [];
  private readonly pending: Promise<void>[];
  private checkpointOf: (() => BoardCheckpoint) | null = null;

  constructor(private readonly parts: readonly FleetPart[]) {
    this.pending = new Array<Promise<void>>(parts.length);
  }

  async start(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.neurons.start()));
    this.parallelMs = 0;
  }

  async activateMany(pre: Float32Array, out: Float32Array): Promise<void> {
    // the network hands in the same buffers every example: the slices are made once
    if (pre !== this.viewsOf || out !== this.outOf) {
      this.preViews = this.parts.map((p) => pre.subarray(p.first, p.first + p.size));
      this.outViews = this.parts.map((p) => out.subarray(p.first, p.first + p.size));
      this.viewsOf = pre;
      this.outOf = out;
    }
    const parts = this.parts;
    for (let i = 0; i < parts.length; i++) this.pending[i] = parts[i].neurons.activateMany(this.preViews[i], this.outViews[i]);
    await Promise.all(this.pending);
    let longest = 0;
    for (const p of parts) if (p.neurons.lastDeviceTimeMs > longest) longest = p.neurons.lastDeviceTimeMs;
    for (const p of parts) if (p.idle !== undefined && p.neurons.lastDeviceTimeMs < longest) p.idle(longest - p.neurons.lastDeviceTimeMs);
    this.parallelMs += longest;
  }

  async flush(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.neurons.flush()));
  }

  /** How checkpoints record the boards (fleet-session.ts: every twin's state); none by default. */
  checkpointWith(of: () => BoardCheckpoint): void {
    this.checkpointOf = of;
  }

  boardCheckpoint(): BoardCheckpoint | null {
    return this.checkpointOf === null ? null : this.checkpointOf();
  }

  stats(): { pulses: number; deviceTimeS: number } {
    let pulses = 0;
    for (const p of this.parts) pulses += p.neurons.stats().pulses;
    return { pulses, deviceTimeS: this.parallelMs / 1000 };
  }

  /** Per board: its neurons, frames, pulses and its own device time (for the one-board comparison). */
  boardStats(): FleetBoardStats[] {
    return this.parts.map((p) => {
      const s = p.neurons.stats();
      return { spec: p.spec, neurons: p.size, frames: p.neurons.frames, pulses: s.pulses, deviceTimeS: s.deviceTimeS };
    });
  }
}

/**
 * LiveNeurons over one or several boards: part i serves the hidden neurons `neurons[i]` lists
 * (position k of its frame is neuron neurons[i][k]) with its board (BoardNeurons, one
 * activateMany frame per example). Every example sends its frame to every board at once and
 * waits for all, so the boards' devices work at the same time: the example's device time is the
 * longest frame's, not the sum.
 *
 * While the slowest board finishes, the others stand idle and their devices cool (heat and stress
 * relax with time, PHYSICS §4). A real board's clock runs by itself; a twin whose idle time is
 * frozen (the trainer's, for repeatable runs) is told with `idle(ms)`, so every board's time moves
 * by the example's device time, as the boards' shared wall clock would.
 *
 * Every reading goes through the neuron's health check (host/calibration/neuron-health.ts); a
 * board whose link is lost fails all its neurons. `failures()` lists the failed neurons after an
 * example; `move()` puts a neuron on another channel (spares.ts picks it).
 */
import type { LiveNeurons } from './live';
import type { BoardNeurons } from './board-neurons';
import type { BoardCheckpoint } from './board-checkpoint';
import { NeuronHealth, linkFailure, type HealthFailure } from '../calibration/neuron-health';
import type { NeuronFailure, NeuronSwap } from './neuron-swap';
import { TrainerError } from './errors';

/** Moves failed neurons to spares and says where (spares.ts). */
export type Repair = (fleet: FleetNeurons, failures: readonly NeuronFailure[], atExample: number, resumedFrom: number) => Promise<NeuronSwap[]>;

const NO_FAILURES: NeuronFailure[] = [];

export interface FleetPart {
  spec: string;
  neurons: BoardNeurons;
  /** The hidden neurons this board serves, in frame order (may be empty: a board of spares). */
  serves: number[];
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
  private preOf: Float32Array[];
  private outOf: Float32Array[];
  private readonly health = new Map<number, NeuronHealth>();
  /** Boards whose link is gone, by part index, with the reason. */
  private readonly lost = new Map<number, HealthFailure>();
  private checkpointOf: (() => BoardCheckpoint) | null = null;
  private repairOf: Repair | null = null;
  /** Some neuron's health check has failed since the last move. */
  private anyFailed = false;

  constructor(private readonly parts: readonly FleetPart[]) {
    this.preOf = parts.map((p) => new Float32Array(p.serves.length));
    this.outOf = parts.map((p) => new Float32Array(p.serves.length));
  }

  get partList(): readonly FleetPart[] {
    return this.parts;
  }

  /** True when part i's board link is lost. */
  isLost(i: number): boolean {
    return this.lost.has(i);
  }

  async start(): Promise<void> {
    await Promise.all(this.parts.map((p) => p.neurons.start()));
    this.parts.forEach((_, i) => this.watch(i));
    this.parallelMs = 0;
  }

  async activateMany(pre: Float32Array, out: Float32Array): Promise<void> {
    const parts = this.parts;
    const sent = await Promise.allSettled(
      parts.map((p, i) => {
        if (p.serves.length === 0 || this.lost.has(i)) return Promise.resolve();
        const xs = this.preOf[i];
        for (let k = 0; k < xs.length; k++) xs[k] = pre[p.serves[k]];
        return p.neurons.activateMany(xs, this.outOf[i]);
      }),
    );
    let longest = 0;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      const r = sent[i];
      if (r.status === 'rejected') {
        const link = linkFailure(r.reason);
        if (link === null) throw r.reason;
        this.lost.set(i, link);
        for (const j of p.serves) this.healthOf(j).markFailed(link);
        if (p.serves.length > 0) this.anyFailed = true;
        continue;
      }
      if (p.serves.length === 0 || this.lost.has(i)) continue;
      const ys = this.outOf[i];
      for (let k = 0; k < ys.length; k++) {
        const j = p.serves[k];
        out[j] = ys[k];
        if (this.healthOf(j).reading(p.neurons.lastX(k), ys[k]) !== null) this.anyFailed = true;
      }
      if (p.neurons.lastDeviceTimeMs > longest) longest = p.neurons.lastDeviceTimeMs;
    }
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (p.idle !== undefined && !this.lost.has(i) && p.neurons.lastDeviceTimeMs < longest) p.idle(longest - p.neurons.lastDeviceTimeMs);
    }
    this.parallelMs += longest;
  }

  /** Neurons whose health check has failed (empty on a healthy run). */
  failures(): NeuronFailure[] {
    if (!this.anyFailed) return NO_FAILURES;
    const out: NeuronFailure[] = [];
    this.parts.forEach((p) => {
      const channels = p.neurons.channelList();
      p.serves.forEach((j, k) => {
        const f = this.health.get(j)?.failed ?? null;
        if (f !== null) out.push({ neuron: j, site: { board: p.spec, channel: channels[k] }, rule: f.rule, reason: f.reason });
      });
    });
    return out.sort((a, b) => a.neuron - b.neuron);
  }

  /** Channels in use on part i. */
  channelsOf(i: number): number[] {
    return this.parts[i].neurons.channelList();
  }

  /**
   * Moves neuron j to `channel` of part `to` (calibrated already, its calibration stored on that
   * board): both boards' frames change from the next example; its health check starts afresh.
   */
  async move(j: number, to: number, channel: number): Promise<void> {
    const from = this.parts.findIndex((p) => p.serves.includes(j));
    const q = this.parts[to];
    let channels = q.neurons.channelList();
    if (from >= 0) {
      const p = this.parts[from];
      const k = p.serves.indexOf(j);
      p.serves.splice(k, 1);
      const rest = p.neurons.channelList().filter((_, i) => i !== k);
      if (from === to) channels = rest;
      else {
        if (!this.lost.has(from)) await p.neurons.reassign(rest);
        this.resize(from);
      }
    }
    // Each frame keeps its neurons in ascending order, as a run started from this map (a resume)
    // builds it: the same frames, so a resumed twin run goes on exactly.
    let at = q.serves.findIndex((s) => s > j);
    if (at < 0) at = q.serves.length;
    q.serves.splice(at, 0, j);
    channels.splice(at, 0, channel);
    await q.neurons.reassign(channels);
    this.resize(to);
    this.health.delete(j);
    this.watch(to);
    this.anyFailed = [...this.health.values()].some((h) => h.failed !== null);
  }

  /** How failed neurons are moved to spares (spares.ts, set up by the session that knows the boards). */
  repairWith(repair: Repair): void {
    this.repairOf = repair;
  }

  /** Moves each failed neuron to a spare; NO_SPARE when one has none. Without a repair set, NO_SPARE at once. */
  async repair(failures: readonly NeuronFailure[], atExample: number, resumedFrom: number): Promise<NeuronSwap[]> {
    if (this.repairOf === null) throw new TrainerError('NO_SPARE', `${failures.map((f) => `neuron ${f.neuron} (${f.site.board} channel ${f.site.channel}) failed: ${f.reason}`).join('; ')}; this run cannot move neurons`);
    return this.repairOf(this, failures, atExample, resumedFrom);
  }

  async flush(): Promise<void> {
    await Promise.all(this.parts.map((p, i) => (this.lost.has(i) ? Promise.resolve() : p.neurons.flush())));
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
      return { spec: p.spec, neurons: p.serves.length, frames: p.neurons.frames, pulses: s.pulses, deviceTimeS: s.deviceTimeS };
    });
  }

  private resize(i: number): void {
    this.preOf[i] = new Float32Array(this.parts[i].serves.length);
    this.outOf[i] = new Float32Array(this.parts[i].serves.length);
  }

  /** A health check for every neuron of part i that has none yet, on its channel's calibrated range. */
  private watch(i: number): void {
    const p = this.parts[i];
    p.serves.forEach((j, k) => {
      if (this.health.has(j)) return;
      const { xMin, xMax } = p.neurons.range(k);
      this.health.set(j, new NeuronHealth(xMin, xMax));
    });
  }

  private healthOf(j: number): NeuronHealth {
    const h = this.health.get(j);
    if (h === undefined) throw new TrainerError('LIVE_FAILED', `neuron ${j} has no health check (FleetNeurons.start() not called?)`);
    return h;
  }
}

/**
 * LiveNeurons on the host SDK: each example's pre-activations go to the board in one
 * activateMany frame (channels[j] serves hidden neuron j); the firmware maps x into the
 * channel's ΔI window and fires SET, or RESET + SET, then reads R_H and returns y.
 * Device time is what the board reports per frame; pulses come from the board's own counter
 * (`status.pulses`), read at `flush()`.
 *
 * Training saturates neurons on purpose, so each x is clamped here into its channel's calibrated
 * range [xMin, xMax] (read at `start()`): the board would clamp it there too (same current, same
 * y), but the SDK refuses x far beyond the range as a units mistake (host/client/x-range.ts).
 */
import type { Board } from '../client/board';
import type { LiveNeurons } from './live';
import { TrainerError } from './errors';
import type { BoardCheckpoint } from './board-checkpoint';

export class BoardNeurons implements LiveNeurons {
  /** x sent per position in the last frame (clamped into the channel's range). */
  private xs: number[];
  private deviceTimeMs = 0;
  /** The device time the board reported for the last frame, ms. */
  lastDeviceTimeMs = 0;
  /** activateMany frames sent since start(). */
  frames = 0;
  private pulses = 0;
  private pulsesAtStart: number | null = null;
  /** Per neuron j, its channel's calibrated x range; null before start(). */
  private xLo: number[] | null = null;
  private xHi: number[] | null = null;
  private checkpointOf: (() => BoardCheckpoint) | null = null;

  constructor(
    readonly board: Board,
    /** channels[j] serves neuron j; null = the populated channels in order. */
    private channels: number[] | null,
    size: number,
  ) {
    this.xs = new Array<number>(size).fill(0);
  }

  /** Reads the board's pulse counter as the zero point (call once before training). */
  async start(): Promise<void> {
    // null channels: neuron j is channel j (the firmware's rule for activateMany)
    const chans = this.channels ?? this.xs.map((_, j) => j);
    const cals = [];
    for (const ch of chans) cals.push(await this.board.calGet(ch));
    this.xLo = cals.map((c) => c.xMin);
    this.xHi = cals.map((c) => c.xMax);
    this.pulsesAtStart = await this.readPulses();
    this.pulses = 0;
    this.deviceTimeMs = 0;
    this.frames = 0;
  }

  async activateMany(pre: Float32Array, out: Float32Array): Promise<void> {
    const xs = this.xs;
    const lo = this.xLo;
    const hi = this.xHi;
    if (lo && hi) for (let j = 0; j < xs.length; j++) xs[j] = pre[j] < lo[j] ? lo[j] : pre[j] > hi[j] ? hi[j] : pre[j];
    else for (let j = 0; j < xs.length; j++) xs[j] = pre[j];
    const r = await this.board.activateMany(xs, this.channels);
    if (r.ys.length !== out.length) {
      throw new TrainerError('LIVE_FAILED', `activateMany returned ${r.ys.length} values for ${out.length} neurons`);
    }
    for (let j = 0; j < out.length; j++) out[j] = r.ys[j];
    this.deviceTimeMs += r.deviceTimeMs;
    this.lastDeviceTimeMs = r.deviceTimeMs;
    this.frames++;
  }

  /** The channels serving the positions, in order. */
  channelList(): number[] {
    return this.channels ?? this.xs.map((_, j) => j);
  }

  /** The x sent at position k in the last frame. */
  lastX(k: number): number {
    return this.xs[k];
  }

  /** Position k's calibrated x range (after start()). */
  range(k: number): { xMin: number; xMax: number } {
    if (this.xLo === null || this.xHi === null) throw new TrainerError('LIVE_FAILED', 'BoardNeurons.range before start()');
    return { xMin: this.xLo[k], xMax: this.xHi[k] };
  }

  /**
   * Serves other channels from now on (a neuron moved to or from this board): reads their stored
   * calibrations; frames, pulses and device time keep counting.
   */
  async reassign(channels: number[]): Promise<void> {
    const cals = [];
    for (const ch of channels) cals.push(await this.board.calGet(ch));
    this.channels = [...channels];
    this.xs = new Array<number>(channels.length).fill(0);
    this.xLo = cals.map((c) => c.xMin);
    this.xHi = cals.map((c) => c.xMax);
  }

  /** Updates the pulse count from the board's counter. */
  async flush(): Promise<void> {
    if (this.pulsesAtStart === null) return;
    this.pulses = (await this.readPulses()) - this.pulsesAtStart;
  }

  /** How checkpoints record the board (board-state.ts boardCheckpointOf); none by default. */
  checkpointWith(of: () => BoardCheckpoint): void {
    this.checkpointOf = of;
  }

  boardCheckpoint(): BoardCheckpoint | null {
    return this.checkpointOf === null ? null : this.checkpointOf();
  }

  stats(): { pulses: number; deviceTimeS: number } {
    return { pulses: this.pulses, deviceTimeS: this.deviceTimeMs / 1000 };
  }

  private async readPulses(): Promise<number> {
    const s = await this.board.status();
    const p = s.pulses;
    if (typeof p !== 'number') throw new TrainerError('LIVE_FAILED', 'board status has no pulse counter');
    return p;
  }
}

/**
 * LiveNeurons on the host SDK: each example's pre-activations go to the board in one
 * activateMany frame (channels[j] serves hidden neuron j); the firmware maps x into the
 * channel's ΔI window and fires SET, or RESET + SET, then reads R_H and returns y.
 * Device time is what the board reports per frame; pulses come from the board's own counter
 * (`status.pulses`), read at `flush()`.
 */
import type { Board } from '../client/board';
import type { LiveNeurons } from './live';
import { TrainerError } from './errors';

export class BoardNeurons implements LiveNeurons {
  private readonly xs: number[];
  private deviceTimeMs = 0;
  private pulses = 0;
  private pulsesAtStart: number | null = null;

  constructor(
    private readonly board: Board,
    /** channels[j] serves neuron j; null = the populated channels in order. */
    private readonly channels: number[] | null,
    size: number,
  ) {
    this.xs = new Array<number>(size).fill(0);
  }

  /** Reads the board's pulse counter as the zero point (call once before training). */
  async start(): Promise<void> {
    this.pulsesAtStart = await this.readPulses();
    this.pulses = 0;
    this.deviceTimeMs = 0;
  }

  async activateMany(pre: Float32Array, out: Float32Array): Promise<void> {
    const xs = this.xs;
    for (let j = 0; j < xs.length; j++) xs[j] = pre[j];
    const r = await this.board.activateMany(xs, this.channels);
    if (r.ys.length !== out.length) {
      throw new TrainerError('LIVE_FAILED', `activateMany returned ${r.ys.length} values for ${out.length} neurons`);
    }
    for (let j = 0; j < out.length; j++) out[j] = r.ys[j];
    this.deviceTimeMs += r.deviceTimeMs;
  }

  /** Updates the pulse count from the board's counter. */
  async flush(): Promise<void> {
    if (this.pulsesAtStart === null) return;
    this.pulses = (await this.readPulses()) - this.pulsesAtStart;
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

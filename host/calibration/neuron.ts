/**
 * A hardware sigmoid neuron: one calibrated channel. activate(x) runs on the board
 * (x → current in ΔI → SET, or RESET+SET → read R_H → y), so it is a live sigmoid.
 */
import type { Board } from '../client/board';
import type { StoredCalibration } from '../client/types';
import { checkChannel, checkFinite } from '../client/args';

export class Neuron {
  private constructor(
    readonly board: Board,
    readonly channel: number,
    /** What the board has stored for this channel. */
    readonly calibration: StoredCalibration,
  ) {}

  /** A neuron on a channel that is already calibrated on the board (NOT_CALIBRATED otherwise). */
  static async open(board: Board, channel: number): Promise<Neuron> {
    checkChannel('Neuron.open', channel, board.info.channels);
    const cal = await board.calGet(channel);
    return new Neuron(board, channel, cal);
  }

  async activate(x: number): Promise<number> {
    checkFinite('Neuron.activate', 'x', x);
    return (await this.board.activate(this.channel, x)).y;
  }

  /** Several inputs through this one device, in one frame. */
  async activateMany(xs: readonly number[]): Promise<number[]> {
    if (!Array.isArray(xs)) throw new TypeError('Neuron.activateMany: xs must be an array of numbers');
    if (xs.length === 0) return [];
    return (await this.board.activateMany(xs, xs.map(() => this.channel))).ys;
  }
}

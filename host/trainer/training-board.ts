/**
 * The board a training run uses: opened for training (a twin in this process with frozen idle
 * time) and the channels that serve the ten hidden neurons.
 */
import { openBoard } from '../open';
import type { Board } from '../client/board';
import { TrainerError } from './errors';

/**
 * A twin in this process runs with idle time frozen: its clock moves only with the board's own
 * work, not with the host's wall-clock time between requests, so a seeded run is the same run
 * every time (with idle time following the wall clock, three unbroken live runs of 2 000
 * examples gave test rates 0.496, 0.490, 0.496).
 */
export function openTrainingBoard(spec: string): Promise<Board> {
  return openBoard(spec, { simOptions: { idle: 'frozen' } });
}

/** The first `n` populated channels (the ten devices of the paper's sample). */
export function neuronChannels(board: Board, n: number): number[] {
  const populated = board.info.populated;
  if (populated.length < n) {
    throw new TrainerError('LIVE_FAILED', `live training needs ${n} populated channels, the board has ${populated.length} (${populated.join(', ')})`);
  }
  return populated.slice(0, n);
}

/**
 * The board's part of a live checkpoint: the whole simulated board when the twin runs in this
 * process (board/twin/sim-state.ts), otherwise the link's name (a real board keeps its own state).
 */
import type { Board } from '../client/board';
import { InProcessTransport } from '../transport/in-process';
import type { SimBoardWithRuntime } from '../../board/twin/sim';
import { restoreSimBoardState, saveSimBoardState, type SimBoardState } from '../../board/twin/sim-state';
import type { BoardCheckpoint } from './board-checkpoint';
import { TrainerError } from './errors';

/** The simulated board behind `board` when it runs in this process; null for any other link. */
export function simBehind(board: Board): SimBoardWithRuntime | null {
  if (!(board.transport instanceof InProcessTransport)) return null;
  const sim = board.transport.sim as Partial<SimBoardWithRuntime> | null;
  return sim !== null && sim.runtime !== undefined && sim.twin !== undefined ? (sim as SimBoardWithRuntime) : null;
}

/** What a checkpoint records of `board`, read when the checkpoint is written (the board idle). */
export function boardCheckpointOf(board: Board): () => BoardCheckpoint {
  const sim = simBehind(board);
  if (sim === null) return () => ({ kind: 'board', link: board.transport.description });
  return () => ({ kind: 'twin', state: saveSimBoardState(sim) });
}

/** Puts a checkpoint's twin state into the twin behind `board`; CHECKPOINT_MISMATCH saying why it does not fit. */
export function restoreBoard(sim: SimBoardWithRuntime, state: SimBoardState, file: string): void {
  try {
    restoreSimBoardState(sim, state, file);
  } catch (error) {
    throw new TrainerError('CHECKPOINT_MISMATCH', `${(error as Error).message} (the checkpoint's board state cannot continue on this --board)`);
  }
}

/**
 * What a live checkpoint records about the board (checkpoint version 3, field `board`):
 *   { kind: 'twin', state }   the whole simulated board (board/sim-state.ts) when the board is
 *                             the twin in this process: a resume restores it and continues the
 *                             run bit for bit;
 *   { kind: 'board', link }   a board outside this process (a real one, or a twin behind a
 *                             serial/TCP link): its devices keep their own state, a resume
 *                             re-reads the calibration stored on the board;
 *   null                      no board (ideal), or analog (its table is rebuilt from a fresh
 *                             calibration, which a twin with the same seed repeats exactly).
 */
import { checkSimBoardState, type SimBoardState } from '../../board/sim-state-check';
import { TrainerError } from './errors';

export type BoardCheckpoint = { kind: 'twin'; state: SimBoardState } | { kind: 'board'; link: string };

function isRecord(v: unknown): v is { [key: string]: unknown } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** CHECKPOINT_BAD naming the field at fault; the twin state's own checks name its part. */
export function checkBoardCheckpoint(v: unknown, file: string): BoardCheckpoint | null {
  if (v === null) return null;
  if (!isRecord(v)) throw new TrainerError('CHECKPOINT_BAD', `${file}: board must be null or an object {kind, …}, got ${Array.isArray(v) ? 'an array' : String(v)}`);
  const keys = Object.keys(v).sort().join(',');
  if (v.kind === 'board') {
    if (keys !== 'kind,link' || typeof v.link !== 'string') throw new TrainerError('CHECKPOINT_BAD', `${file}: board of kind "board" must be {kind, link} with link a string`);
    return { kind: 'board', link: v.link };
  }
  if (v.kind === 'twin') {
    if (keys !== 'kind,state') throw new TrainerError('CHECKPOINT_BAD', `${file}: board of kind "twin" must be {kind, state}`);
    try {
      return { kind: 'twin', state: checkSimBoardState(v.state, `${file}: board.state`) };
    } catch (error) {
      throw new TrainerError('CHECKPOINT_BAD', (error as Error).message);
    }
  }
  throw new TrainerError('CHECKPOINT_BAD', `${file}: board.kind must be "twin" or "board", got ${JSON.stringify(v.kind)}`);
}

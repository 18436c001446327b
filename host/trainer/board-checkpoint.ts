/**
 * What a live checkpoint records about the board (checkpoint version 3, field `board`):
 *   { kind: 'twin', state }   the whole simulated board (board/twin/sim-state.ts) when the board is
 *                             the twin in this process: a resume restores it and continues the
 *                             run bit for bit;
 *   { kind: 'twins', states } every board of a live run over several boards (--board given
 *                             more than once), when all are twins in this process, in --board order;
 *   { kind: 'board', link }   a board outside this process (a real one, or a twin behind a
 *                             serial/TCP link): its devices keep their own state, a resume
 *                             re-reads the calibration stored on the board;
 *   null                      no board (ideal), or analog (its table is rebuilt from a fresh
 *                             calibration, which a twin with the same seed repeats exactly).
 */
import { checkSimBoardState, type SimBoardState } from '../../board/twin/sim-state-check';
import { TrainerError } from './errors';

export type BoardCheckpoint = { kind: 'twin'; state: SimBoardState } | { kind: 'twins'; states: SimBoardState[] } | { kind: 'board'; link: string };

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
  if (v.kind === 'twins') {
    if (keys !== 'kind,states' || !Array.isArray(v.states) || v.states.length < 2) throw new TrainerError('CHECKPOINT_BAD', `${file}: board of kind "twins" must be {kind, states} with states an array of two or more twin states`);
    const list: unknown[] = v.states;
    try {
      return { kind: 'twins', states: list.map((st, i) => checkSimBoardState(st, `${file}: board.states[${i}]`)) };
    } catch (error) {
      throw new TrainerError('CHECKPOINT_BAD', (error as Error).message);
    }
  }
  throw new TrainerError('CHECKPOINT_BAD', `${file}: board.kind must be "twin", "twins" or "board", got ${JSON.stringify(v.kind)}`);
}

/**
 * Shared by the board commands (info, sweep, calibrate): `--board SPEC` (default `sim`),
 * `--json`, and opening the board with progress on stderr.
 */
import type { Board } from '../client/board';
import { openBoard } from '../open';
import { optFlag, optString } from './args';
import type { ParsedArgs } from './args';

export const BOARD_OPTIONS = ['board'];
export const BOARD_FLAGS = ['json'];

/** $NUCLEON_BOARD, or undefined when it is unset, empty or blank (then the default applies). */
export function envBoardSpec(): string | undefined {
  const v = process.env.NUCLEON_BOARD;
  return v === undefined || v.trim() === '' ? undefined : v;
}

export function boardSpec(args: ParsedArgs): string {
  return optString(args, 'board', envBoardSpec() ?? 'sim') as string;
}

export function wantsJson(args: ParsedArgs): boolean {
  return optFlag(args, 'json');
}

export async function withBoard<T>(args: ParsedArgs, fn: (board: Board) => Promise<T>): Promise<T> {
  const board = await openBoard(boardSpec(args));
  try {
    return await fn(board);
  } finally {
    await board.close();
  }
}

export function progress(text: string): void {
  process.stderr.write(text);
}

/** Prints the JSON object as the last line of stdout. */
export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}

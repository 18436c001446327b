/**
 * Where the bring-up suite runs: a real board when NUCLEON_BOARD is set (e.g.
 * NUCLEON_BOARD=serial:/dev/ttyACM0), else the twin (which must have landed: board/sim.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Board } from '../../host/client/board';
import { openBoard } from '../../host/open';
import { BRINGUP_TIMEOUTS_MS } from '../../host/cli/commands/bringup';

export const REAL_BOARD = process.env.NUCLEON_BOARD;
export const TWIN_AVAILABLE = fs.existsSync(path.join(__dirname, '..', '..', 'board', 'sim.ts'));
/** The seed every twin run of this suite uses (deterministic device spread). */
export const SEED = 11;

export function twinSpec(...faults: string[]): string {
  return ['sim:seed=' + SEED, ...faults.map((f) => 'fault=' + f)].join(',');
}

export function opener(spec: string): () => Promise<Board> {
  return () => openBoard(spec, { timeoutsMs: BRINGUP_TIMEOUTS_MS });
}

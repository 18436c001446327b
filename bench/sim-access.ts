/**
 * The twin as the benches reach it: board/sim.ts loaded on demand, so `make bench` still runs
 * (and says "not available") before the twin has landed.
 */
import * as fs from 'fs';
import * as path from 'path';

export interface SimBoardLike {
  write(bytes: Uint8Array): void;
  onData(callback: (bytes: Uint8Array) => void): void;
  close(): Promise<void>;
}

export interface SimModule {
  openSimBoard(spec: string, opts?: Record<string, unknown>): Promise<SimBoardLike>;
  serveSimTcp(sim: SimBoardLike, port: number, host: string): Promise<{ port: number; close(): Promise<void> }>;
}

export const SIM_FILE = path.join(__dirname, '..', 'board', 'sim.ts');

/** The sim module, or a reason it is not available. */
export function loadSim(): SimModule | string {
  if (!fs.existsSync(SIM_FILE)) return 'the twin (board/sim.ts, issue 5) has not landed';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(SIM_FILE) as Partial<SimModule>;
  if (typeof mod.openSimBoard !== 'function') return 'board/sim.ts has no openSimBoard';
  if (typeof mod.serveSimTcp !== 'function') return 'board/sim.ts has no serveSimTcp';
  return mod as SimModule;
}

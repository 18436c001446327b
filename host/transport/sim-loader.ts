/**
 * Loads the twin (board/twin/sim.ts) on demand, so hardware-only users never load the models.
 */
import type { SimLink } from './in-process';

interface SimModule {
  openSimBoard(spec: string, opts?: Record<string, unknown>): Promise<SimLink>;
}

export async function openSimLink(simSpec: string, opts?: Record<string, unknown>): Promise<SimLink> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require('../../board/twin/sim') as SimModule;
  return mod.openSimBoard(simSpec, opts);
}

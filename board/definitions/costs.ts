/**
 * A board's interpreter cost table: what the firmware's own code costs the board's processor per
 * op, measured on the real Espruino interpreter (bench/firmware-espruino.ts --write-costs, `make
 * costs`) and scaled to the board's processor, kept beside the board definition as
 * `<id>.costs.json`. Data read by the twin (board/twin/interpreter-time.ts charges it), the
 * trainer and the benches.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DefinitionError } from './errors';

export const COSTS_FORMAT = 'nucleon-interpreter-costs';

export interface OpCostEntry {
  /** The link receiver's synchronous handling of one request, ms on the board. */
  syncMs: number;
  /** The op's own timer callbacks in all, ms on the board, and how many there were. */
  callbackMs: number;
  callbacks: number;
}

export interface InterpreterCosts {
  format: typeof COSTS_FORMAT;
  board: string;
  /** What the figures were measured with and how they were scaled. */
  measured: { date: string; interpreter: string; firmwareVersion: string; bundleBytes: number; leibnizUsHere: number; boardLeibnizUs: number; ratio: number };
  /** Per op name (protocol/ops.ts OP_TABLE), board ms. */
  ops: { [op: string]: OpCostEntry };
  housekeepingMs: number;
}

export function costsFileFor(definitionFile: string): string {
  return definitionFile.replace(/\.json$/, '') + '.costs.json';
}

/** The cost table beside a board definition file, or undefined when there is none. */
export function loadInterpreterCosts(definitionFile: string): InterpreterCosts | undefined {
  const file = costsFileFor(definitionFile);
  if (!fs.existsSync(file)) return undefined;
  const c = JSON.parse(fs.readFileSync(file, 'utf8')) as InterpreterCosts;
  if (c.format !== COSTS_FORMAT || typeof c.ops !== 'object' || c.ops === null) throw new DefinitionError('BAD_COSTS', `${path.basename(file)}: not a ${COSTS_FORMAT} file (make costs writes one)`);
  for (const [name, e] of Object.entries(c.ops)) {
    for (const k of ['syncMs', 'callbackMs', 'callbacks'] as const) {
      if (!(typeof e[k] === 'number' && e[k] >= 0)) throw new DefinitionError('BAD_COSTS', `${path.basename(file)}: ops.${name}.${k} must be a number >= 0`);
    }
  }
  return c;
}

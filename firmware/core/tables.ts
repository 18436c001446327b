/**
 * Facts about the op table the firmware needs at run time. Computed from protocol/ops.ts by
 * `firmwareTables()` — at build time for the bundle (inlined as a constant, so OP_TABLE's text
 * and the hashing code stay out of it), directly in tests.
 */
import { OP_TABLE } from '../../protocol/ops';
import { SCHEMA_HASH } from '../../protocol/schema-hash';

export interface FirmwareTables {
  /** Argument count by op code (−1 for codes without an op). */
  argCounts: number[];
  schemaHash: number;
}

export function firmwareTables(): FirmwareTables {
  const argCounts: number[] = [];
  let max = 0;
  for (const op of OP_TABLE) if (op.code > max) max = op.code;
  for (let i = 0; i <= max; i++) argCounts.push(-1);
  for (const op of OP_TABLE) argCounts[op.code] = op.args.length;
  return { argCounts, schemaHash: SCHEMA_HASH };
}

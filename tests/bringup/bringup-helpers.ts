/**
 * Where the bring-up suite runs: a real board when NUCLEON_BOARD is set (e.g.
 * NUCLEON_BOARD=serial:/dev/ttyACM0), else the twin.
 */
import { openForBringup } from '../../host/bringup/open';
import type { RunBringupOptions } from '../../host/bringup';
import { runBringup } from '../../host/bringup';
import type { BringupResult } from '../../host/bringup';

export const REAL_BOARD = process.env.NUCLEON_BOARD;
/** The seed every twin run of this suite uses (deterministic device spread). */
export const SEED = 11;

export function twinSpec(...faults: string[]): string {
  return ['sim:seed=' + SEED, ...faults.map((f) => 'fault=' + f)].join(',');
}

/** Runs the suite the way `nucleon bringup --board SPEC` does. */
export function bringup(spec: string, options: RunBringupOptions = {}): Promise<BringupResult> {
  const opener = openForBringup(spec);
  return runBringup(() => opener.open(), { spec, linkDiagnostics: opener.diagnostics, ...options });
}

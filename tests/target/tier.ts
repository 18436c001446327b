/**
 * The target tier's gate: each test here needs a real Espruino interpreter. Where none is found
 * (a user's clone without ../shared), the tier says so in one loud line and its tests are
 * skipped; in CI (CI set) a missing interpreter fails instead, so the tier always runs there.
 */
import { interpreterFor, type InterpreterKind } from './interpreter';

export function targetInterpreter(kind: InterpreterKind): string | undefined {
  const f = interpreterFor(kind);
  if (f.ok) return f.path;
  if (process.env.CI !== undefined && process.env.CI !== '') throw new Error(`target tier: ${f.why}; CI must run it (.ci/run sets ESPRUINO_PICO/ESPRUINO_PICO16)`);
  process.stderr.write(`\n*** TARGET TIER DID NOT RUN: ${f.why}. Point ESPRUINO_PICO / ESPRUINO_PICO16 at Espruino Linux builds (docs/target.md). ***\n\n`);
  return undefined;
}

/** `describe` when the interpreter exists, `describe.skip` (after the loud line) when not. */
export function describeOnTarget(kind: InterpreterKind): { d: jest.Describe; binary: string } {
  const binary = targetInterpreter(kind);
  return { d: binary === undefined ? describe.skip : describe, binary: binary ?? '' };
}

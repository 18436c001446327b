/**
 * The generator: from the spec (protocol/ops.ts) the files both sides build on. `generate`
 * checks the spec first (checkSpec) and returns path → text; `npm run gen` writes them and
 * tests/protocol/generated.test.ts checks the checked-in copies byte for byte.
 */
import type { ProtocolSpec } from '../../protocol/spec/types';
import { checkSpec } from './check';
import { renderClient } from './render-client';
import { renderCodes } from './render-codes';
import { renderDispatch } from './render-dispatch';
import { renderReaders } from './render-readers';

/** Paths relative to the repository root. */
export const GENERATED_FILES = {
  codes: 'protocol/codes.ts',
  dispatch: 'firmware/ops/index.ts',
  readers: 'firmware/ops/readers.ts',
  client: 'host/client/ops.ts',
} as const;

export function generate(spec: ProtocolSpec): { [path: string]: string } {
  checkSpec(spec);
  return {
    [GENERATED_FILES.codes]: renderCodes(spec),
    [GENERATED_FILES.dispatch]: renderDispatch(spec),
    [GENERATED_FILES.readers]: renderReaders(spec),
    [GENERATED_FILES.client]: renderClient(spec),
  };
}

export { checkSpec, SpecError } from './check';

/**
 * One protocol op in the firmware. `parse` reads the positional arguments (the reader sits on
 * the first one) into the job and validates them; `step` advances the op and returns ms to
 * wait (the executor sets a timer), DONE or FAILED; `result` writes the result array items.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import { DONE } from '../core/job';

export interface OpHandler {
  /** Optional, once per firmware at boot: work done ahead (constant encodings) so requests skip it. */
  prepare?(fw: OpContext): void;
  parse(fw: OpContext, job: Job, r: CborReaderCore): number;
  step(fw: OpContext, job: Job): number;
  result(fw: OpContext, job: Job, w: CborWriterCore): void;
}

/** `parse` return value when all arguments are fine. */
export const PARSED = 0;

/*
 * Parts several ops share: each function object costs a Pico ≈ 7 variables, so ops with no
 * arguments, answered at once, or answering [true] use these rather than a copy each.
 */

/** `parse` of an op without arguments. */
export function noArgs(): number {
  return PARSED;
}

/** `step` of an op answered at once (its work is all in `parse` or `result`). */
export function answerNow(): number {
  return DONE;
}

/** `result` [true]. */
export function answerTrue(fw: OpContext, job: Job, w: CborWriterCore): void {
  w.arrayHeader(1);
  w.bool(true);
}

/**
 * One protocol op in the firmware. `parse` reads the positional arguments (the reader sits on
 * the first one) into the job and validates them; `step` advances the op and returns ms to
 * wait (the executor sets a timer), DONE or FAILED; `result` writes the result array items.
 */
import type { CborReader } from '../../protocol/cbor/reader';
import type { CborWriter } from '../../protocol/cbor/writer';
import type { Firmware } from '../core/firmware';
import type { Job } from '../core/job';

export interface OpHandler {
  /** Optional, once per firmware at boot: work done ahead (constant encodings) so requests skip it. */
  prepare?(fw: Firmware): void;
  parse(fw: Firmware, job: Job, r: CborReader): number;
  step(fw: Firmware, job: Job): number;
  result(fw: Firmware, job: Job, w: CborWriter): void;
}

/** `parse` return value when all arguments are fine. */
export const PARSED = 0;

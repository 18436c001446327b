/** safe [] → [true]: DAC 0, polarity low, EN low (every channel disconnected). */
import type { CborWriter } from '../../protocol/cbor/writer';
import type { Firmware } from '../core/firmware';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { PARSED } from './op';

export const safe: OpHandler = {
  parse(): number {
    return PARSED;
  },
  step(fw: Firmware): number {
    fw.makeSafe();
    return DONE;
  },
  result(fw: Firmware, job: Job, w: CborWriter): void {
    w.arrayHeader(1);
    w.bool(true);
  },
};

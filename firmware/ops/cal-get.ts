/** calGet [channel] → [iLowUa, iHighUa, widthUs, resetUa, rLowMilliOhm, rHighMilliOhm, xMin, xMax], or NOT_CALIBRATED. */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_FIELDS_INT, CAL_I_HIGH, CAL_I_LOW, CAL_R_HIGH, CAL_R_LOW, CAL_RESET, CAL_WIDTH } from '../core/cal-store';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { readSelectArgs } from './readers';

export const calGet: OpHandler = {
  parse: readSelectArgs,
  step(fw: OpContext, job: Job): number {
    if (!fw.cal.has(job.channel)) return job.notCalibrated(job.channel, 'channel');
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    const ch = job.channel;
    w.arrayHeader(CAL_FIELDS_INT + 2);
    w.int(fw.cal.get(ch, CAL_I_LOW));
    w.int(fw.cal.get(ch, CAL_I_HIGH));
    w.uint(fw.cal.get(ch, CAL_WIDTH));
    w.int(fw.cal.get(ch, CAL_RESET));
    w.int(fw.cal.get(ch, CAL_R_LOW));
    w.int(fw.cal.get(ch, CAL_R_HIGH));
    w.f32(fw.cal.xMin[ch]);
    w.f32(fw.cal.xMax[ch]);
  },
};

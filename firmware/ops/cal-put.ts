/** calPut [channel, iLowUa, iHighUa, widthUs, resetUa, rLowMilliOhm, rHighMilliOhm, xMin, xMax] → [stored]. */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_FIELDS_INT, CAL_I_HIGH, CAL_I_LOW, CAL_R_HIGH, CAL_R_LOW, CAL_RESET, CAL_WIDTH } from '../core/cal-store';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { argChannel, argCurrent, argFloat, argInt, argWidth } from './args';
import type { OpHandler } from './op';
import { PARSED } from './op';

export const calPut: OpHandler = {
  parse(fw: OpContext, job: Job, r: CborReaderCore): number {
    const v = job.ints;
    job.channel = argChannel(fw, job, r);
    v[CAL_I_LOW] = argCurrent(fw, job, r, 'iLowUa');
    v[CAL_I_HIGH] = argCurrent(fw, job, r, 'iHighUa');
    v[CAL_WIDTH] = argWidth(fw, job, r);
    v[CAL_RESET] = argCurrent(fw, job, r, 'resetUa');
    v[CAL_R_LOW] = argInt(job, r, 'rLowMilliOhm');
    v[CAL_R_HIGH] = argInt(job, r, 'rHighMilliOhm');
    job.x = argFloat(job, r, 'xMin');
    job.x2 = argFloat(job, r, 'xMax');
    if (job.errorCode !== 0) return PARSED;
    if (v[CAL_I_LOW] >= v[CAL_I_HIGH]) job.fail(ErrorCode.BAD_ARGUMENT, 'iLowUa must be below iHighUa', 'iLowUa');
    else if (v[CAL_R_LOW] === v[CAL_R_HIGH]) job.fail(ErrorCode.BAD_ARGUMENT, 'rLowMilliOhm and rHighMilliOhm must differ', 'rHighMilliOhm');
    else if (!(job.x < job.x2)) job.fail(ErrorCode.BAD_ARGUMENT, 'xMin must be below xMax', 'xMin');
    else if (v[CAL_R_LOW] > 0x7fffffff || v[CAL_R_LOW] < -0x7fffffff || v[CAL_R_HIGH] > 0x7fffffff || v[CAL_R_HIGH] < -0x7fffffff) {
      job.fail(ErrorCode.BAD_ARGUMENT, 'resistances must fit 32 bits', 'rLowMilliOhm');
    }
    return PARSED;
  },
  step(fw: OpContext, job: Job): number {
    if (!fw.cal.put(job.channel, job.ints, job.x, job.x2)) return job.fail(ErrorCode.STORAGE, 'could not write the calibration to flash', 'channel');
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(1);
    w.bool(true);
  },
};

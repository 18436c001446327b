/** calPut [channel, iLowUa, iHighUa, widthUs, resetUa, rLowMilliOhm, rHighMilliOhm, xMin, xMax] → [stored]. */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_I_HIGH, CAL_I_LOW, CAL_R_HIGH, CAL_R_LOW } from '../core/cal-store';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { readCalPutArgs } from './readers';

export const calPut: OpHandler = {
  parse: readCalPutArgs,
  step(fw: OpContext, job: Job): number {
    // the spec's readers put the cal fields at job.ints[CAL_I_LOW…CAL_R_HIGH] (protocol/ops.ts
    // CAL_PUT_ARGS); how they relate is checked here, before the store is written (a parse of
    // its own would be one more function object, and the Pico's variables are short)
    const v = job.ints;
    if (v[CAL_I_LOW] >= v[CAL_I_HIGH]) return job.fail(ErrorCode.BAD_ARGUMENT, 'iLowUa must be below iHighUa', 'iLowUa');
    if (v[CAL_R_LOW] === v[CAL_R_HIGH]) return job.fail(ErrorCode.BAD_ARGUMENT, 'rLowMilliOhm and rHighMilliOhm must differ', 'rHighMilliOhm');
    // as the store keeps them (float32): 1 and 1.00000001 are one float32, and a range of zero
    // width (or an end beyond float32) would make every current NaN
    const x = job.xs;
    x[0] = job.numArg1;
    x[1] = job.numArg2;
    if (!(x[0] < x[1] && isFinite(x[0]) && isFinite(x[1]))) return job.fail(ErrorCode.BAD_ARGUMENT, 'xMin must be below xMax, both within float32', 'xMin');
    if (v[CAL_R_LOW] > 0x7fffffff || v[CAL_R_LOW] < -0x7fffffff || v[CAL_R_HIGH] > 0x7fffffff || v[CAL_R_HIGH] < -0x7fffffff) {
      return job.fail(ErrorCode.BAD_ARGUMENT, 'resistances must fit 32 bits', 'rLowMilliOhm');
    }
    if (!fw.cal.put(job.channel, job.ints, job.numArg1, job.numArg2)) return job.fail(ErrorCode.STORAGE, 'could not write the calibration to flash', 'channel');
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(1);
    w.bool(true);
  },
};

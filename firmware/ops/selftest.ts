/**
 * selftest [test, param] → [values…] (SelfTest in protocol/ops.ts), for bring-up:
 * SELECT_LINES writes the bus (EN low) and reads it back; DAC sets a code with the source
 * gated off; ADC_NOISE samples the ADC with the source off; OPEN_CHANNEL reads a channel
 * settled and reports whether it looks open (|R_H| below OPEN_THRESHOLD_MILLIOHM).
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode, SelfTest } from '../../protocol/ops';
import { NO_CHANNEL } from '../core/source';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { readSelftestArgs } from './readers';

export const OPEN_THRESHOLD_MILLIOHM = 5;
const MAX_NOISE_SAMPLES = 4096;

export const selftest: OpHandler = {
  parse: readSelftestArgs,
  step(fw: OpContext, job: Job): number {
    // param's range depends on the test: checked here, before anything is touched (a parse of
    // its own would be one more function object, and the Pico's variables are short)
    if (job.phase === 0) {
      let max = 0;
      let min = 0;
      if (job.intArg1 === SelfTest.SELECT_LINES) max = 15;
      else if (job.intArg1 === SelfTest.DAC) max = fw.params.dacMaxCode;
      else if (job.intArg1 === SelfTest.ADC_NOISE) {
        min = 1;
        max = MAX_NOISE_SAMPLES;
      } else max = fw.params.channels - 1;
      if (job.intArg2 < min || job.intArg2 > max) return job.fail(ErrorCode.BAD_ARGUMENT, 'param ' + job.intArg2 + ' outside [' + min + ', ' + max + '] for this test', 'param');
    }
    const hal = fw.hal;
    if (job.intArg1 === SelfTest.SELECT_LINES) {
      fw.makeSafe();
      hal.selectWrite(job.intArg2);
      fw.sourceStage.selected = NO_CHANNEL;
      job.intResult0 = job.intArg2;
      job.intResult1 = hal.selectRead();
      job.count = 2;
      return DONE;
    }
    if (job.intArg1 === SelfTest.DAC) {
      fw.makeSafe();
      hal.setDacCode(job.intArg2);
      job.intResult0 = job.intArg2;
      job.intResult1 = fw.params.appliedUa(job.intArg2, false);
      job.count = 2;
      return DONE;
    }
    if (job.intArg1 === SelfTest.ADC_NOISE) {
      fw.makeSafe();
      let sum = 0;
      let min = 1e9;
      let max = -1;
      for (let i = 0; i < job.intArg2; i++) {
        const c = hal.readAdcCounts();
        sum += c;
        if (c < min) min = c;
        if (c > max) max = c;
      }
      job.intResult0 = Math.round(sum / job.intArg2);
      job.intResult1 = min;
      job.intResult2 = max;
      job.count = 3;
      return DONE;
    }
    if (job.phase === 0) {
      job.phase = 1;
      fw.readSeq.start(job.intArg2);
    }
    const w = fw.readSeq.step(job);
    if (w !== DONE) return w;
    job.intResult0 = fw.readSeq.adcCounts;
    job.intResult1 = Math.abs(fw.readSeq.rHallMilliOhm) < OPEN_THRESHOLD_MILLIOHM ? 1 : 0;
    job.count = 2;
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(1);
    w.arrayHeader(job.count);
    w.int(job.intResult0);
    w.int(job.intResult1);
    if (job.count > 2) w.int(job.intResult2);
  },
};

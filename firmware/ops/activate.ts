/**
 * activate [channel, x] → [y, currentUa, rHallMilliOhm, deviceTimeMs]: one neuron evaluation
 * on the board (NOT_CALIBRATED without a stored calibration).
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_WIDTH } from '../core/cal-store';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { activationCurrentUa, activationY } from './activation';
import type { OpHandler } from './op';
import { startSetReset, stepSetReset } from './set-reset';
import { readActivateArgs } from './readers';

export const activate: OpHandler = {
  parse: readActivateArgs,
  step(fw: OpContext, job: Job): number {
    const ch = job.channel;
    if (job.phase === 0) {
      if (!fw.cal.has(ch)) return job.notCalibrated(ch, 'channel');
      job.currentUa = activationCurrentUa(fw, ch, job.numArg1);
      startSetReset(fw, ch, job.currentUa, fw.cal.get(ch, CAL_WIDTH), false);
      job.phase = 1;
    }
    if (job.phase === 1) {
      const w = stepSetReset(fw, job, ch, job.currentUa);
      if (w !== DONE) return w;
      fw.readSeq.start(ch);
      job.phase = 2;
    }
    const w = fw.readSeq.step(job);
    if (w !== DONE) return w;
    job.numResult = activationY(fw, ch, fw.readSeq.rHallMilliOhm);
    fw.activations++;
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(4);
    w.f32(job.numResult);
    w.int(job.currentUa);
    w.int(fw.readSeq.rHallMilliOhm);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};

/** pulse [channel, currentUa, widthUs] → [appliedUa, widthUs, waitedMs]: one guarded pulse. */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { NO_RESET } from '../core/pulse-seq';
import type { OpHandler } from './op';
import { readPulseArgs } from './readers';

export const pulse: OpHandler = {
  parse: readPulseArgs,
  step(fw: OpContext, job: Job): number {
    const seq = fw.pulseSeq;
    if (job.phase === 0) {
      job.phase = 1;
      if (job.currentUa === 0) return DONE;
      seq.start(job.channel, NO_RESET, job.currentUa, job.widthUs, false);
    }
    const w = seq.step(job);
    if (w === DONE) fw.lastSetUa[job.channel] = job.currentUa;
    return w;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(3);
    w.int(job.currentUa === 0 ? 0 : fw.pulseSeq.appliedUa);
    w.uint(job.widthUs);
    w.uint(job.currentUa === 0 ? 0 : Math.round(fw.pulseSeq.waitedMs));
  },
};

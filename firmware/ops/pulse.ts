/** pulse [channel, currentUa, widthUs] → [appliedUa, widthUs, waitedMs]: one guarded pulse. */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { NO_RESET } from '../core/pulse-seq';
import { argChannel, argCurrent, argWidth } from './args';
import type { OpHandler } from './op';
import { PARSED } from './op';

/** Parses [channel, currentUa, widthUs] into the job: the arguments of pulse and setReset. */
export function parsePulseArgs(fw: OpContext, job: Job, r: CborReaderCore): number {
  job.channel = argChannel(fw, job, r);
  job.currentUa = argCurrent(fw, job, r, 'currentUa');
  job.widthUs = argWidth(fw, job, r);
  return PARSED;
}

export const pulse: OpHandler = {
  parse: parsePulseArgs,
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

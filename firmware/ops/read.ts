/** read [channel] → [adcCounts, rHallMilliOhm, settleMs]: a settled lock-in reading. */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import type { OpHandler } from './op';
import { readSelectArgs } from './readers';

export const read: OpHandler = {
  parse: readSelectArgs,
  step(fw: OpContext, job: Job): number {
    if (job.phase === 0) {
      job.phase = 1;
      fw.readSeq.start(job.channel);
    }
    return fw.readSeq.step(job);
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    const rs = fw.readSeq;
    w.arrayHeader(3);
    w.uint(rs.adcCounts);
    w.int(rs.rHallMilliOhm);
    w.uint(rs.settleMs);
  },
};


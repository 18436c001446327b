/** select [channel] → [channel]: source gated off, bus written, EN on (settling restarts). */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { argChannel } from './args';
import type { OpHandler } from './op';
import { PARSED } from './op';

export const select: OpHandler = {
  parse(fw: OpContext, job: Job, r: CborReaderCore): number {
    job.channel = argChannel(fw, job, r);
    return PARSED;
  },
  step(fw: OpContext, job: Job): number {
    if (!fw.source.select(job.channel)) return job.fail(ErrorCode.HARDWARE, fw.source.selectFault(job.channel), 'channel');
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(1);
    w.uint(job.channel);
  },
};

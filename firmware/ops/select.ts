/** select [channel] → [channel]: source gated off, bus written, EN on (settling restarts). */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { readSelectArgs } from './readers';

export const select: OpHandler = {
  parse: readSelectArgs,
  step(fw: OpContext, job: Job): number {
    if (!fw.sourceStage.select(job.channel, fw.hal.nowMs())) return job.fail(ErrorCode.HARDWARE, fw.sourceStage.selectFault(job.channel), 'channel');
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(1);
    w.uint(job.channel);
  },
};

/** heartbeat [token] → [token, uptimeMs]; any valid frame also feeds the link timeout. */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import { argUint } from './args';
import type { OpHandler } from './op';
import { PARSED, answerNow } from './op';

export const heartbeat: OpHandler = {
  parse(fw: OpContext, job: Job, r: CborReaderCore): number {
    job.a = argUint(job, r, 'token', 0, 0xffffffff);
    return PARSED;
  },
  step: answerNow,
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.uint(job.a);
    w.uint(fw.uptimeMs());
  },
};

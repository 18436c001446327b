/** heartbeat [token] → [token, uptimeMs]; any valid frame also feeds the link timeout. */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import type { OpHandler } from './op';
import { answerNow } from './op';
import { readHeartbeatArgs } from './readers';

export const heartbeat: OpHandler = {
  parse: readHeartbeatArgs,
  step: answerNow,
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.uint(job.intArg1);
    w.uint(fw.uptimeMs());
  },
};

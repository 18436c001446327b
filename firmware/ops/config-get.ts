/** configGet [] → [config map] (keys: config.ts). */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import { prepareKeys, writeConfig } from './config';
import type { OpHandler } from './op';
import { answerNow, noArgs } from './op';

export const configGet: OpHandler = {
  prepare: prepareKeys,
  parse: noArgs,
  step: answerNow,
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    writeConfig(fw.config, w);
  },
};

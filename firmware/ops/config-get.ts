/** configGet [] → [config map] (keys: config.ts). */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import type { Firmware } from '../core/firmware';
import type { Job } from '../core/job';
import { prepareKeys, writeConfig } from './config';
import type { OpHandler } from './op';
import { answerNow, noArgs } from './op';

export const configGet: OpHandler = {
  prepare: prepareKeys,
  parse: noArgs,
  step: answerNow,
  result(fw: Firmware, job: Job, w: CborWriterCore): void {
    writeConfig(fw.config, w);
  },
};

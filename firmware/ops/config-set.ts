/**
 * configSet [config map] → [config map]: all-or-nothing: the first bad key or value is refused
 * (BAD_ARGUMENT naming it) and nothing changes. Each key's value is read by the spec's key
 * reader (readConfigKey, generated from configSet's keys in protocol/ops.ts) into a scratch
 * Config, which replaces the firmware's when every key was fine.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { CborKind } from '../../protocol/cbor/constants';
import { ErrorCode } from '../../protocol/ops';
import { Config } from '../core/config';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { prepareKeys, writeConfig } from './config';
import { readConfigKey } from './readers';
import type { OpHandler } from './op';
import { PARSED } from './op';

/** The config being set, checked key by key before it replaces the firmware's. */
let scratch: Config | undefined;

export const configSet: OpHandler = {
  prepare: prepareKeys,
  parse(fw: OpContext, job: Job, r: CborReaderCore): number {
    if (scratch === undefined) scratch = new Config(fw.params);
    const c = scratch;
    c.copyFrom(fw.config);
    const n = r.readMapHeader();
    if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, 'config must be a map', 'config');
    for (let i = 0; i < n && job.errorCode === 0; i++) {
      if (r.peekKind() !== CborKind.TEXT) return job.fail(ErrorCode.BAD_ARGUMENT, 'config keys must be text', 'config');
      const key = r.readText();
      if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, 'config keys must be text', 'config');
      readConfigKey(fw, job, r, c, key);
    }
    if (job.errorCode === 0 && r.error !== 0) job.fail(ErrorCode.BAD_ARGUMENT, 'config map is malformed', 'config');
    return PARSED;
  },
  step(fw: OpContext): number {
    if (scratch !== undefined) fw.config.copyFrom(scratch);
    return DONE;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    writeConfig(fw.config, w);
  },
};

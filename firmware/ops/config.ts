/**
 * What configGet (config-get.ts) and configSet (config-set.ts) share: the config map's keys
 * (the spec's CONFIG_KEYS, protocol/ops.ts), its writer and the reader of one key. Keys: settleMode "fixed"|"stable", settleMs,
 * toleranceMilliOhm, sampleIntervalMs, maxSettleMs, adcSamples, guardMode "refuse"|"delay",
 * thermalGuard, maxGuardDelayMs, heartbeatTimeoutMs (0 = off). A set is all-or-nothing: the
 * first bad key or value is refused (BAD_ARGUMENT naming it) and nothing changes.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { CborKind } from '../../protocol/cbor/constants';
import { ErrorCode } from '../../protocol/ops';
import { CborKeys } from '../core/cbor-keys';
import { Config, GUARD_DELAY, GUARD_REFUSE, SETTLE_FIXED, SETTLE_STABLE } from '../core/config';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import { argUint } from './args';

/** The map's keys and its two choices' texts, encoded once (CborKeys), at boot. */
let keys: CborKeys | undefined;
const K_SETTLE_MODE = 0;
const K_FIXED = 1;
const K_STABLE = 2;
const K_SETTLE_MS = 3;
const K_TOLERANCE = 4;
const K_SAMPLE_INTERVAL = 5;
const K_MAX_SETTLE = 6;
const K_ADC_SAMPLES = 7;
const K_GUARD_MODE = 8;
const K_REFUSE = 9;
const K_DELAY = 10;
const K_THERMAL_GUARD = 11;
const K_MAX_GUARD_DELAY = 12;
const K_HEARTBEAT_TIMEOUT = 13;

export function prepareKeys(): void {
  if (keys !== undefined) return;
  keys = new CborKeys([
    'settleMode', 'fixed', 'stable', 'settleMs', 'toleranceMilliOhm', 'sampleIntervalMs', 'maxSettleMs', 'adcSamples', 'guardMode', 'refuse', 'delay', 'thermalGuard', 'maxGuardDelayMs', 'heartbeatTimeoutMs',
  ]);
}

export function writeConfig(c: Config, w: CborWriterCore): void {
  const k = keys as CborKeys;
  w.arrayHeader(1);
  w.mapHeader(10);
  k.write(w, K_SETTLE_MODE);
  k.write(w, c.settleMode === SETTLE_FIXED ? K_FIXED : K_STABLE);
  k.write(w, K_SETTLE_MS);
  w.uint(c.settleMs);
  k.write(w, K_TOLERANCE);
  w.uint(c.toleranceMilliOhm);
  k.write(w, K_SAMPLE_INTERVAL);
  w.uint(c.sampleIntervalMs);
  k.write(w, K_MAX_SETTLE);
  w.uint(c.maxSettleMs);
  k.write(w, K_ADC_SAMPLES);
  w.uint(c.adcSamples);
  k.write(w, K_GUARD_MODE);
  k.write(w, c.guardMode === GUARD_REFUSE ? K_REFUSE : K_DELAY);
  k.write(w, K_THERMAL_GUARD);
  w.bool(c.thermalGuard);
  k.write(w, K_MAX_GUARD_DELAY);
  w.uint(c.maxGuardDelayMs);
  k.write(w, K_HEARTBEAT_TIMEOUT);
  w.uint(c.heartbeatTimeoutMs);
}

function readChoice(job: Job, r: CborReaderCore, key: string, a: string, b: string): number {
  if (r.peekKind() !== CborKind.TEXT) {
    job.fail(ErrorCode.BAD_ARGUMENT, key + ' must be "' + a + '" or "' + b + '"', key);
    return 0;
  }
  const v = r.readText();
  if (v === a) return 0;
  if (v === b) return 1;
  job.fail(ErrorCode.BAD_ARGUMENT, key + ' must be "' + a + '" or "' + b + '"', key);
  return 0;
}

export function readKey(fw: OpContext, job: Job, r: CborReaderCore, c: Config, key: string): void {
  if (key === 'settleMode') c.settleMode = readChoice(job, r, key, 'fixed', 'stable') === 0 ? SETTLE_FIXED : SETTLE_STABLE;
  else if (key === 'settleMs') c.settleMs = argUint(job, r, key, 0, 60000);
  else if (key === 'toleranceMilliOhm') c.toleranceMilliOhm = argUint(job, r, key, 0, 1000000);
  else if (key === 'sampleIntervalMs') c.sampleIntervalMs = argUint(job, r, key, 1, 10000);
  else if (key === 'maxSettleMs') c.maxSettleMs = argUint(job, r, key, 1, 600000);
  else if (key === 'adcSamples') c.adcSamples = argUint(job, r, key, 1, 64);
  else if (key === 'guardMode') c.guardMode = readChoice(job, r, key, 'refuse', 'delay') === 0 ? GUARD_REFUSE : GUARD_DELAY;
  else if (key === 'thermalGuard') {
    if (r.peekKind() !== CborKind.BOOL) job.fail(ErrorCode.BAD_ARGUMENT, 'thermalGuard must be true or false', key);
    else c.thermalGuard = r.readBool();
  } else if (key === 'maxGuardDelayMs') c.maxGuardDelayMs = argUint(job, r, key, 0, 3600000);
  else if (key === 'heartbeatTimeoutMs') {
    c.heartbeatTimeoutMs = argUint(job, r, key, 0, 3600000);
    if (job.errorCode === 0 && c.heartbeatTimeoutMs > 0 && c.heartbeatTimeoutMs < 500) {
      job.fail(ErrorCode.BAD_ARGUMENT, 'heartbeatTimeoutMs must be 0 (off) or at least 500', key);
    }
  } else job.fail(ErrorCode.BAD_ARGUMENT, 'unknown config key "' + key + '"', key);
}

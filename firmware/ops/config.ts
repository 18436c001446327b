/**
 * What configGet (config-get.ts) and configSet (config-set.ts) share: the config map's keys
 * (the spec's CONFIG_KEYS, protocol/ops.ts) and its writer. Keys: settleMode "fixed"|"stable", settleMs,
 * toleranceMilliOhm, sampleIntervalMs, maxSettleMs, adcSamples, guardMode "refuse"|"delay",
 * thermalGuard, maxGuardDelayMs, heartbeatTimeoutMs (0 = off). The reader of one key is
 * generated from the spec's readers on configSet's keys (readConfigKey, readers.ts).
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { CborKeys } from '../core/cbor-keys';
import type { Config } from '../core/config';
import { GUARD_REFUSE, SETTLE_FIXED } from '../core/config';

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

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

/**
 * The map's keys and its two choices' texts, encoded once (CborKeys), at boot. writeConfig
 * names item i by its index, the text beside it: a module-level constant per item would cost a
 * variable each on the Pico (14 of them).
 */
let keys: CborKeys | undefined;

export function prepareKeys(): void {
  if (keys !== undefined) return;
  keys = new CborKeys([
    // 0 … 13
    'settleMode', 'fixed', 'stable', 'settleMs', 'toleranceMilliOhm', 'sampleIntervalMs', 'maxSettleMs', 'adcSamples', 'guardMode', 'refuse', 'delay', 'thermalGuard', 'maxGuardDelayMs', 'heartbeatTimeoutMs',
  ]);
}

export function writeConfig(c: Config, w: CborWriterCore): void {
  const k = keys as CborKeys;
  w.arrayHeader(1);
  w.mapHeader(10);
  k.write(w, 0); // settleMode
  k.write(w, c.settleMode === SETTLE_FIXED ? 1 : 2); // fixed, stable
  k.write(w, 3); // settleMs
  w.uint(c.settleMs);
  k.write(w, 4); // toleranceMilliOhm
  w.uint(c.toleranceMilliOhm);
  k.write(w, 5); // sampleIntervalMs
  w.uint(c.sampleIntervalMs);
  k.write(w, 6); // maxSettleMs
  w.uint(c.maxSettleMs);
  k.write(w, 7); // adcSamples
  w.uint(c.adcSamples);
  k.write(w, 8); // guardMode
  k.write(w, c.guardMode === GUARD_REFUSE ? 9 : 10); // refuse, delay
  k.write(w, 11); // thermalGuard
  w.bool(c.thermalGuard);
  k.write(w, 12); // maxGuardDelayMs
  w.uint(c.maxGuardDelayMs);
  k.write(w, 13); // heartbeatTimeoutMs
  w.uint(c.heartbeatTimeoutMs);
}

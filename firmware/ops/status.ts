/**
 * status [] → [map]: uptime, selected channel, queue, counters (gate pulses in all and per
 * channel since boot, neuron evaluations), per-channel stress. The map's keys are encoded once
 * (CborKeys), at boot.
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { CborKeys } from '../core/cbor-keys';
import type { OpContext } from '../core/op-context';
import type { Job } from '../core/job';
import type { OpHandler } from './op';
import { answerNow, noArgs } from './op';

let keys: CborKeys | undefined;

export const status: OpHandler = {
  prepare(): void {
    if (keys === undefined) {
      keys = new CborKeys([
        'uptimeMs', 'channel', 'enabled', 'busy', 'queued', 'pulses', 'pulsesPerChannel', 'activations', 'framesOk', 'frameErrors', 'internalErrors', 'stressPermille',
      ]);
    }
  },
  parse: noArgs,
  step: answerNow,
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    const k = keys as CborKeys;
    // the keys copied straight from CborKeys' bytes (what its write does, a call level less each)
    const kb = k.bytes;
    const ends = k.ends;
    const now = fw.hal.nowMs();
    const src = fw.sourceStage;
    w.arrayHeader(1);
    w.mapHeader(12);
    w.raw(kb, ends[0], ends[1]);
    w.uint(Math.round(now - fw.bootMs)); // uptimeMs() with the time already read
    w.raw(kb, ends[1], ends[2]);
    w.int(src.selected);
    w.raw(kb, ends[2], ends[3]);
    w.bool(src.enabled);
    w.raw(kb, ends[3], ends[4]);
    w.bool(fw.running);
    w.raw(kb, ends[4], ends[5]);
    w.uint(fw.queue.size);
    w.raw(kb, ends[5], ends[6]);
    w.uint(src.firedCount);
    const n = fw.params.channels;
    w.raw(kb, ends[6], ends[7]);
    w.uints(src.firedPerChannel, n);
    w.raw(kb, ends[7], ends[8]);
    w.uint(fw.activations);
    w.raw(kb, ends[8], ends[9]);
    w.uint(fw.framesOk);
    w.raw(kb, ends[9], ends[10]);
    w.uint(fw.frameErrors);
    w.raw(kb, ends[10], ends[11]);
    w.uint(fw.internalErrors);
    w.raw(kb, ends[11], ends[12]);
    const permillePerMj = 1000 / fw.params.board.limits.stressMaxMj;
    const guard = fw.guard;
    const stress = guard.stressMj;
    const at = guard.stressAtMs;
    const tau = guard.tauMs;
    // each channel's stress now, S·exp(−Δt/τ) from the guard's booking, inline (a call per
    // channel costs more than its lines); a channel never pulsed is 0 without the sums (written
    // one by one: a scratch array for w.uints would cost a Pico ≈ 8 variables)
    w.arrayHeader(n);
    for (let ch = 0; ch < n; ch++) {
      let s = stress[ch];
      if (s !== 0) {
        const dt = now - at[ch];
        s = Math.round((dt > 0 ? s * Math.exp(-dt / tau) : s) * permillePerMj);
      }
      w.uint(s);
    }
  },
};

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
    const now = fw.hal.nowMs();
    const src = fw.source;
    w.arrayHeader(1);
    w.mapHeader(12);
    k.write(w, 0);
    w.uint(fw.uptimeMs());
    k.write(w, 1);
    w.int(src.selected);
    k.write(w, 2);
    w.bool(src.enabled);
    k.write(w, 3);
    w.bool(fw.running);
    k.write(w, 4);
    w.uint(fw.queue.size);
    k.write(w, 5);
    w.uint(src.firedCount);
    const n = fw.params.channels;
    k.write(w, 6);
    w.arrayHeader(n);
    const fired = src.firedPerChannel;
    for (let ch = 0; ch < n; ch++) w.uint(fired[ch]);
    k.write(w, 7);
    w.uint(fw.activations);
    k.write(w, 8);
    w.uint(fw.framesOk);
    k.write(w, 9);
    w.uint(fw.frameErrors);
    k.write(w, 10);
    w.uint(fw.internalErrors);
    k.write(w, 11);
    const limit = fw.params.board.limits.stressMaxMj;
    const guard = fw.guard;
    w.arrayHeader(n);
    const stress = guard.stressMj;
    // a channel never pulsed (most of them) is 0 without the call and the sums
    for (let ch = 0; ch < n; ch++) w.uint(stress[ch] === 0 ? 0 : Math.round((guard.stressMjAt(ch, now) / limit) * 1000));
  },
};

/**
 * status [] → [map]: uptime, selected channel, queue, counters (gate pulses in all and per
 * channel since boot, neuron evaluations), per-channel stress.
 */
import type { CborWriter } from '../../protocol/cbor/writer';
import type { Firmware } from '../core/firmware';
import { DONE, Job } from '../core/job';
import type { OpHandler } from './op';
import { PARSED } from './op';

export const status: OpHandler = {
  parse(): number {
    return PARSED;
  },
  step(): number {
    return DONE;
  },
  result(fw: Firmware, job: Job, w: CborWriter): void {
    const now = fw.hal.nowMs();
    w.arrayHeader(1);
    w.mapHeader(12);
    w.text('uptimeMs');
    w.uint(fw.uptimeMs());
    w.text('channel');
    w.int(fw.source.selected);
    w.text('enabled');
    w.bool(fw.source.enabled);
    w.text('busy');
    w.bool(fw.busy);
    w.text('queued');
    w.uint(fw.queued);
    w.text('pulses');
    w.uint(fw.source.firedCount);
    const n = fw.params.channels;
    w.text('pulsesPerChannel');
    w.arrayHeader(n);
    for (let ch = 0; ch < n; ch++) w.uint(fw.source.firedPerChannel[ch]);
    w.text('activations');
    w.uint(fw.activations);
    w.text('framesOk');
    w.uint(fw.framesOk);
    w.text('frameErrors');
    w.uint(fw.frameErrors);
    w.text('internalErrors');
    w.uint(fw.internalErrors);
    w.text('stressPermille');
    const limit = fw.params.board.limits.stressMaxMj;
    w.arrayHeader(n);
    for (let ch = 0; ch < n; ch++) w.uint(Math.round((fw.guard.stressMjAt(ch, now) / limit) * 1000));
  },
};

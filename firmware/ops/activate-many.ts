/**
 * activateMany [channels | null, xs] → [ys, deviceTimeMs]: one evaluation per x, on the given
 * channels (null: channels 0..n−1), in order. Every channel must be calibrated; in guard
 * refuse mode every pulse of the batch is checked against its channel's guard before the
 * first one fires, so the request either runs whole or not at all.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_WIDTH } from '../core/cal-store';
import { GUARD_REFUSE } from '../core/config';
import type { Firmware } from '../core/firmware';
import { DONE, FAILED, Job } from '../core/job';
import { activationCurrentUa, activationY } from './activation';
import { argFloat, argUint } from './args';
import type { OpHandler } from './op';
import { PARSED } from './op';
import { needsReset, resetCurrentUa, startSetReset, stepSetReset } from './set-reset';

/** Phase 0 (a new job's) is the batch check. */
const PH_START = 1;
const PH_PULSE = 2;
const PH_READ = 3;

/**
 * Refuse mode's pre-check: every pulse the batch will fire, per channel and in order (SET, or
 * RESET+SET after the last current on that channel, as startSetReset will decide), summed and
 * checked against each channel's guard now. Stress only relaxes while the batch runs, so a
 * batch that passes never meets the stress limit part-way; the fast-network gap between its
 * own pulses is waited out (admitted sequences). Returns the first channel refused, or −1.
 */
function refusedChannel(fw: Firmware, job: Job): number {
  const n = fw.params.channels;
  for (let ch = 0; ch < n; ch++) {
    job.energyMj[ch] = 0;
    job.lastUa[ch] = fw.lastSetUa[ch];
  }
  for (let i = 0; i < job.count; i++) {
    const ch = job.channels[i];
    const ua = activationCurrentUa(fw, ch, job.xs[i]);
    const width = fw.cal.get(ch, CAL_WIDTH);
    let e = fw.params.pulseEnergyMj(ua, width);
    if (needsReset(ua, job.lastUa[ch])) e += fw.params.pulseEnergyMj(resetCurrentUa(fw, ch), width);
    job.energyMj[ch] += e;
    job.lastUa[ch] = ua;
  }
  const now = fw.hal.nowMs();
  for (let ch = 0; ch < n; ch++) {
    if (job.energyMj[ch] > 0 && fw.guard.waitMs(ch, job.energyMj[ch], now) !== 0) return ch;
  }
  return -1;
}

/** The batch's checks before anything fires: every channel calibrated, and refuse mode's guard. */
function admit(fw: Firmware, job: Job): number {
  for (let i = 0; i < job.count; i++) {
    const ch = job.channels[i];
    if (!fw.cal.has(ch)) return job.fail(ErrorCode.NOT_CALIBRATED, 'channel ' + ch + ' is not calibrated: run calibrate first', 'channels');
  }
  if (fw.config.thermalGuard && fw.config.guardMode === GUARD_REFUSE) {
    const ch = refusedChannel(fw, job);
    if (ch >= 0) return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + ch + ' must cool before this batch; nothing was pulsed', 'channels');
  }
  return 0;
}

export const activateMany: OpHandler = {
  parse(fw: Firmware, job: Job, r: CborReaderCore): number {
    const max = fw.params.channels;
    let nChannels = -1;
    if (r.isNull()) r.readNull();
    else {
      nChannels = r.readArrayHeader();
      if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, 'channels must be an array of channels or null', 'channels');
      if (nChannels < 1 || nChannels > max) return job.fail(ErrorCode.BAD_ARGUMENT, 'channels must hold 1..' + max + ' entries', 'channels');
      for (let i = 0; i < nChannels; i++) job.channels[i] = argUint(job, r, 'channels', 0, max - 1);
      if (job.errorCode !== 0) return PARSED;
    }
    const n = r.readArrayHeader();
    if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, 'xs must be an array of numbers', 'xs');
    if (n < 1 || n > max) return job.fail(ErrorCode.BAD_ARGUMENT, 'xs must hold 1..' + max + ' values', 'xs');
    if (nChannels >= 0 && nChannels !== n) return job.fail(ErrorCode.BAD_ARGUMENT, 'channels and xs must have the same length', 'xs');
    for (let i = 0; i < n; i++) job.xs[i] = argFloat(job, r, 'xs');
    if (nChannels < 0) for (let i = 0; i < n; i++) job.channels[i] = i;
    job.count = n;
    return PARSED;
  },
  /*
   * Espruino runs the source text itself, so a branch not taken still costs the reading of its
   * text: the phases are tested in the order a timer callback meets them (the read that ends an
   * evaluation, then the next one's pulses), and the once-per-batch check is a call.
   */
  step(fw: Firmware, job: Job): number {
    for (;;) {
      const ph = job.phase;
      if (ph === PH_READ) {
        const w = fw.readSeq.step(job);
        if (w !== DONE) return w;
        job.ys[job.index] = activationY(fw, job.channels[job.index], fw.readSeq.rHallMilliOhm);
        fw.activations++;
        job.index++;
        job.phase = PH_START;
      } else if (ph === PH_START) {
        if (job.index >= job.count) return DONE;
        const ch = job.channels[job.index];
        job.currentUa = activationCurrentUa(fw, ch, job.xs[job.index]);
        startSetReset(fw, ch, job.currentUa, fw.cal.get(ch, CAL_WIDTH), true);
        job.phase = PH_PULSE;
      } else if (ph === PH_PULSE) {
        const ch = job.channels[job.index];
        const w = stepSetReset(fw, job, ch, job.currentUa);
        if (w !== DONE) return w;
        fw.readSeq.start(ch);
        job.phase = PH_READ;
      } else {
        if (admit(fw, job) !== 0) return FAILED;
        job.index = 0;
        job.phase = PH_START;
      }
    }
  },
  result(fw: Firmware, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.arrayHeader(job.count);
    for (let i = 0; i < job.count; i++) w.f32(job.ys[i]);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};


/**
 * activateMany [channels | null, xs] → [ys, deviceTimeMs]: one evaluation per x, on the given
 * channels (null: channels 0..n−1), in order. Every channel must be calibrated; in guard
 * refuse mode every pulse of the batch is checked against its channel's guard before the
 * first one fires, so the request either runs whole or not at all.
 */
import type { CborReaderCore } from '../../protocol/cbor/reader-core';
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_FIELDS_INT, CAL_I_HIGH, CAL_I_LOW, CAL_RESET, CAL_R_HIGH, CAL_R_LOW, CAL_WIDTH } from '../core/cal-store';
import { NO_RESET } from '../core/pulse-seq';
import { GUARD_REFUSE, SETTLE_FIXED } from '../core/config';
import type { OpContext } from '../core/op-context';
import { DONE, FAILED, Job } from '../core/job';
import { argUint } from './args';
import type { OpHandler } from './op';
import { PARSED } from './op';

/** Phase 0 (a new job's) is the batch's plan and check. */
const PH_PULSE = 1;
const PH_READ = 2;

/**
 * The batch's plan and checks before anything fires: every channel calibrated; each x's SET
 * current (job.ints[i]); and the guard's say on the whole batch: every pulse it will fire, per
 * channel and in order (SET, or RESET+SET after the last current on that channel, as the
 * pulse step will decide), summed and checked against each channel's guard now. Stress only
 * relaxes while the batch runs, so a batch that fits now never meets the stress limit part-way:
 * it is admitted whole (job.admitted), its groups skip the guard step and the fire step waits out
 * the fast network's gap. One that does not fit is refused in refuse mode (nothing fires), and
 * in delay mode runs with the guard asked before each group.
 */
function plan(fw: OpContext, job: Job): number {
  // activationCurrentUa, resetCurrentUa and Params.pulseEnergyMj inline, in the same order of
  // operations: per x, a call costs the interpreter more than these sums
  const cal = fw.cal;
  const ints = cal.ints;
  const p = fw.params;
  const n = p.channels;
  const max = p.maxCurrentUa;
  const rOhm = p.board.limits.channelResistanceOhm;
  const energy = job.energyMj;
  const last = job.lastUa;
  energy.fill(0);
  last.set(fw.lastSetUa);
  const chans = job.channels;
  const xs = job.xs;
  const uas = job.ints;
  for (let i = 0; i < job.count; i++) {
    const ch = chans[i];
    if (!cal.has(ch)) return job.fail(ErrorCode.NOT_CALIBRATED, 'channel ' + ch + ' is not calibrated: run calibrate first', 'channels');
    const at = ch * CAL_FIELDS_INT;
    const xMin = cal.xMin[ch];
    const xMax = cal.xMax[ch];
    const x = xs[i];
    const xc = x < xMin ? xMin : x > xMax ? xMax : x;
    const lo = ints[at + CAL_I_LOW];
    let ua = Math.round(lo + ((xc - xMin) / (xMax - xMin)) * (ints[at + CAL_I_HIGH] - lo));
    ua = ua > max ? max : ua < -max ? -max : ua;
    uas[i] = ua;
    const width = ints[at + CAL_WIDTH];
    let amps = ua * 1e-6;
    let e = amps * amps * rOhm * width * 1e-6 * 1000;
    if (!(ua > last[ch])) {
      const r = ints[at + CAL_RESET];
      amps = (r !== 0 ? r : -max) * 1e-6;
      e += amps * amps * rOhm * width * 1e-6 * 1000;
    }
    energy[ch] += e;
    last[ch] = ua;
  }
  job.admitted = true;
  if (!fw.config.thermalGuard) return 0;
  const now = fw.hal.nowMs();
  for (let ch = 0; ch < n; ch++) {
    if (energy[ch] > 0 && fw.guard.waitMs(ch, energy[ch], now) !== 0) {
      if (fw.config.guardMode === GUARD_REFUSE) {
        return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + ch + ' must cool before this batch; nothing was pulsed', 'channels');
      }
      job.admitted = false;
      return 0;
    }
  }
  return 0;
}

/** Starts evaluation `i`'s SET or RESET+SET (the rule of setReset, Fig. 3c; resetCurrentUa inline). */
function startPulses(fw: OpContext, job: Job, i: number): void {
  const ch = job.channels[i];
  const ua = job.ints[i];
  const ints = fw.cal.ints;
  const at = ch * CAL_FIELDS_INT;
  let reset = NO_RESET;
  if (!(ua > fw.lastSetUa[ch])) {
    reset = ints[at + CAL_RESET];
    if (reset === 0) reset = -fw.params.maxCurrentUa;
  }
  fw.pulseSeq.start(ch, reset, ua, ints[at + CAL_WIDTH], job.admitted);
}

export const activateMany: OpHandler = {
  parse(fw: OpContext, job: Job, r: CborReaderCore): number {
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
    // argFloat's checks for the whole array at once: the first x that is not finite, or is not a
    // number, in order (a finite x beyond float32's range is ±Infinity in xs, so not finite)
    const xs = job.xs;
    const got = r.readFloats(xs, n);
    for (let i = 0; i < got; i++) if (!isFinite(xs[i])) return job.fail(ErrorCode.BAD_ARGUMENT, 'xs must be finite', 'xs');
    if (got !== n) return job.fail(ErrorCode.BAD_ARGUMENT, 'xs must be a number', 'xs');
    if (nChannels < 0) for (let i = 0; i < n; i++) job.channels[i] = i;
    job.count = n;
    return PARSED;
  },
  /*
   * Espruino runs the source text itself, so a branch not taken still costs the reading of its
   * text: the phases are tested in the order a timer callback meets them (the read that ends an
   * evaluation, then the next one's pulses), and the once-per-batch plan is a call.
   */
  step(fw: OpContext, job: Job): number {
    for (;;) {
      const ph = job.phase;
      if (ph === PH_READ) {
        const w = fw.readSeq.step(job);
        if (w !== DONE) return w;
        // activationY inline: y = (R − rLow)/(rHigh − rLow) clamped to [0, 1]
        const at = job.channels[job.index] * CAL_FIELDS_INT;
        const ints = fw.cal.ints;
        const rLow = ints[at + CAL_R_LOW];
        const y = (fw.readSeq.rHallMilliOhm - rLow) / (ints[at + CAL_R_HIGH] - rLow);
        job.ys[job.index] = y < 0 ? 0 : y > 1 ? 1 : y;
        fw.activations++;
        if (++job.index >= job.count) return DONE;
        startPulses(fw, job, job.index);
        job.phase = PH_PULSE;
      } else if (ph === PH_PULSE) {
        const w = fw.pulseSeq.step(job);
        if (w !== DONE) return w;
        const ch = job.channels[job.index];
        fw.lastSetUa[ch] = job.ints[job.index];
        fw.readSeq.start(ch);
        job.phase = PH_READ;
        // the channel was just pulsed: it is connected and its settling restarted as the pulse
        // ended, so in fixed mode the read is settleMs away (what ReadSeq.step would answer
        // now, for a call and its statements per evaluation)
        const cfg = fw.config;
        if (cfg.settleMode === SETTLE_FIXED && cfg.settleMs > 0) return cfg.settleMs;
      } else {
        if (plan(fw, job) !== 0) return FAILED;
        job.index = 0;
        startPulses(fw, job, 0);
        job.phase = PH_PULSE;
      }
    }
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.arrayHeader(job.count);
    for (let i = 0; i < job.count; i++) w.f32(job.ys[i]);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};


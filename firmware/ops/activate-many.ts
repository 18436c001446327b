/**
 * activateMany [channels | null, xs] → [ys, deviceTimeMs] (xs and ys packed f32le, protocol/f32le.ts):
 * one evaluation per x, on the given
 * channels (null: channels 0..n−1), in order. Every channel must be calibrated; in guard
 * refuse mode every pulse of the batch is checked against its channel's guard before the
 * first one fires, so the request either runs whole or not at all.
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_FIELDS_INT, CAL_I_HIGH, CAL_I_LOW, CAL_RESET, CAL_R_HIGH, CAL_R_LOW, CAL_WIDTH } from '../core/cal-store';
import { NO_RESET } from '../core/pulse-seq';
import { GUARD_REFUSE, SETTLE_FIXED } from '../core/config';
import { MAX_PULSE_DELAY_MS } from '../hal';
import type { OpContext } from '../core/op-context';
import { DONE, FAILED, Job } from '../core/job';
import { readActivateManyArgs } from './readers';
import type { OpHandler } from './op';

/**
 * Phase 0 (a new job's) is the batch's plan and check. PH_SETTLED: evaluation job.index's
 * pulses fired by the straight-line fire step, its read due once settled (fixed mode);
 * PH_PULSE and PH_READ: the same through PulseSeq and ReadSeq (guard step, stable mode, or a
 * pulse that had to wait for a timer).
 */
const PH_SETTLED = 1;
const PH_PULSE = 2;
const PH_READ = 3;

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
  // activationCurrentUa, resetCurrentUa and Params.pulseEnergyMj inline (per x, a call costs the
  // interpreter more than these sums)
  const cal = fw.cal;
  const ints = cal.ints;
  const p = fw.params;
  const n = p.channels;
  const max = p.maxCurrentUa;
  const k = fw.guard.energyK;
  const minW = p.minWidthUs;
  const maxW = p.maxWidthUs;
  const energy = job.energyMj;
  const last = job.lastUa;
  energy.fill(0);
  last.set(fw.lastSetUa);
  const chans = job.channels;
  const xs = job.xs;
  const uas = job.ints;
  const mask = cal.validMask;
  const xMins = cal.xMin;
  const xMaxs = cal.xMax;
  const guard = fw.guard;
  const limit = p.guardLimitMj;
  const stress = guard.stressMj;
  const next = guard.nextAllowedMs;
  const now = fw.hal.nowMs();
  // set when a channel's share, with its booked stress and gap, might not fit: only then is the
  // guard asked channel by channel (stress only relaxes from its booked value, so a share that
  // fits the booked one fits; waitMs would answer 0 for it too)
  let ask = false;
  const count = job.count;
  for (let i = 0; i < count; i++) {
    const ch = chans[i];
    if ((mask & (1 << ch)) === 0) return job.fail(ErrorCode.NOT_CALIBRATED, 'channel ' + ch + ' is not calibrated: run calibrate first', 'channels');
    const at = ch * CAL_FIELDS_INT;
    const xMin = xMins[ch];
    const xMax = xMaxs[ch];
    const x = xs[i];
    const xc = x < xMin ? xMin : x > xMax ? xMax : x;
    const lo = ints[at + CAL_I_LOW];
    let ua = Math.round(lo + ((xc - xMin) / (xMax - xMin)) * (ints[at + CAL_I_HIGH] - lo));
    ua = ua > max ? max : ua < -max ? -max : ua;
    uas[i] = ua;
    const width = ints[at + CAL_WIDTH];
    // the source stage's limits, for every pulse of the batch before the first fires (the
    // straight-line fire step relies on them): SET is clamped above; width and RESET come from
    // the calibration
    if (!(width >= minW && width <= maxW)) return job.fail(ErrorCode.INTERNAL, 'pulse outside limits reached the source stage', 'widthUs');
    // the guard's energy of the group, as ThermalGuard.record books it: k · ua² · widthUs per pulse
    let sq = ua * ua;
    if (!(ua > last[ch])) {
      let r = ints[at + CAL_RESET];
      if (!(r >= -max && r <= max)) return job.fail(ErrorCode.INTERNAL, 'pulse outside limits reached the source stage', 'currentUa');
      if (r === 0) r = -max;
      sq += r * r;
    }
    const e = (energy[ch] += sq * width * k);
    if (stress[ch] + e > limit || next[ch] > now) ask = true;
    last[ch] = ua;
  }
  job.admitted = true;
  if (!ask || !fw.config.thermalGuard) return 0;
  for (let ch = 0; ch < n; ch++) {
    const e = energy[ch];
    if (e > 0 && guard.waitMs(ch, e, now) !== 0) {
      if (fw.config.guardMode === GUARD_REFUSE) {
        return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + ch + ' must cool before this batch; nothing was pulsed', 'channels');
      }
      job.admitted = false;
      return 0;
    }
  }
  return 0;
}

export const activateMany: OpHandler = {
  // the spec's reader (protocol/ops.ts): channels null or 1..channels channels, xs 1..channels finite f32le values, the same length
  parse: readActivateManyArgs,
  /*
   * Espruino runs the source text itself, so a branch not taken still costs the reading of its
   * text, and a call, its lookups and its fields cost more than the lines they run: a timer
   * callback of a batch admitted whole in fixed settle mode (the default) runs straight
   * through, in this one function — the settled read of evaluation i and its y, then evaluation
   * i + 1's SET or RESET+SET fired inline, then the settle wait — with the HAL calls, their order
   * and their values of ReadSeq.step and PulseSeq's fire step. Other batches (the guard asked
   * per group, stable settle mode) and a pulse that must wait longer than the hardware-timed
   * delay go through PulseSeq and ReadSeq. The once-per-batch plan is a call.
   */
  step(fw: OpContext, job: Job): number {
    const cfg = fw.config;
    const src = fw.source;
    const hal = fw.hal;
    const ints = fw.cal.ints;
    const p = fw.params;
    // the time read last: a read's settle check, the plan, then each pulse's end (the next
    // pulse's delay is counted from there; the µs since then only lengthen the waits it gives)
    let now = 0;
    for (;;) {
      const ph = job.phase;
      let i = job.index;
      let ch = job.channels[i];
      if (ph === PH_SETTLED || ph === PH_READ) {
        let rHall = 0;
        if (ph === PH_SETTLED) {
          // ReadSeq.step in fixed mode: the channel still connected after its pulse, settled
          if ((src.selected !== ch || !src.enabled) && !src.select(ch)) return job.fail(ErrorCode.HARDWARE, src.selectFault(ch), 'channel');
          now = hal.nowMs();
          const settledFor = now - src.settleStartMs;
          if (settledFor < cfg.settleMs) return cfg.settleMs - settledFor;
          const n = cfg.adcSamples;
          rHall = Math.round(p.rPerCountMilliOhm * (hal.readAdcSum(n) / n) + p.rAtZeroCountsMilliOhm);
        } else {
          const w = fw.readSeq.step(job);
          if (w !== DONE) return w;
          rHall = fw.readSeq.rHallMilliOhm;
          now = hal.nowMs();
        }
        // activationY inline: y = (R − rLow)/(rHigh − rLow) clamped to [0, 1]
        const at = ch * CAL_FIELDS_INT;
        const rLow = ints[at + CAL_R_LOW];
        const y = (rHall - rLow) / (ints[at + CAL_R_HIGH] - rLow);
        job.ys[i] = y < 0 ? 0 : y > 1 ? 1 : y;
        fw.activations++;
        if (++i >= job.count) return DONE;
        job.index = i;
        ch = job.channels[i];
      } else if (ph === PH_PULSE) {
        const w = fw.pulseSeq.step(job);
        if (w !== DONE) return w;
        fw.lastSetUa[ch] = job.ints[i];
        fw.readSeq.start(ch);
        job.phase = PH_READ;
        continue;
      } else {
        if (plan(fw, job) !== 0) return FAILED;
        now = hal.nowMs();
      }
      // evaluation i's SET or RESET+SET (the rule of setReset, Fig. 3c; resetCurrentUa inline)
      const setUa = job.ints[i];
      const at = ch * CAL_FIELDS_INT;
      const width = ints[at + CAL_WIDTH];
      const max = p.maxCurrentUa;
      let resetUa = NO_RESET;
      if (!(setUa > fw.lastSetUa[ch])) {
        resetUa = ints[at + CAL_RESET];
        if (resetUa === 0) resetUa = -max;
      }
      job.phase = PH_PULSE;
      let k = 0;
      if (job.admitted && cfg.settleMode === SETTLE_FIXED) {
        // PulseSeq's fire step for each pulse of the group (no guard step: admitted whole; the
        // limits of every pulse checked by the plan), the channel selected once for the group
        if ((src.selected !== ch || !src.enabled) && !src.select(ch)) return job.fail(ErrorCode.HARDWARE, src.selectFault(ch), 'channel');
        const guard = fw.guard;
        const fullScaleUa = p.board.dac.fullScaleUa;
        const maxCode = p.dacMaxCode;
        const total = resetUa === NO_RESET ? 1 : 2;
        for (; k < total; k++) {
          const ua = k < total - 1 ? resetUa : setUa;
          let d = src.switchedAtMs + p.switchSettleMs - now;
          const gap = guard.nextAllowedMs[ch] - now;
          if (gap > d) d = gap;
          // longer than the hardware-timed delay: PulseSeq takes the group from this pulse on
          if (d > MAX_PULSE_DELAY_MS) break;
          const negative = ua < 0;
          let code = Math.round(((negative ? -ua : ua) / fullScaleUa) * maxCode);
          if (code > maxCode) code = maxCode;
          hal.pulse(code, negative, width, d > 0 ? Math.ceil(d * 1000) : 0);
          // settling restarts as the pulse ends; the guard books it as ending then
          now = hal.nowMs();
          guard.record(ch, ua, width, now);
        }
        if (k > 0) {
          src.firedCount += k;
          src.firedPerChannel[ch] += k;
          src.settleStartMs = now;
        }
        if (k === total) {
          fw.lastSetUa[ch] = setUa;
          job.phase = PH_SETTLED;
          return cfg.settleMs;
        }
      }
      fw.pulseSeq.start(ch, resetUa, setUa, width, job.admitted);
      fw.pulseSeq.fired = k;
    }
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.bytes(new Uint8Array(job.ys.buffer), 0, 4 * job.count);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};


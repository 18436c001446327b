/**
 * activateMany [channels | null, xs] → [ys, deviceTimeMs] (xs and ys packed f32le, protocol/f32le.ts):
 * one evaluation per x, on the given
 * channels (null: channels 0..n−1), in order. Every channel must be calibrated; in guard
 * refuse mode every pulse of the batch is checked against its channel's guard before the
 * first one fires, so the request either runs whole or not at all.
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode } from '../../protocol/ops';
import { CAL_GAP_US, CAL_I_HIGH, CAL_I_LOW, CAL_RESET_CODE, CAL_RESET_FIRED, CAL_RESET_SQ, CAL_R_HIGH, CAL_R_LOW, CAL_STRIDE, CAL_WIDTH } from '../core/cal-store';
import { NO_RESET } from '../core/pulse-seq';
import { GUARD_REFUSE, SETTLE_FIXED } from '../core/config';
import { NO_CHANNEL } from '../core/source';
import { MAX_PULSE_DELAY_MS } from '../hal';
import type { OpContext } from '../core/op-context';
import { DONE, FAILED, Job, SCHEDULED, THREW } from '../core/job';
import { activationY } from './activation';
import { readActivateManyArgs } from './readers';
import type { OpHandler } from './op';

/**
 * Phase 0 (a new job's) is the batch's plan and check. PH_SETTLED: evaluation job.index's group
 * fired by the straight-line fire step, its read due once settled (fixed mode); PH_PULSE and
 * PH_READ: the same through PulseSeq and ReadSeq (guard asked per group, stable settle mode, a
 * pulse that must wait for a timer, or a channel no longer connected when its read is due).
 */
const PH_SETTLED = 1;
const PH_PULSE = 2;
const PH_READ = 3;
/** The batch's next group is `tick`'s to fire (the first one, or after a read through ReadSeq). */
const PH_FIRE = 4;

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
  // activationCurrentUa and Params.pulseEnergyMj inline (per x, a call costs the interpreter more
  // than these sums); the RESET's current and square from the calibration's derived fields
  const cal = fw.cal;
  const ints = cal.ints;
  const p = fw.params;
  const n = p.channels;
  const k = fw.guard.energyK;
  const energy = job.energyMj;
  const last = job.lastUa;
  energy.fill(0);
  last.set(fw.lastSetUa);
  const chans = job.channels;
  const xs = job.xs;
  const uas = job.ints;
  const resets = job.resets;
  const groupMj = job.groupMj;
  const mask = cal.validMask;
  const xMins = cal.xMin;
  const xMaxs = cal.xMax;
  const guard = fw.guard;
  const limit = p.guardLimitMj;
  const stress = guard.stressMj;
  const next = guard.nextAllowedMs;
  const now = fw.hal.nowMs();
  const codes = job.setCodes;
  const fullScaleUa = p.board.dac.fullScaleUa;
  const maxCode = p.dacMaxCode;
  // set when a channel's share, with its booked stress and gap, might not fit: only then is the
  // guard asked channel by channel (stress only relaxes from its booked value, so a share that
  // fits the booked one fits; waitMs would answer 0 for it too)
  let ask = false;
  const count = job.count;
  for (let i = 0; i < count; i++) {
    const ch = chans[i];
    if ((mask & (1 << ch)) === 0) return job.notCalibrated(ch, 'channels');
    // a calibrated channel's currents are within ±max and its width within the limits (calPut
    // and CalStore.load refuse others), so the SET current on its line is too: every pulse of
    // the batch is within the source stage's limits before the first fires
    const at = ch * CAL_STRIDE;
    const xMin = xMins[ch];
    const xMax = xMaxs[ch];
    const x = xs[i];
    const lo = ints[at + CAL_I_LOW];
    const ua = Math.round(lo + (((x < xMin ? xMin : x > xMax ? xMax : x) - xMin) / (xMax - xMin)) * (ints[at + CAL_I_HIGH] - lo));
    uas[i] = ua;
    // the SET's DAC code, Params.dacCode inline (at most the max code: |ua| ≤ max ≤ full scale)
    codes[i] = ua < 0 ? -(((-ua / fullScaleUa) * maxCode + 0.5) | 0) : ((ua / fullScaleUa) * maxCode + 0.5) | 0;
    // the group (SET, or RESET+SET after a current at least as high: setReset's rule, Fig. 3c) and
    // its energy as ThermalGuard.record books it: k · ua² · widthUs per pulse
    let sq = ua * ua;
    if (ua > last[ch]) resets[i] = NO_RESET;
    else {
      resets[i] = ints[at + CAL_RESET_FIRED];
      sq += ints[at + CAL_RESET_SQ];
    }
    const e = (energy[ch] += groupMj[i] = sq * ints[at + CAL_WIDTH] * k);
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

/**
 * The timer callback of a batch admitted whole in fixed settle mode (the default), bound to the
 * firmware and the job once (job.timerCallback): the settled read of evaluation i and its y, then
 * evaluation i + 1's group (SET, or RESET and SET in one HAL call) and its one booking with the
 * guard, then its own timer for the settle wait. Espruino runs the source text itself, so a
 * call, its lookups and a branch's text cost more than the lines they run: this runs straight
 * through without the executor's loop and the step's dispatch between the timer and the work.
 * What it does not do it hands back to the executor (`fw.resume`): the end of the batch, a fault,
 * a read whose channel is no longer connected (ReadSeq), a pulse that must wait longer than the
 * hardware-timed delay (PulseSeq).
 */
function tick(fw: OpContext, job: Job): void {
  // what the executor is handed when this returns (SCHEDULED: nothing, the next timer is set), and
  // an exception caught in this callback's own work
  let w = SCHEDULED;
  let error: unknown = undefined;
  try {
    const hal = fw.hal;
    const src = fw.sourceStage;
    const cfg = fw.config;
    const cal = fw.cal.ints;
    let i = job.index;
    let ch = job.channels[i];
    // the time now (a pulse's delay is counted from it; no later than the clock)
    let now = 0;
    if (job.phase === PH_SETTLED) {
      // the channel made safe while it settled: read through ReadSeq (the step)
      if (!src.enabled || src.selected !== ch) {
        w = 0;
        return;
      }
      // ReadSeq.step in fixed mode, inline. This runs from the timer set for settleMs after the
      // group ended, and a timer never runs before its time (Espruino's and the twin's
      // schedulers), so the read is settled and that due time stands for now without a clock
      // read: no later than now, it counts the next group's waits from a time no later than they
      // began
      now = src.settleStartMs + cfg.settleMs;
      const n = cfg.adcSamples;
      const p = fw.params;
      const rHall = Math.round(p.rPerCountMilliOhm * (hal.readAdcSum(n) / n) + p.rAtZeroCountsMilliOhm);
      // activationY inline: y = (R − rLow)/(rHigh − rLow) clamped to [0, 1]
      const at = ch * CAL_STRIDE;
      const rLow = cal[at + CAL_R_LOW];
      const y = (rHall - rLow) / (cal[at + CAL_R_HIGH] - rLow);
      job.ys[i] = y < 0 ? 0 : y > 1 ? 1 : y;
      fw.activations++;
      if (++i >= job.count) {
        w = DONE;
        return;
      }
      job.index = i;
      ch = job.channels[i];
    } else now = hal.nowMs();
    // evaluation i's group, as the plan decided it (resetUa: NO_RESET for a SET alone): PulseSeq's
    // fire step (no guard step: admitted whole; every pulse's limits checked by the plan): the
    // channel selected (Source.select inline), the pulse after the selector's settle and the fast
    // network's gap since the channel's last pulse; a RESET's SET the gap after it
    const resetUa = job.resets[i];
    const at = ch * CAL_STRIDE;
    const width = cal[at + CAL_WIDTH];
    if (src.selected !== ch || !src.enabled) {
      if (hal.connect(ch) !== ch) {
        src.enabled = false;
        src.selected = NO_CHANNEL;
        w = job.fail(ErrorCode.HARDWARE, src.selectFault(ch), 'channel');
        return;
      }
      src.enabled = true;
      src.selected = ch;
      src.switchedAtMs = now;
    }
    const guard = fw.guard;
    let d = src.switchedAtMs + fw.params.switchSettleMs - now;
    const gap = guard.nextAllowedMs[ch] - now;
    if (gap > d) d = gap;
    const gapMs = cal[at + CAL_GAP_US] / 1000;
    if (d <= MAX_PULSE_DELAY_MS && gapMs <= MAX_PULSE_DELAY_MS) {
      const code = job.setCodes[i];
      // the group's pulses counted as the source's counters count them (1 or 2)
      let k = 2;
      if (resetUa !== NO_RESET) now = hal.pulsePair(cal[at + CAL_RESET_CODE], code, width, d > 0 ? d : 0, gapMs);
      else {
        now = hal.pulse(code < 0 ? -code : code, code < 0, width, d > 0 ? d : 0);
        k = 1;
      }
      // settling restarts as the group ends (`now`, the time the HAL read as it did); the guard
      // books it as ending then. ThermalGuard.record inline (its call and four arguments cost
      // more than its three lines; tests/firmware/dispatcher.test.ts holds the two equal). The
      // clock never runs back, so the gap from now is the latest
      const stress = guard.stressMj;
      const s0 = stress[ch];
      stress[ch] = (s0 === 0 ? 0 : s0 * Math.exp((guard.stressAtMs[ch] - now) / guard.tauMs)) + job.groupMj[i];
      guard.stressAtMs[ch] = now;
      guard.nextAllowedMs[ch] = now + gapMs;
      src.firedCount += k;
      src.firedPerChannel[ch] += k;
      src.settleStartMs = now;
      fw.lastSetUa[ch] = job.ints[i];
      job.phase = PH_SETTLED;
      hal.setTimeout(job.timerCallback as () => void, cfg.settleMs);
      return;
    }
    // a wait longer than the hardware-timed delay: PulseSeq (the step)
    fw.pulseSeq.start(ch, resetUa, job.ints[i], width, true);
    job.phase = PH_PULSE;
    w = 0;
  } catch (e) {
    w = THREW;
    error = e;
  } finally {
    // outside the try: what the executor runs next (the end's answer, the queue's next request)
    // is not this callback's to catch, nor to answer for
    if (w !== SCHEDULED) fw.resume(job, w, error);
  }
}

export const activateMany: OpHandler = {
  // the spec's reader (protocol/ops.ts): channels null or 1..channels channels, xs 1..channels finite f32le values, the same length
  parse: readActivateManyArgs,
  /*
   * The executor's step: the plan; a batch admitted whole in fixed settle mode then runs from
   * `tick`, its own timer callback. Other batches, and an evaluation `tick` hands back, go through
   * PulseSeq and ReadSeq here (the guard asked per group, stable settle mode, a pulse that must
   * wait longer than the hardware-timed delay, a channel no longer connected when its read is due).
   */
  step(fw: OpContext, job: Job): number {
    const ph = job.phase;
    const i = job.index;
    const ch = job.channels[i];
    if (ph === PH_SETTLED || ph === PH_READ) {
      if (ph === PH_SETTLED) {
        fw.readSeq.start(ch);
        job.phase = PH_READ;
      }
      const w = fw.readSeq.step(job);
      if (w !== DONE) return w;
      job.ys[i] = activationY(fw, ch, fw.readSeq.rHallMilliOhm);
      fw.activations++;
      if (i + 1 >= job.count) return DONE;
      job.index = i + 1;
    } else if (ph === PH_PULSE) {
      const w = fw.pulseSeq.step(job);
      if (w !== DONE) return w;
      fw.lastSetUa[ch] = job.ints[i];
      fw.readSeq.start(ch);
      job.phase = PH_READ;
      return 0;
    } else if (plan(fw, job) !== 0) return FAILED;
    if (job.admitted && fw.config.settleMode === SETTLE_FIXED) {
      // the batch's next group is tick's, from a timer (the executor waits for it to hand back)
      if (job.timerCallback === undefined) job.timerCallback = tick.bind(undefined, fw, job);
      job.phase = PH_FIRE;
      fw.hal.setTimeout(job.timerCallback, 0);
      return SCHEDULED;
    }
    // the guard asked per group, or stable settle mode: evaluation job.index's group through PulseSeq
    const next = job.index;
    const nextCh = job.channels[next];
    fw.pulseSeq.start(nextCh, job.resets[next], job.ints[next], fw.cal.ints[nextCh * CAL_STRIDE + CAL_WIDTH], job.admitted);
    job.phase = PH_PULSE;
    return 0;
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.bytes(job.ysBytes, 0, 4 * job.count);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};


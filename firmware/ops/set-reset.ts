/**
 * setReset [channel, currentUa, widthUs] → [pulses, appliedUa, waitedMs] (paper Fig. 3c):
 * a current above the channel's last one needs only the SET pulse; otherwise a RESET pulse at
 * the calibration's reset current (or −maxCurrentUa) first, then SET. The guard checks the
 * pair's energy before the first pulse, so a RESET is never left without its SET.
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { CAL_RESET_FIRED } from '../core/cal-store';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { NO_RESET } from '../core/pulse-seq';
import type { OpHandler } from './op';
import { readPulseArgs } from './readers';

/** The RESET current for `channel`: its calibration's as fired (0 there: −maxCurrentUa), else −maxCurrentUa. */
export function resetCurrentUa(fw: OpContext, channel: number): number {
  return fw.cal.has(channel) ? fw.cal.get(channel, CAL_RESET_FIRED) : -fw.params.maxCurrentUa;
}

/** True when `setUa` after `lastUa` needs the RESET pulse first (Fig. 3c). */
export function needsReset(setUa: number, lastUa: number): boolean {
  return !(setUa > lastUa);
}

/**
 * Starts the SET or RESET+SET sequence for `setUa` on `channel`; `admitted`: the caller has
 * checked the guard for this group already (see PulseSeq).
 */
export function startSetReset(fw: OpContext, channel: number, setUa: number, widthUs: number, admitted: boolean): void {
  const resetUa = needsReset(setUa, fw.lastSetUa[channel]) ? resetCurrentUa(fw, channel) : NO_RESET;
  fw.pulseSeq.start(channel, resetUa, setUa, widthUs, admitted);
}

/** Steps the sequence; books the new last current when it is done. */
export function stepSetReset(fw: OpContext, job: Job, channel: number, setUa: number): number {
  const w = fw.pulseSeq.step(job);
  if (w === DONE) fw.lastSetUa[channel] = setUa;
  return w;
}

export const setReset: OpHandler = {
  parse: readPulseArgs,
  step(fw: OpContext, job: Job): number {
    if (job.phase === 0) {
      job.phase = 1;
      startSetReset(fw, job.channel, job.currentUa, job.widthUs, false);
    }
    return stepSetReset(fw, job, job.channel, job.currentUa);
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(3);
    w.uint(fw.pulseSeq.fired);
    w.int(fw.pulseSeq.appliedUa);
    w.uint(Math.round(fw.pulseSeq.waitedMs));
  },
};

/**
 * sweep [channel, widthUs, startUa, peakUa, steps] → [points, deviceTimeMs], streaming one
 * SWEEP_POINT event [index, currentUa, adcCounts, rHallMilliOhm] per step. The currents walk
 * the loop start → peak → −peak → start in `steps` equal steps (the major loop for start 0);
 * each step is one pulse (none at 0 µA), then a settled read. The guard checks the whole loop's
 * energy before the first pulse (refused when it cannot fit), and the sweep paces itself.
 */
import type { CborWriterCore } from '../../protocol/cbor/writer-core';
import { ErrorCode, Event } from '../../protocol/ops';
import { GUARD_REFUSE } from '../core/config';
import type { OpContext } from '../core/op-context';
import { DONE, Job } from '../core/job';
import { NO_RESET } from '../core/pulse-seq';
import type { OpHandler } from './op';
import { sweepCurrentUa } from '../../protocol/sweep-loop';
import { readSweepArgs } from './readers';

const PH_CHECK = 0;
const PH_GAP = 1;
const PH_PULSE = 2;
const PH_READ = 3;

export const sweep: OpHandler = {
  parse: readSweepArgs,
  step(fw: OpContext, job: Job): number {
    for (;;) {
      if (job.phase === PH_CHECK) {
        if (fw.config.thermalGuard) {
          let e = 0;
          for (let k = 1; k <= job.count; k++) e += fw.params.pulseEnergyMj(sweepCurrentUa(job.intArg1, job.intArg2, job.count, k), job.widthUs);
          const limit = fw.params.guardLimitMj;
          if (e > limit) {
            return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: this sweep needs ' + e.toFixed(3) + ' mJ of a ' + limit.toFixed(3) + ' mJ budget; use shorter pulses or fewer steps', 'steps');
          }
          if (fw.config.guardMode === GUARD_REFUSE && fw.guard.waitMs(job.channel, e, fw.hal.nowMs()) > 0) {
            return job.fail(ErrorCode.THERMAL_GUARD, 'thermal guard: channel ' + job.channel + ' must cool before this sweep', 'channel');
          }
        }
        job.index = 0;
        job.phase = PH_GAP;
      } else if (job.phase === PH_GAP) {
        if (job.index >= job.count) return DONE;
        job.currentUa = sweepCurrentUa(job.intArg1, job.intArg2, job.count, job.index + 1);
        job.phase = PH_PULSE;
        if (job.currentUa !== 0) {
          const gap = fw.guard.gapWaitMs(job.channel, fw.hal.nowMs());
          fw.pulseSeq.start(job.channel, NO_RESET, job.currentUa, job.widthUs, false);
          if (gap > 0) return gap;
        }
      } else if (job.phase === PH_PULSE) {
        if (job.currentUa !== 0) {
          const w = fw.pulseSeq.step(job);
          if (w !== DONE) return w;
          fw.lastSetUa[job.channel] = job.currentUa;
        }
        fw.readSeq.start(job.channel);
        job.phase = PH_READ;
      } else {
        const w = fw.readSeq.step(job);
        if (w !== DONE) return w;
        const rs = fw.readSeq;
        const ev = fw.beginEvent(Event.SWEEP_POINT, 4);
        ev.uint(job.index);
        ev.int(job.currentUa);
        ev.uint(rs.adcCounts);
        ev.int(rs.rHallMilliOhm);
        fw.sendEvent();
        job.index++;
        job.phase = PH_GAP;
      }
    }
  },
  result(fw: OpContext, job: Job, w: CborWriterCore): void {
    w.arrayHeader(2);
    w.uint(job.index);
    w.uint(Math.round(fw.hal.nowMs() - job.startMs));
  },
};

/**
 * The device time a real board needs per live example, as the models set it (PHYSICS §4, §5):
 *  - settling: one lock-in reads the ten devices one after another, each after a channel
 *    change, so an example takes at least channels × settleMs;
 *  - thermal budget (steady state): each device's slow stress S relaxes with τ_stress and may
 *    not exceed guardFraction·S_max; with E per example on a device, the period T must satisfy
 *    L·e^(−T/τ) + E ≤ L, i.e. T ≥ −τ·ln(1 − E/L).
 * The energy per example comes from the very currents the firmware applies: x mapped into the
 * channel's ΔI window (SET), plus a RESET at resetUa whenever the current is below the last.
 */
import type { BoardDefinition } from '../board/definitions/definition';
import { xToCurrentUa } from '../host/calibration/sigmoid';
import type { Calibration } from '../host/calibration/types';
import { settleTimeConstants } from '../firmware/core/settle-table';

export interface DeviceTimeLimits {
  settleLimitS: number;
  thermalLimitS: number;
  limitS: number;
  /**
   * The limit for this very sequence from a cold start: channel by channel, wait until the
   * stress guard allows the pulses (S·e^(−Δt/τ) + E ≤ L), pulse, settle and read. Mean per example.
   */
  sequenceLimitS: number;
}

function energyMj(def: BoardDefinition, currentUa: number, widthUs: number): number {
  const a = currentUa * 1e-6;
  return a * a * def.limits.channelResistanceOhm * widthUs * 1e-6 * 1000;
}

/** `xsPerExample[k][j]`: the x sent to neuron j in example k. */
export function deviceTimeLimits(def: BoardDefinition, cals: readonly Calibration[], xsPerExample: readonly (readonly number[])[]): DeviceTimeLimits {
  const settleMs = Math.ceil(settleTimeConstants(def.lockin.filterOrder, def.lockin.settleFraction) * def.lockin.timeConstantMs);
  const settleLimitS = (cals.length * settleMs) / 1000;
  const limitMj = def.limits.guardFraction * def.limits.stressMaxMj;
  const tauS = def.limits.stressTauS;
  let thermalLimitS = 0;
  cals.forEach((cal, j) => {
    let last = Number.NaN;
    let total = 0;
    for (const xs of xsPerExample) {
      const i = xToCurrentUa(cal, xs[j]);
      if (!(i >= last)) total += energyMj(def, cal.resetUa, cal.widthUs);
      total += energyMj(def, i, cal.widthUs);
      last = i;
    }
    const perExample = total / xsPerExample.length;
    thermalLimitS = Math.max(thermalLimitS, -tauS * Math.log(1 - perExample / limitMj));
  });
  // the sequence replayed through the guard rule, in device time
  const tauMs = tauS * 1000;
  const stress = cals.map(() => 0);
  const atMs = cals.map(() => 0);
  const lastUa = cals.map(() => Number.NaN);
  let tMs = 0;
  for (const xs of xsPerExample) {
    cals.forEach((cal, j) => {
      const i = xToCurrentUa(cal, xs[j]);
      const e = energyMj(def, i, cal.widthUs) + (i > lastUa[j] ? 0 : energyMj(def, cal.resetUa, cal.widthUs));
      let s = stress[j] * Math.exp(-(tMs - atMs[j]) / tauMs);
      if (s + e > limitMj) {
        tMs += tauMs * Math.log(s / (limitMj - e));
        s = limitMj - e;
      }
      stress[j] = s + e;
      atMs[j] = tMs;
      lastUa[j] = i;
      tMs += settleMs;
    });
  }
  const sequenceLimitS = xsPerExample.length ? tMs / 1000 / xsPerExample.length : Number.NaN;
  return { settleLimitS, thermalLimitS, limitS: Math.max(settleLimitS, thermalLimitS), sequenceLimitS };
}

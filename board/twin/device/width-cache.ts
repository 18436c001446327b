/**
 * What a pulse of one width needs, precomputed per device (PHYSICS §2 "fast evaluation"):
 * each grain's I50,i and slope g_i of ln ∫r dt in the current (cold start), the fast-form band
 * edges, and, on a current grid, the thermal network's end state and the Arrhenius damage dose
 * of a cold-start pulse.
 */
import type { RateConstants } from './switching';
import { LN_LN2, X_HIGH, X_LOW, lastSecant, lnRateIntegral, solveNear } from './switching';
import { drivePulse, stepDecay, STAGES, type ThermalConstants } from './thermal';

export const GRID_STEP_MA = 0.1;
export const GRID_MAX_MA = 60;
const K_B_EV_PER_K = 8.617333262e-5;

export interface WidthCache {
  readonly widthS: number;
  /** Damage D at which this cache was built (heating and I_c0 depend on it). */
  readonly builtAtDamage: number;
  readonly i50Ma: Float64Array;
  readonly gPerMa: Float64Array;
  readonly iLowMa: Float64Array;
  readonly iHighMa: Float64Array;
  /** Smallest iLow over grains: below it no grain can switch. */
  readonly minILowMa: number;
  readonly stepDecay: Float64Array;
  /** e^(−width/τ_k): how the residual heat of earlier pulses decays over this pulse. */
  readonly widthDecay: Float64Array;
  /** Cold-start end state x_k per grid current (grid index · STAGES + k). */
  readonly endX: Float64Array;
  /** Arrhenius damage dose ∫ν_D·exp(−E_D/k_B T) dt during a cold-start pulse, per grid current. */
  readonly dose: Float64Array;
}

export interface CacheInputs {
  readonly thermal: ThermalConstants;
  readonly rc: RateConstants;
  readonly steps: number;
  readonly r0Ohm: number;
  readonly damage: number;
  readonly delta: Float64Array;
  /** I_c0 with any damage reduction applied. */
  readonly ic0Ma: Float64Array;
  /** A first guess of each grain's I50 (the calibration-width thresholds) when there is no hint. */
  readonly guessMa: Float64Array;
  readonly damageEnergyEv: number;
  readonly damageRateHz: number;
}

/** Arrhenius dose over a pulse from its step temperatures. */
export function arrheniusDose(tempsK: Float64Array, steps: number, dtS: number, energyEv: number, rateHz: number): number {
  if (rateHz === 0) return 0;
  const e = energyEv / K_B_EV_PER_K;
  let tMaxK = 0;
  for (let s = 0; s < steps; s++) if (tempsK[s] > tMaxK) tMaxK = tempsK[s];
  // Bounded by the hottest step; below 10⁻¹⁸ per pulse it is not worth the exponentials.
  if (rateHz * Math.exp(-e / tMaxK) * steps * dtS < 1e-18) return 0;
  let sum = 0;
  for (let s = 0; s < steps; s++) sum += Math.exp(-e / tempsK[s]);
  return sum * dtS * rateHz;
}

export function arrheniusRate(tK: number, energyEv: number, rateHz: number): number {
  return rateHz * Math.exp(-energyEv / (K_B_EV_PER_K * tK));
}

/**
 * `hint`: a cache of the same width at a nearby damage; its I50s are the first guesses (else
 * `inp.guessMa`), from which a few secant steps find each root.
 */
export function buildWidthCache(widthS: number, inp: CacheInputs, hint?: WidthCache): WidthCache {
  const { thermal, rc, steps, r0Ohm } = inp;
  const n = inp.delta.length;
  const dtS = widthS / steps;
  const decay = new Float64Array(STAGES);
  stepDecay(thermal, widthS, steps, decay);
  const widthDecay = new Float64Array(STAGES);
  for (let k = 0; k < STAGES; k++) widthDecay[k] = Math.exp(-widthS / thermal.tauS[k]);

  // Cold-start trajectories on the current grid, shared by all grains; a grain's trial current
  // interpolates between two neighbouring rows (T is smooth in I: error ≪ 0.01 K).
  const gridCount = Math.round(GRID_MAX_MA / GRID_STEP_MA) + 1;
  const table = new Float64Array(gridCount * steps);
  const endX = new Float64Array(gridCount * STAGES);
  const dose = new Float64Array(gridCount);
  const x = new Float64Array(STAGES);
  const temps = new Float64Array(steps);
  for (let j = 0; j < gridCount; j++) {
    x.fill(0);
    drivePulse(thermal, r0Ohm, j * GRID_STEP_MA * 1e-3, steps, decay, x, temps);
    table.set(temps, j * steps);
    endX.set(x, j * STAGES);
    dose[j] = arrheniusDose(temps, steps, dtS, inp.damageEnergyEv, inp.damageRateHz);
  }
  const lnPhiAt = (iMa: number, ic0: number, d: number): number => {
    if (iMa >= GRID_MAX_MA) {
      x.fill(0);
      drivePulse(thermal, r0Ohm, iMa * 1e-3, steps, decay, x, temps);
    } else {
      const pos = iMa / GRID_STEP_MA;
      const j0 = Math.floor(pos);
      const w = pos - j0;
      const a = j0 * steps;
      const b = a + steps;
      for (let k = 0; k < steps; k++) temps[k] = table[a + k] + w * (table[b + k] - table[a + k]);
    }
    return lnRateIntegral(iMa, ic0, d, temps, steps, dtS, rc);
  };

  const i50Ma = new Float64Array(n);
  const gPerMa = new Float64Array(n);
  const iLowMa = new Float64Array(n);
  const iHighMa = new Float64Array(n);
  let minILowMa = Infinity;
  const hMa = 0.02;
  let shiftSum = 0;
  for (let i = 0; i < n; i++) {
    const ic0 = inp.ic0Ma[i];
    const d = inp.delta[i];
    // At |I| ≥ I_c0 the barrier is gone (κ ≤ 1), so the root lies in (0, I_c0].
    const f = (iMa: number): number => lnPhiAt(iMa, ic0, d) - LN_LN2;
    // Without a hint, the calibration-width threshold plus the mean shift seen so far.
    const guess = hint !== undefined ? hint.i50Ma[i] : inp.guessMa[i] + (i > 0 ? shiftSum / i : 0);
    const i50 = solveNear(f, guess, 0.05, 0, ic0, 1e-5);
    if (hint === undefined) shiftSum += i50 - inp.guessMa[i];
    // Slope of ln∫r dt at the root: the solver's last secant when it was close enough
    // (|Δx| ≤ 0.05 mA: curvature error < 0.1 %), else a central difference.
    const g = lastSecant.slope > 0 ? lastSecant.slope
      : (lnPhiAt(i50 + hMa, ic0, d) - lnPhiAt(Math.max(0, i50 - hMa), ic0, d)) / (i50 + hMa - Math.max(0, i50 - hMa));
    const gSafe = g > 1e-6 ? g : 1e-6;
    i50Ma[i] = i50;
    gPerMa[i] = gSafe;
    iLowMa[i] = i50 + X_LOW / gSafe;
    iHighMa[i] = i50 + X_HIGH / gSafe;
    if (iLowMa[i] < minILowMa) minILowMa = iLowMa[i];
  }

  return {
    widthS, builtAtDamage: inp.damage, i50Ma, gPerMa, iLowMa, iHighMa, minILowMa,
    stepDecay: decay, widthDecay, endX, dose,
  };
}

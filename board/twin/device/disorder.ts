/**
 * One device's draw (PHYSICS §1): device-to-device spread, each grain's thermal stability Δ_i,
 * its 5 µs switching current from a stratified logistic, and I_c0,i by inverting the rate form.
 */
import type { GrainLayout } from './geometry';
import { currentDensityFactor } from './geometry';
import type { DeviceParams } from './params';
import type { Sfc32 } from './rng';
import { LN_LN2, lnRateIntegral, solveNear, type RateConstants } from './switching';
import { drivePulse, stepDecay, STAGES, type ThermalConstants } from './thermal';

export interface DeviceDraw {
  /** Hall offset from probe misalignment, undamaged. */
  readonly rOffOhm: number;
  readonly deltaRAheOhm: number;
  /** I50 of this device over the nominal one. */
  readonly i50Scale: number;
  /** Sheet resistance of this device over the nominal one. */
  readonly sheetScale: number;
}

export interface GrainDisorder {
  readonly delta: Float64Array;
  /** Device current (mA) that switches the grain with 50 % probability in a cold calibration-width pulse. */
  readonly iSwCalMa: Float64Array;
  /** Zero-temperature critical current (device current, mA). */
  readonly ic0Ma: Float64Array;
}

const positive = (v: number): number => Math.max(0.2, v);

export function drawDevice(p: DeviceParams, rng: Sfc32): DeviceDraw {
  return {
    rOffOhm: p.rOffSdOhm * rng.normal(),
    deltaRAheOhm: p.deltaRAheOhm * positive(1 + p.deltaRAheRelSd * rng.normal()),
    i50Scale: positive(1 + p.i50RelSd * rng.normal()),
    sheetScale: positive(1 + p.sheetResistanceRelSd * rng.normal()),
  };
}

/** Logistic quantile in units of the scale. */
const logit = (u: number): number => Math.log(u / (1 - u));

export function drawGrainDisorder(
  p: DeviceParams,
  rng: Sfc32,
  layout: GrainLayout,
  device: DeviceDraw,
  thermal: ThermalConstants,
  r0Ohm: number,
  rc: RateConstants,
): GrainDisorder {
  const n = p.grainCount;
  const delta = new Float64Array(n);
  for (let i = 0; i < n; i++) delta[i] = p.deltaMean * positive(1 + p.deltaRelSd * rng.normal());

  // Each grain's local threshold is random; the current it needs from the source is that over
  // its local current-density factor, so centre grains rank lower. The ranks then receive the
  // stratified logistic quantiles, so the device-level statistics (I50, ΔI99) stay as tabulated.
  const needed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const local = 1 + p.localThresholdRelSd * rng.normal();
    needed[i] = local / currentDensityFactor(layout.yUm[i], layout.widthUm, p.centreCurrentRatio);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => needed[a] - needed[b] || a - b);
  const iSwCalMa = new Float64Array(n);
  const shiftMa = p.i50At5UsMa * (device.i50Scale - 1);
  const uMin = 0.1 / n;
  for (let k = 0; k < n; k++) {
    const u = Math.min(1 - uMin, Math.max(uMin, (k + rng.next()) / n));
    iSwCalMa[order[k]] = p.i50At5UsMa + shiftMa + p.logisticScaleMa * logit(u);
  }

  // Invert the rate form at the calibration width, cold start, for I_c0,i.
  const steps = p.pulseSteps;
  const widthS = p.calibrationWidthUs * 1e-6;
  const dtS = widthS / steps;
  const decay = new Float64Array(STAGES);
  stepDecay(thermal, widthS, steps, decay);
  const x = new Float64Array(STAGES);
  const temps = new Float64Array(steps);
  const ic0Ma = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const iMa = iSwCalMa[i];
    x.fill(0);
    const tEndK = drivePulse(thermal, r0Ohm, iMa * 1e-3, steps, decay, x, temps);
    const d = delta[i];
    // Sharrock at the pulse's end temperature, over a third of the pulse: a first guess.
    const kappa = Math.max(0.05, 1 - (tEndK - rc.t0K) / (rc.tCurieK - rc.t0K));
    const red = 1 - (Math.log((rc.f0Hz * widthS) / 3 / Math.LN2) * tEndK) / (d * rc.t0K * kappa);
    const guess = red > 0.05 ? iMa / (kappa * red) : 2 * iMa;
    ic0Ma[i] = solveNear((ic0) => LN_LN2 - lnRateIntegral(iMa, ic0, d, temps, steps, dtS, rc), guess, 0.2, iMa, 50 * iMa, 1e-6);
  }
  return { delta, iSwCalMa, ic0Ma };
}

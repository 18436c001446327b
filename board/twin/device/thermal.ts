/**
 * The five-stage thermal RC network of PHYSICS §4: T = T0 + k_th·Σ x_k,
 * dx_k/dt = (P·R_k − x_k)/τ_k, driven by P = I²·R(T), R(T) = R0·(1 + α(T − T0)).
 * Updates are exact exponentials for piecewise-constant power.
 */
import type { DeviceParams } from './params';

export const STAGES = 5;

export interface ThermalConstants {
  readonly rKPerW: Float64Array;
  readonly tauS: Float64Array;
  readonly kTh: number;
  readonly t0K: number;
  readonly alphaPerK: number;
}

export function thermalConstants(p: DeviceParams): ThermalConstants {
  return {
    rKPerW: Float64Array.of(p.thermalR1KPerW, p.thermalR2KPerW, p.thermalR3KPerW, p.thermalR4KPerW, p.thermalR5KPerW),
    tauS: Float64Array.of(p.thermalTau1S, p.thermalTau2S, p.thermalTau3S, p.thermalTau4S, p.thermalTau5S),
    kTh: p.kTh,
    t0K: p.tKelvin,
    alphaPerK: p.alphaPerK,
  };
}

/** Temperature rise k_th·Σ x_k of a stage state. */
export function riseK(c: ThermalConstants, x: Float64Array): number {
  return c.kTh * (x[0] + x[1] + x[2] + x[3] + x[4]);
}

/** Free cooling for dtS: x_k ← x_k·e^(−dt/τ_k); tiny residues are cleared. */
export function coolStages(c: ThermalConstants, x: Float64Array, dtS: number): void {
  for (let k = 0; k < STAGES; k++) {
    const v = x[k];
    if (v === 0) continue;
    const r = dtS / c.tauS[k];
    x[k] = r > 60 ? 0 : v * Math.exp(-r);
  }
}

/** Per-step decay factors e^(−dt/τ_k) for a pulse of widthS cut into `steps` steps. */
export function stepDecay(c: ThermalConstants, widthS: number, steps: number, out: Float64Array): void {
  const dt = widthS / steps;
  for (let k = 0; k < STAGES; k++) out[k] = Math.exp(-dt / c.tauS[k]);
}

/**
 * Drives the network through a constant-current pulse, `steps` steps of width/steps each,
 * power from the temperature at each step's start. Mutates x to the end state and writes each
 * step's mean temperature (K) into tempsK (when given). Returns the peak temperature (K).
 */
export function drivePulse(
  c: ThermalConstants,
  r0Ohm: number,
  currentA: number,
  steps: number,
  decay: Float64Array,
  x: Float64Array,
  tempsK: Float64Array | null,
): number {
  const i2 = currentA * currentA;
  let t = c.t0K + riseK(c, x);
  let peakK = t;
  for (let s = 0; s < steps; s++) {
    const powerW = i2 * r0Ohm * (1 + c.alphaPerK * (t - c.t0K));
    let sum = 0;
    for (let k = 0; k < STAGES; k++) {
      const d = decay[k];
      const v = x[k] * d + powerW * c.rKPerW[k] * (1 - d);
      x[k] = v;
      sum += v;
    }
    const tEnd = c.t0K + c.kTh * sum;
    if (tempsK !== null) tempsK[s] = 0.5 * (t + tEnd);
    t = tEnd;
    if (t > peakK) peakK = t;
  }
  return peakK;
}

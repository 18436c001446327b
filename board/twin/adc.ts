/**
 * The MCU ADC reading the lock-in aux output through a divider/level shift (PHYSICS §5):
 * V_adc = offsetV + gain·V_aux, quantised to `bits` over 0..referenceV, with Gaussian noise of
 * `noiseRmsCounts`, clipped to 0..2^bits − 1. `analogRead` returns counts / (2^bits − 1).
 */
import type { Rng } from './rng';

export interface AdcParams {
  bits: number;
  referenceV: number;
  gain: number;
  offsetV: number;
  noiseRmsCounts: number;
}

export class Adc {
  readonly params: Readonly<AdcParams>;
  readonly maxCount: number;
  private readonly rng: Rng;

  constructor(params: AdcParams, rng: Rng) {
    this.params = { ...params };
    this.maxCount = Math.pow(2, params.bits) - 1;
    this.rng = rng;
  }

  /** Counts for an aux-output voltage. */
  counts(auxV: number): number {
    const p = this.params;
    const vAdc = p.offsetV + p.gain * auxV;
    let c = (vAdc / p.referenceV) * this.maxCount;
    if (p.noiseRmsCounts > 0) c += p.noiseRmsCounts * this.rng.gaussian();
    c = Math.round(c);
    return c <= 0 ? 0 : c > this.maxCount ? this.maxCount : c;
  }

  /** What Espruino's analogRead returns: 0..1. */
  fraction(auxV: number): number {
    return this.counts(auxV) / this.maxCount;
  }
}

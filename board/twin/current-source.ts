/**
 * Howland current pump driven by the DAC (PHYSICS §6): I = fullScale · DAC fraction, sign from
 * the polarity line (high = negative), clipped at the compliance: |I| ≤ V_comp / R_load
 * (R_load = device resistance + DEMUX on-resistance). A gate pulse shorter than the rise time
 * does not reach full amplitude (linear ramp: I · width / rise). `dead` (the `dead-dac`
 * fault) means no current at all.
 */
import type { Mcp48x2Dac } from './dac';

export interface CurrentSourceParams {
  fullScaleUa: number;
  complianceV: number;
  riseTimeNs: number;
}

export class CurrentSource {
  readonly params: Readonly<CurrentSourceParams>;
  /** Polarity line level: 1 = negative current. */
  polarity: 0 | 1 = 0;
  dead = false;
  /** |I| was limited by the compliance on the last pulse. */
  lastClipped = false;
  private readonly dac: Mcp48x2Dac;

  constructor(params: CurrentSourceParams, dac: Mcp48x2Dac) {
    this.params = { ...params };
    this.dac = dac;
  }

  /** Set-point in amperes (signed), before compliance. */
  setpointA(): number {
    if (this.dead) return 0;
    const magnitudeA = this.params.fullScaleUa * 1e-6 * this.dac.fractionOfFullScale();
    return this.polarity === 1 ? -magnitudeA : magnitudeA;
  }

  /** Current delivered into a load for a gate pulse of widthS. */
  pulseCurrentA(loadOhm: number, widthS: number): number {
    let currentA = this.setpointA();
    const limitA = loadOhm > 0 ? this.params.complianceV / loadOhm : Number.POSITIVE_INFINITY;
    this.lastClipped = Math.abs(currentA) > limitA;
    if (this.lastClipped) currentA = currentA < 0 ? -limitA : limitA;
    const riseS = this.params.riseTimeNs * 1e-9;
    if (widthS < riseS) currentA *= widthS / riseS;
    return currentA;
  }
}

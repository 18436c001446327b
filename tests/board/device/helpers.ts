import { DEVICE_DEFAULTS, HallBar, type DeviceParams } from '../../../board/twin/device';

/** Deterministic LCG for test input sequences (not the device's RNG). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

export function device(overrides: Partial<DeviceParams> = {}, seed = 1, index = 0): HallBar {
  return new HallBar({ ...DEVICE_DEFAULTS, ...overrides }, seed, index);
}

export const mean = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0) / v.length;

/**
 * The paper's live-sigmoid use of a device (Fig. 3c): each evaluation draws a current in the
 * 5 µs ΔI window (13.25–26.75 mA); when it is below the previous one a RESET pulse (−30 mA)
 * comes first. One evaluation every `intervalS` of device time. Returns the pulses fired.
 */
export function evaluate(dev: HallBar, evaluations: number, intervalS: number, startS: number, rand: () => number,
  prevMa: { value: number }): number {
  let pulses = 0;
  let t = startS;
  for (let k = 0; k < evaluations; k++) {
    const iMa = 13.25 + 13.5 * rand();
    if (iMa < prevMa.value) {
      dev.pulse(-30e-3, 5e-6, t);
      pulses++;
    }
    dev.pulse(iMa * 1e-3, 5e-6, t + 0.01);
    pulses++;
    dev.rHallOhm(t + 0.5);
    prevMa.value = iMa;
    t += intervalS;
  }
  return pulses;
}

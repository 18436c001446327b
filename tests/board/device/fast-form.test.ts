/**
 * PHYSICS §2: the fast evaluation (per-width I50,i and slope g_i, one comparison per grain)
 * stays within 0.05 mA (I50) and 0.2 mA (ΔI99) of the integrated rate form. The device uses
 * the integrated form whenever residual heat exceeds coldThresholdK; with a tiny threshold and a
 * 0.5 mA pre-pulse (≈ 0.07 K) before each step, every step of a sweep takes the integrated path
 * from an essentially cold start, so the two can be compared on the same devices.
 */
import { deltaI99Ma, midpointMa, type LoopPoint } from '../../../board/twin/device';
import { device, mean } from './helpers';

function upBranch(integrated: boolean, seed: number): LoopPoint[] {
  const dev = device({ coldThresholdK: 1e-3, model: 'physical' }, seed, 0);
  dev.saturateByField(-1);
  const out: LoopPoint[] = [];
  let t = 1;
  for (let k = 0; k <= 200; k++) {
    const iMa = 10 + 0.1 * k;
    if (integrated) dev.pulse(0.5e-3, 5e-6, t - 10e-6);
    dev.pulse(iMa * 1e-3, 5e-6, t);
    out.push({ currentMa: iMa, rHallOhm: dev.rHallOhm(t + 0.5), m: dev.magnetization() });
    t += 1;
  }
  return out;
}

describe('fast form against the integrated rate form', () => {
  it('agrees on I50 and ΔI99 at 5 µs', () => {
    const seeds = [1, 2, 3, 4];
    const fast = seeds.map((s) => upBranch(false, s));
    const slow = seeds.map((s) => upBranch(true, s));
    const i50Fast = mean(fast.map(midpointMa));
    const i50Slow = mean(slow.map(midpointMa));
    const dIFast = mean(fast.map((b) => deltaI99Ma(b)));
    const dISlow = mean(slow.map((b) => deltaI99Ma(b)));
    // Sampling noise of one 500-grain sweep adds ≈ 0.05 mA to I50 and ≈ 0.2 mA to ΔI99.
    expect(Math.abs(i50Fast - i50Slow)).toBeLessThan(0.1);
    expect(Math.abs(dIFast - dISlow)).toBeLessThan(0.4);
  });
});

/**
 * PHYSICS §3–4: the five-stage thermal network with P = I²·R(T). Peak ≈ 980 K at 30 mA for
 * 300 µs (nominal device), cooled to within 1 K by the firmware guard's minimum gaps (0.2 ms
 * after 5 µs, 3 ms after 300 µs), and heat left from a pulse shortly before lowers thresholds.
 */
import { device } from './helpers';

const nominal = { sheetResistanceRelSd: 0, model: 'physical' as const };

describe('thermal network', () => {
  it('reaches ≈ 980 K at 30 mA for 300 µs and cools by the guard gaps', () => {
    const long = device(nominal);
    long.pulse(30e-3, 300e-6, 0);
    expect(long.temperatureK(300e-6)).toBeGreaterThan(950);
    expect(long.temperatureK(300e-6)).toBeLessThan(1010);
    expect(long.temperatureK(300e-6 + 0.5e-3) - 300).toBeGreaterThan(1);
    expect(long.temperatureK(300e-6 + 3e-3) - 300).toBeLessThan(1);

    const short = device(nominal);
    short.pulse(30e-3, 5e-6, 0);
    const peak = short.temperatureK(5e-6);
    expect(peak).toBeGreaterThan(500);
    expect(peak).toBeLessThan(long.temperatureK(300e-6));
    expect(short.temperatureK(5e-6 + 0.02e-3) - 300).toBeGreaterThan(1);
    expect(short.temperatureK(5e-6 + 0.2e-3) - 300).toBeLessThan(1);
  });

  it('gives ≈ 500 Ω two-terminal cold and a higher resistance while hot (α = 10⁻³/K)', () => {
    const dev = device(nominal);
    expect(dev.resistanceOhm(0)).toBeCloseTo(500, 0);
    expect(dev.r0Ohm()).toBeCloseTo(316, 0);
    dev.pulse(30e-3, 300e-6, 1);
    const hot = dev.resistanceOhm(1 + 300e-6);
    const tK = dev.temperatureK(1 + 300e-6);
    expect(hot).toBeCloseTo(184 + 316 * (1 + 1e-3 * (tK - 300)), 0);
    expect(dev.resistanceOhm(2)).toBeCloseTo(500, 0);
  });

  it('heats more with a larger current and longer pulse', () => {
    const peaks = [10, 20, 30].map((iMa) => {
      const d = device(nominal);
      d.pulse(iMa * 1e-3, 20e-6, 0);
      return d.temperatureK(20e-6);
    });
    expect(peaks[1]).toBeGreaterThan(peaks[0]);
    expect(peaks[2]).toBeGreaterThan(peaks[1]);
    // Roughly I² (plus the R(T) feedback, which makes it grow faster).
    expect((peaks[2] - 300) / (peaks[1] - 300)).toBeGreaterThan(2.25);
  });

  it('switches more when a pulse follows the previous one closely (residual heat, integrated form)', () => {
    let warm = 0;
    let cold = 0;
    for (let seed = 1; seed <= 4; seed++) {
      for (const gapS of [10e-6, 10e-3]) {
        const dev = device({ model: 'physical' }, seed, 0);
        dev.saturateByField(1);
        dev.pulse(-27e-3, 20e-6, 0); // heats, and switches most grains
        dev.saturateByField(1); // reset the grains, keep the heat
        dev.pulse(-17e-3, 5e-6, 20e-6 + gapS);
        const switched = (1 - dev.magnetization()) / 2;
        if (gapS < 1e-3) warm += switched;
        else cold += switched;
      }
    }
    expect(warm).toBeGreaterThan(1.5 * cold);
  });
});

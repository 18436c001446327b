/**
 * PHYSICS §4/§7, paper Fig. 5c–d: the overloaded neuron (one device serving ten neurons, one
 * evaluation every 1.5 s) degrades after ≈ 1 500 examples under the default preset — its loop
 * shifts and shrinks — while a device used normally (one evaluation every 20 s, 2.4·10⁵ pulses)
 * is not harmed. The `physical` preset has no stress node, so the overload does not damage it.
 * All in device time: no test sleeps.
 */
import { sweepLoop } from '../../../board/twin/device';
import { device, evaluate, lcg } from './helpers';

describe('damage under the default preset', () => {
  it('degrades the overloaded neuron after ≈ 1 000–1 500 examples, with a ceiling', () => {
    const dev = device({}, 1, 0);
    dev.saturateByField(-1);
    const before = sweepLoop(dev, { widthS: 5e-6, minMa: -30, maxMa: 30, stepMa: 0.5, startS: 0, intervalS: 3 });
    const rand = lcg(11);
    const prev = { value: -Infinity };
    let t = before.endS + 3600;
    const dAt: Record<number, number> = {};
    let onset = -1;
    for (let example = 1; example <= 3000; example++) {
      evaluate(dev, 10, 1.5, t, rand, prev); // ten neurons on one device
      t += 15;
      if (onset < 0 && dev.damage() > 0.01) onset = example;
      if (example % 500 === 0) dAt[example] = dev.damage();
    }
    // PHYSICS: onset ≈ 1 100 (940–1 370 with ±10 % channel resistance), D ≈ 0.23 at 1 500,
    // 0.61 at 2 000, 0.70 from 3 500. Bounds are wider than the table: one device, one draw.
    expect(onset).toBeGreaterThan(700);
    expect(onset).toBeLessThan(1700);
    expect(dAt[500]).toBeLessThan(0.01);
    expect(dAt[2000]).toBeGreaterThan(0.25);
    expect(dAt[3000]).toBeGreaterThan(0.55);
    expect(dAt[3000]).toBeLessThanOrEqual(0.7 + 1e-3);
    for (let k = 1000; k <= 3000; k += 500) expect(dAt[k]).toBeGreaterThanOrEqual(dAt[k - 500]);

    // The loop after the overload (Fig. 5d inset): still a loop, but shrunk and shifted.
    dev.saturateByField(-1);
    const after = sweepLoop(dev, { widthS: 5e-6, minMa: -30, maxMa: 30, stepMa: 0.5, startS: t + 60, intervalS: 3 });
    const span = (l: typeof before): number => {
      const r = [...l.up, ...l.down].map((p) => p.rHallOhm);
      return Math.max(...r) - Math.min(...r);
    };
    const d = dev.damage();
    expect(span(after)).toBeGreaterThan(0.1 * span(before));
    expect(span(after) / span(before)).toBeCloseTo(1 - d, 1);
    const lowBefore = before.up[0].rHallOhm;
    const lowAfter = after.up[0].rHallOhm;
    expect(Math.abs(lowAfter - lowBefore)).toBeGreaterThan(0.02);
    // Higher resistance: the pump needs more voltage for the same current.
    expect(dev.resistanceOhm(t + 1e4)).toBeGreaterThan(500 * 1.05);
  });

  it('does not damage a device used normally (1 evaluation per 20 s, 2.4·10⁵ pulses)', () => {
    const dev = device({}, 1, 0);
    dev.saturateByField(-1);
    const rand = lcg(12);
    const prev = { value: -Infinity };
    let pulses = 0;
    let t = 0;
    let peakStressMj = 0;
    while (pulses < 240000) {
      pulses += evaluate(dev, 1000, 20, t, rand, prev);
      t += 1000 * 20;
      peakStressMj = Math.max(peakStressMj, dev.stressMj(t));
    }
    expect(dev.damage()).toBeLessThan(0.01);
    // PHYSICS: peak S/S_max ≈ 0.11–0.17 on this schedule.
    expect(peakStressMj / 9).toBeGreaterThan(0.05);
    expect(peakStressMj / 9).toBeLessThan(0.3);
  });

  it('counts each pulse’s energy I²·R0·τ into the stress node, which relaxes with τ = 4 h', () => {
    const dev = device({ sheetResistanceRelSd: 0 }, 1, 0);
    dev.pulse(-30e-3, 5e-6, 0);
    const expectedMj = 0.03 ** 2 * dev.r0Ohm() * 5e-6 * 1e3 * Math.exp(-(1 - 5e-6) / (4 * 3600));
    expect(dev.stressMj(1) / expectedMj).toBeCloseTo(1, 6);
    expect(dev.stressMj(4 * 3600) / dev.stressMj(1)).toBeCloseTo(Math.exp(-1), 3);
  });
});

describe('the physical preset', () => {
  it('has no stress node: the same overload leaves the device unharmed', () => {
    const dev = device({ model: 'physical' }, 1, 0);
    const rand = lcg(11);
    const prev = { value: -Infinity };
    let t = 0;
    for (let example = 1; example <= 3000; example++) {
      evaluate(dev, 10, 1.5, t, rand, prev);
      t += 15;
    }
    expect(dev.stressMj(t)).toBe(0);
    expect(dev.damage()).toBeLessThan(0.01);
  });

  it('still damages a device heated far beyond its rating (Arrhenius)', () => {
    const dev = device({ model: 'physical' }, 1, 0);
    // ±30 mA at 300 µs heats the bar to ≈ 980 K: 100 such pulses, 10 ms apart.
    for (let k = 0; k < 100; k++) dev.pulse((k % 2 ? -30 : 30) * 1e-3, 300e-6, k * 0.01);
    expect(dev.damage()).toBeGreaterThan(0.05);
  });
});

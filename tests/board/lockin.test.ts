import { CascadeLowPass, stepResponse, nebwHz, settleTimeOverTau } from '../../board/twin/lowpass';
import { LockIn, type LockInParams } from '../../board/twin/lockin';
import { Rng } from '../../board/twin/rng';

const PARAMS: LockInParams = {
  frequencyHz: 317.3,
  excitationUaRms: 50,
  tauMs: 10,
  order: 4,
  noiseNvRtHz: 4.5,
  auxScale: 60000,
  auxPreoffsetV: 0,
  auxOffsetV: 0,
  auxRangeV: 10,
  auxBits: 18,
  vacantNoiseFactor: 10,
};

describe('n-stage low-pass', () => {
  it('matches the PHYSICS §5 settling table (t/τ to 99 % and 99.9 %)', () => {
    const to99 = [4.6, 6.6, 8.4, 10, 12, 13, 15, 16];
    const to999 = [6.9, 9.2, 11, 13, 15, 16, 18, 20];
    for (let n = 1; n <= 8; n++) {
      expect(settleTimeOverTau(n, 0.99)).toBeCloseTo(to99[n - 1], 0);
      expect(Math.abs(settleTimeOverTau(n, 0.999) - to999[n - 1])).toBeLessThan(0.6);
    }
  });

  it('NEBW·τ = 0.078 for n = 4 and 1/4 for n = 1', () => {
    expect(nebwHz(4, 1)).toBeCloseTo(0.078, 3);
    expect(nebwHz(1, 1)).toBeCloseTo(0.25, 10);
  });

  it('analytic advance equals S_n at any t, and splitting the interval changes nothing', () => {
    for (const n of [1, 2, 4, 8]) {
      const whole = new CascadeLowPass(n, 0.01);
      const split = new CascadeLowPass(n, 0.01);
      for (const k of [0.3, 1, 2.5, 7, 15]) {
        whole.reset(0);
        whole.advance(k * 0.01, 2);
        expect(whole.output).toBeCloseTo(2 * stepResponse(n, k), 12);
      }
      split.reset(0);
      for (let i = 0; i < 100; i++) split.advance(0.0005, 2);
      whole.reset(0);
      whole.advance(0.05, 2);
      expect(split.output).toBeCloseTo(whole.output, 12);
    }
  });

  it('a change mid-settling continues from the partial state (linear superposition)', () => {
    const f = new CascadeLowPass(4, 0.01);
    f.reset(0);
    f.advance(0.02, 1); // partial
    f.advance(0.03, -1);
    // superposition: +1 step at 0, −2 step at 20 ms → y(50 ms) = S(5) − 2·S(3)
    expect(f.output).toBeCloseTo(stepResponse(4, 5) - 2 * stepResponse(4, 3), 12);
  });
});

describe('LockIn', () => {
  function make(rOhm: { value: number }, params: Partial<LockInParams> = {}, seed = 1): LockIn {
    const lockin = new LockIn({ ...PARAMS, ...params }, () => rOhm.value, Rng.stream(seed, 'lockin'));
    lockin.settle(0);
    return lockin;
  }

  it('reading at t = k·τ after a change gives old + (new − old)·S_4(k), within noise', () => {
    const r = { value: 0.2 };
    const lockin = make(r);
    const iAc = 50e-6;
    const sigmaV = lockin.noiseRmsVolts;
    expect((sigmaV / iAc) * 1e3).toBeCloseTo(0.25, 1); // δR ≈ 0.25 mΩ (PHYSICS §5: ≈ 0.3 mΩ)
    lockin.inputWillChange(1.0);
    r.value = 0.55;
    for (const k of [0.5, 1, 2, 3, 5, 7, 9.2, 15]) {
      const x = lockin.xVolts(1.0 + k * 0.01);
      const expected = iAc * (0.2 + (0.55 - 0.2) * stepResponse(4, k));
      expect(Math.abs(x - expected)).toBeLessThan(5 * sigmaV);
    }
  });

  it('reading too early is measurably between the old and the new state', () => {
    const r = { value: 0 };
    const lockin = make(r);
    lockin.inputWillChange(0.5);
    r.value = 1;
    const early = lockin.xVolts(0.5 + 0.03) / 50e-6; // 3 τ: S_4 = 0.35
    expect(early).toBeGreaterThan(0.25);
    expect(early).toBeLessThan(0.45);
  });

  it('noise rms ≈ e_n·√NEBW over readings far apart; correlated when close', () => {
    const r = { value: 0 };
    const lockin = make(r);
    const xs: number[] = [];
    for (let i = 1; i <= 4000; i++) xs.push(lockin.xVolts(i * 1.0));
    const rms = Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);
    expect(rms / lockin.noiseRmsVolts).toBeGreaterThan(0.93);
    expect(rms / lockin.noiseRmsVolts).toBeLessThan(1.07);
    // two reads 0.1 ms apart differ by far less than σ
    let diff = 0;
    for (let i = 0; i < 200; i++) {
      const a = lockin.xVolts(10000 + i);
      const b = lockin.xVolts(10000 + i + 1e-4);
      diff += (a - b) ** 2;
    }
    expect(Math.sqrt(diff / 200)).toBeLessThan(0.2 * lockin.noiseRmsVolts);
  });

  it('an open path reads ≈ 0 with vacantNoiseFactor × the noise', () => {
    const r = { value: Number.NaN };
    const lockin = make(r);
    const xs: number[] = [];
    for (let i = 1; i <= 2000; i++) xs.push(lockin.xVolts(i));
    const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
    const rms = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length);
    expect(Math.abs(mean)).toBeLessThan(0.1 * rms);
    expect(rms / lockin.noiseRmsVolts).toBeGreaterThan(9);
    expect(rms / lockin.noiseRmsVolts).toBeLessThan(11);
  });

  it('aux output: scaling, offsets, ±10 V clip, 18-bit steps; lockin-off holds 0 V', () => {
    const r = { value: 1.0 };
    const lockin = make(r, { noiseNvRtHz: 0, auxPreoffsetV: 10e-6, auxOffsetV: 0.5 });
    const v = lockin.auxVolts(1);
    const step = 20 / 2 ** 18;
    expect(v).toBeCloseTo((50e-6 + 10e-6) * 60000 + 0.5, 3);
    expect(Math.abs(v / step - Math.round(v / step))).toBeLessThan(1e-6);
    lockin.inputWillChange(2);
    r.value = 10; // 0.5 mV · 60000 = 30 V → clip
    expect(lockin.auxVolts(3)).toBe(10);
    r.value = -10;
    lockin.inputWillChange(3);
    expect(lockin.auxVolts(4)).toBe(-10);
    lockin.off = true;
    expect(lockin.auxVolts(5)).toBe(0);
  });

  it('same seed → same readings; another seed → different', () => {
    const read = (seed: number): number[] => {
      const lockin = make({ value: 0.3 }, {}, seed);
      return [1, 2, 3, 4].map((t) => lockin.xVolts(t));
    };
    expect(read(7)).toEqual(read(7));
    expect(read(7)).not.toEqual(read(8));
  });
});

/**
 * Determinism and persistence: same seed → same numbers; a saved state restores to identical
 * subsequent behaviour (grains, heat, damage, stress, RNG); malformed or foreign states are
 * refused with a clear error and leave the device untouched.
 */
import { HallBar, isTwinError, type HallBarState } from '../../../board/twin/device';
import { device, lcg } from './helpers';

/** A mixed workload: loop-like and random currents, pulse widths 5–300 µs, some pulses close together (warm). */
function workload(dev: HallBar, n: number, seed: number, startS: number): number[] {
  const rand = lcg(seed);
  const out: number[] = [];
  let t = startS;
  for (let k = 0; k < n; k++) {
    const iMa = (rand() < 0.5 ? -1 : 1) * (10 + 20 * rand());
    const widthS = [5e-6, 20e-6, 100e-6, 300e-6][Math.floor(rand() * 4)];
    dev.pulse(iMa * 1e-3, widthS, t);
    t += widthS + (rand() < 0.2 ? 20e-6 : 0.05 + rand());
    out.push(dev.rHallOhm(t), dev.magnetization(), dev.temperatureK(t), dev.damage(), dev.stressMj(t), dev.resistanceOhm(t));
  }
  return out;
}

describe('determinism', () => {
  it('gives the same numbers for the same seed and index', () => {
    const a = workload(device({}, 42, 3), 120, 1, 0);
    const b = workload(device({}, 42, 3), 120, 1, 0);
    expect(b).toEqual(a);
  });

  it('gives another device for another seed or index', () => {
    const base = device({}, 42, 3);
    const otherIndex = device({}, 42, 4);
    const otherSeed = device({}, 43, 3);
    expect(otherIndex.draw).not.toEqual(base.draw);
    expect(otherSeed.draw).not.toEqual(base.draw);
    expect(workload(otherIndex, 50, 1, 0)).not.toEqual(workload(device({}, 42, 3), 50, 1, 0));
  });

  it('draws device-to-device spread of the stated size', () => {
    const rOff: number[] = [];
    const dR: number[] = [];
    for (let k = 0; k < 40; k++) {
      const d = device({ grainCount: 20 }, 5, k);
      rOff.push(d.draw.rOffOhm);
      dR.push(d.draw.deltaRAheOhm);
    }
    const sd = (v: number[]): number => {
      const m = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1));
    };
    expect(sd(rOff)).toBeGreaterThan(0.6); // 1 Ω
    expect(sd(rOff)).toBeLessThan(1.5);
    expect(sd(dR) / 0.5).toBeGreaterThan(0.05); // 10 %
    expect(sd(dR) / 0.5).toBeLessThan(0.16);
  });
});

describe('saveState / loadState', () => {
  it('round-trips through JSON to identical subsequent behaviour', () => {
    const a = device({}, 8, 1);
    workload(a, 150, 2, 0); // some damage, stress, residual heat, mixed grains
    expect(a.damage()).toBeGreaterThan(0);
    const saved = JSON.parse(JSON.stringify(a.saveState())) as unknown;
    const b = device({}, 8, 1);
    b.loadState(saved);
    expect(b.magnetization()).toBe(a.magnetization());
    expect(b.pulseCount()).toBe(a.pulseCount());
    const t0 = 10000;
    expect(workload(b, 120, 3, t0)).toEqual(workload(a, 120, 3, t0));
  });

  it('round-trips in wall mode too (neighbour counts rebuilt)', () => {
    const a = device({ inPlaneFieldOe: -1000 }, 8, 1);
    workload(a, 60, 4, 0);
    const b = device({ inPlaneFieldOe: -1000 }, 8, 1);
    b.loadState(JSON.parse(JSON.stringify(a.saveState())));
    expect(workload(b, 100, 5, 5000)).toEqual(workload(a, 100, 5, 5000));
  });

  it('keeps residual heat: a state saved right after a pulse is still warm', () => {
    const a = device({}, 8, 1);
    a.pulse(30e-3, 300e-6, 1);
    const b = device({}, 8, 1);
    b.loadState(JSON.parse(JSON.stringify(a.saveState())));
    expect(b.temperatureK(1 + 310e-6)).toBeCloseTo(a.temperatureK(1 + 310e-6), 9);
    expect(b.temperatureK(1 + 310e-6)).toBeGreaterThan(450);
  });

  // One device and one good state for all rejection cases (a rejected load must not touch it).
  const target = device({}, 8, 1);
  target.pulse(-20e-3, 5e-6, 0);
  const goodState = JSON.parse(JSON.stringify(target.saveState())) as HallBarState;
  const good = (): HallBarState => ({ ...goodState });

  function expectRejected(state: unknown, code: string): void {
    const before = JSON.stringify(target.saveState());
    let caught: unknown;
    try {
      target.loadState(state);
    } catch (e) {
      caught = e;
    }
    expect(isTwinError(caught)).toBe(true);
    expect((caught as { code: string }).code).toBe(code);
    expect((caught as Error).message).toMatch(/^device: /);
    expect(JSON.stringify(target.saveState())).toBe(before); // untouched
  }

  it('accepts its own state', () => {
    expect(() => target.loadState(good())).not.toThrow();
  });

  it('rejects malformed states with DEVICE_STATE_MALFORMED', () => {
    const cases: unknown[] = [
      null,
      42,
      'state',
      [],
      {},
      { ...good(), kind: 'something-else' },
      { ...good(), version: 2 },
      { ...good(), grains: good().grains.slice(1) },
      { ...good(), grains: good().grains.replace(/^./, '2') },
      { ...good(), mFr: 0 },
      { ...good(), stagesK: [0, 0, 0, 0] },
      { ...good(), stagesK: [0, 0, 0, 0, -1] },
      { ...good(), damage: 1 },
      { ...good(), damage: -0.1 },
      { ...good(), stressJ: -1 },
      { ...good(), stressJ: 'a lot' },
      { ...good(), timeS: Infinity },
      { ...good(), pulseEndS: 'yesterday' },
      { ...good(), pulseCount: 1.5 },
      { ...good(), rng: [1, 2, 3] },
      { ...good(), rng: [1, 2, 3, 2 ** 32] },
    ];
    for (const c of cases) expectRejected(c, 'DEVICE_STATE_MALFORMED');
  });

  it('rejects a state of another device with DEVICE_STATE_MISMATCH', () => {
    expectRejected({ ...good(), index: 2 }, 'DEVICE_STATE_MISMATCH');
    expectRejected({ ...good(), seed: 9 }, 'DEVICE_STATE_MISMATCH');
    const small = new HallBar({ ...target.params, grainCount: 100 }, 8, 1);
    expectRejected(small.saveState(), 'DEVICE_STATE_MISMATCH');
  });
});

describe('argument checks', () => {
  it('rejects overlapping pulses and bad arguments', () => {
    const dev = device();
    dev.pulse(20e-3, 100e-6, 1);
    expect(() => dev.pulse(20e-3, 5e-6, 1 + 50e-6)).toThrow(expect.objectContaining({ code: 'DEVICE_TIME_REVERSED' }));
    expect(() => dev.pulse(NaN, 5e-6, 2)).toThrow(TypeError);
    expect(() => dev.pulse(20e-3, 0, 2)).toThrow(TypeError);
    expect(() => dev.pulse(20e-3, 5e-6, Infinity)).toThrow(TypeError);
    expect(() => new HallBar(dev.params, 1, -1)).toThrow(TypeError);
    expect(() => new HallBar({ ...dev.params, grainCount: 0 }, 1, 0)).toThrow(expect.objectContaining({ code: 'DEVICE_PARAM' }));
    dev.pulse(20e-3, 5e-6, 1 + 100e-6); // right after the previous one ended: fine
    expect(dev.pulseCount()).toBe(2);
  });
});

/**
 * PHYSICS §2/§7, paper Fig. 2d–e: at zero field (nucleation) ten identical pulses barely change
 * the state; with an in-plane field (wall propagation) each pulse grows the switched area.
 */
import { device } from './helpers';

function tenPulses(inPlaneFieldOe: number, seed: number, iMa: number): number[] {
  const dev = device({ inPlaneFieldOe }, seed, 0);
  dev.saturateByField(1);
  const m: number[] = [];
  for (let k = 0; k < 10; k++) {
    dev.pulse(-iMa * 1e-3, 5e-6, 3 * k);
    m.push(dev.magnetization());
  }
  return m;
}

describe('repeated identical pulses (Fig. 2d–e)', () => {
  // Currents from the onset of switching to past I50 (5 µs): 16–21 mA.
  const currents = [16, 18, 19, 20, 21];
  const seeds = [1, 2, 3];

  it('change m by < 0.15 in nucleation mode (H_x = 0)', () => {
    let largest = 0;
    for (const seed of seeds) {
      for (const iMa of currents) {
        const m = tenPulses(0, seed, iMa);
        const after1 = 1 - m[0];
        const more = Math.abs(m[9] - m[0]);
        largest = Math.max(largest, more);
        expect(more).toBeLessThan(0.15);
        // The first pulse does the switching: later pulses add less than it did (where it switched anything).
        if (after1 > 0.3) expect(more).toBeLessThan(0.3 * after1);
      }
    }
    // Not frozen either: grains near their threshold still switch now and then (Fig. 2d).
    expect(largest).toBeGreaterThan(0);
  });

  it('keep growing the switched area in wall mode (H_x = −1000 Oe)', () => {
    for (const seed of seeds) {
      const nucleation = tenPulses(0, seed, 18);
      const wall = tenPulses(-1000, seed, 18);
      const growthWall = wall[0] - wall[9];
      const growthNucleation = nucleation[0] - nucleation[9];
      expect(growthWall).toBeGreaterThan(0.5);
      expect(growthWall).toBeGreaterThan(5 * growthNucleation);
      // Gradual: it grows over several pulses, not all at once.
      const steps = wall.slice(1).map((v, k) => wall[k] - v);
      expect(steps.filter((s) => s > 0.02).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('grows from switched neighbours: new switched grains in wall mode touch switched ones', () => {
    const dev = device({ inPlaneFieldOe: -1000 }, 5, 0);
    dev.saturateByField(1);
    dev.pulse(-17e-3, 5e-6, 0);
    const before = dev.grains().state;
    dev.pulse(-17e-3, 5e-6, 3);
    const after = dev.grains().state;
    const { nbrStart, nbrList } = dev.layout;
    let fresh = 0;
    let touching = 0;
    for (let i = 0; i < before.length; i++) {
      if (before[i] > 0 && after[i] < 0) {
        fresh++;
        for (let k = nbrStart[i]; k < nbrStart[i + 1]; k++) {
          if (before[nbrList[k]] < 0) {
            touching++;
            break;
          }
        }
      }
    }
    expect(fresh).toBeGreaterThan(5);
    expect(touching / fresh).toBeGreaterThan(0.9);
  });
});

/** The loop measurement helpers, on synthetic branches with known answers. */
import { deltaI99Ma, midpointMa, ramp, type LoopPoint } from '../../../board/twin/device';

function logisticBranch(i50Ma: number, sMa: number, stepMa: number, dir: 1 | -1): LoopPoint[] {
  return ramp(dir > 0 ? -40 : 40, dir > 0 ? 40 : -40, stepMa).map((iMa) => {
    const m = 2 / (1 + Math.exp(-(dir * iMa - i50Ma) / sMa)) - 1;
    return { currentMa: iMa, rHallOhm: 0.3 + 0.17 * dir * m, m };
  });
}

describe('loop analysis', () => {
  it('ramps without float drift, both directions', () => {
    expect(ramp(-1, 1, 0.5)).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(ramp(0.3, 0, 0.1)).toEqual([0.3, 0.2, 0.1, 0]);
    expect(ramp(-30, 30, 0.1)).toHaveLength(601);
    expect(() => ramp(0, 1, 0)).toThrow(TypeError);
  });

  it('finds ΔI99 = 2·s·ln 199 of a logistic branch, to the step size', () => {
    const b = logisticBranch(20, 1.275, 0.05, 1);
    expect(Math.abs(deltaI99Ma(b) - 2 * 1.275 * Math.log(199))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(midpointMa(b) - 20)).toBeLessThan(0.01);
  });

  it('handles a falling branch and a wider logistic', () => {
    const b = logisticBranch(17, 0.9, 0.05, -1);
    expect(Math.abs(deltaI99Ma(b) - 2 * 0.9 * Math.log(199))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(midpointMa(b) + 17)).toBeLessThan(0.01);
  });

  it('returns NaN for a flat branch', () => {
    const flat = ramp(0, 5, 1).map((iMa) => ({ currentMa: iMa, rHallOhm: 1, m: 0 }));
    expect(deltaI99Ma(flat)).toBeNaN();
    expect(midpointMa(flat)).toBeNaN();
  });
});

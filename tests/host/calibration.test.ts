import { buildCalibration } from '../../host/calibration/build';
import { analyseBranch } from '../../host/calibration/analysis';
import { isotonic, splitBranches } from '../../host/calibration/branches';
import { analogSigmoid, logistic, X_EDGE } from '../../host/calibration/sigmoid';
import type { LoopPoint } from '../../host/calibration/types';

/** A loop −peak → +peak → −peak whose branches are logistic CDFs (the ideal nucleation neuron). */
function idealLoop(opts: { i50Ua: number; scaleUa: number; peakUa: number; steps: number; rOffOhm: number; deltaROhm: number; noiseOhm?: number; seed?: number }): LoopPoint[] {
  let s = opts.seed ?? 1;
  const rand = (): number => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff - 0.5;
  };
  const half = opts.steps / 2;
  const pts: LoopPoint[] = [];
  let m = -1;
  for (let k = 0; k <= opts.steps; k++) {
    const up = k <= half;
    const currentUa = up ? -opts.peakUa + (2 * opts.peakUa * k) / half : opts.peakUa - (2 * opts.peakUa * (k - half)) / half;
    // Stable minor loops: the state only moves towards the current's target.
    const target = up ? 2 * logistic((currentUa - opts.i50Ua) / opts.scaleUa) - 1 : 2 * logistic((currentUa + opts.i50Ua) / opts.scaleUa) - 1;
    m = up ? Math.max(m, target) : Math.min(m, target);
    pts.push({ currentUa, rHallOhm: opts.rOffOhm + (opts.deltaROhm / 2) * m + (opts.noiseOhm ?? 0) * rand() });
  }
  return pts;
}

describe('calibration analysis', () => {
  const base = { i50Ua: 20000, scaleUa: 1275, peakUa: 30000, steps: 1200, rOffOhm: 0.3, deltaROhm: 0.345 };

  test('ΔI99 of a logistic branch is 2·ln(199)·scale (paper Fig. 1g definition)', () => {
    const cal = buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000 });
    const expected = 2 * Math.log(199) * base.scaleUa;
    expect(Math.abs(cal.deltaI99Ua - expected)).toBeLessThan(150);
    expect(Math.abs((cal.iLowUa + cal.iHighUa) / 2 - base.i50Ua)).toBeLessThan(150);
  });

  test('the analog sigmoid of an ideal loop matches the logistic, and the quality figures follow the loop', () => {
    const cal = buildCalibration(idealLoop(base), { channel: 3, widthUs: 5, maxCurrentUa: 30000 });
    expect(cal.residual).toBeLessThan(0.02);
    expect(cal.xMax).toBeCloseTo(X_EDGE, 10);
    expect(cal.xMin).toBeCloseTo(-X_EDGE, 10);
    expect(cal.hysteresisUa).toBeGreaterThan(2 * base.i50Ua - 500);
    expect(cal.hysteresisUa).toBeLessThan(2 * base.i50Ua + 500);
    // no field ΔR given: the paper's ratio is unknown; the loop saturates within the sweep
    expect(cal.switchingRatio).toBeNaN();
    expect(cal.fieldDeltaROhm).toBeNull();
    expect(cal.loopSaturation).toBeGreaterThan(0.95);
    expect(cal.loopDeltaROhm).toBeCloseTo(base.deltaROhm, 2);
    expect(cal.rHighOhm - cal.rLowOhm).toBeCloseTo(base.deltaROhm, 2);
    // RESET reaches beyond the falling branch's 99 % point, within the board limit.
    expect(cal.resetUa).toBeLessThan(-base.i50Ua - 6000);
    expect(cal.resetUa).toBeGreaterThanOrEqual(-30000);
    const f = analogSigmoid(cal);
    expect(f(0)).toBeCloseTo(0.5, 1);
    expect(f(-X_EDGE)).toBeLessThan(0.02);
    expect(f(X_EDGE)).toBeGreaterThan(0.98);
  });

  test('the switching ratio is loop ΔR over the field ΔR_AHE (paper: 0.345 / 0.5 = 0.69), not the loop over itself', () => {
    const cal = buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000, fieldDeltaROhm: 0.5 });
    expect(cal.switchingRatio).toBeCloseTo(base.deltaROhm / 0.5, 2);
    expect(cal.fieldDeltaROhm).toBe(0.5);
    expect(cal.loopSaturation).toBeGreaterThan(0.95);
    // the older option name still works; an unusable value counts as not known
    expect(buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000, fullDeltaROhm: 0.5 }).switchingRatio).toBeCloseTo(0.69, 2);
    expect(buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000, fieldDeltaROhm: 0 }).switchingRatio).toBeNaN();
    expect(buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000, fieldDeltaROhm: null }).switchingRatio).toBeNaN();
  });

  test('a loop that does not fully switch has a lower switching ratio, which its loop-over-itself figure hides', () => {
    // peak just past the switching current: the SET branch ends part-way up
    const partial = idealLoop({ ...base, peakUa: 21500, steps: 1200 });
    const cal = buildCalibration(partial, { channel: 0, widthUs: 5, maxCurrentUa: 30000, fieldDeltaROhm: 0.5 });
    const full = buildCalibration(idealLoop(base), { channel: 0, widthUs: 5, maxCurrentUa: 30000, fieldDeltaROhm: 0.5 });
    expect(cal.switchingRatio).toBeLessThan(full.switchingRatio - 0.1);
    expect(cal.loopSaturation).toBeGreaterThan(0.9);
  });

  test('a wider distribution gives a wider ΔI and a loop with noise still yields a monotone sigmoid', () => {
    const narrow = buildCalibration(idealLoop({ ...base, scaleUa: 800 }), { channel: 0, widthUs: 300, maxCurrentUa: 30000 });
    const noisy = buildCalibration(idealLoop({ ...base, noiseOhm: 0.01, seed: 9 }), { channel: 0, widthUs: 5, maxCurrentUa: 30000 });
    expect(narrow.deltaI99Ua).toBeLessThan(noisy.deltaI99Ua);
    const f = analogSigmoid(noisy);
    let prev = -Infinity;
    for (let x = -8; x <= 8; x += 0.05) {
      const y = f(x);
      expect(y).toBeGreaterThanOrEqual(prev);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(1);
      prev = y;
    }
    expect(noisy.residual).toBeLessThan(0.1);
  });

  test('a flat channel (vacant / open) is refused with NO_LOOP', () => {
    const flat = idealLoop({ ...base, deltaROhm: 0 });
    expect(() => buildCalibration(flat, { channel: 12, widthUs: 5, maxCurrentUa: 30000 })).toThrow(expect.objectContaining({ code: 'NO_LOOP' }));
  });

  test('branches are found in any sweep order, and isotonic fits are monotone least-squares', () => {
    const loop = idealLoop(base);
    const rotated = loop.slice(300).concat(loop.slice(1, 301));
    const { set, reset } = splitBranches(rotated);
    expect(set[0].currentUa).toBeLessThan(set[set.length - 1].currentUa);
    expect(reset[0].currentUa).toBeLessThan(reset[reset.length - 1].currentUa);
    expect(isotonic([1, 3, 2, 4])).toEqual([1, 2.5, 2.5, 4]);
    expect(isotonic([4, 2, 3, 1], false)).toEqual([4, 2.5, 2.5, 1]);
    const a = analyseBranch(set);
    expect(a).not.toBeNull();
  });
});

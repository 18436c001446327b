/** The select-line classifier and the statistics the stages judge by (pure functions). */
import fc from 'fast-check';
import { classifyLines } from '../../host/bringup/stages/select-lines';
import { spearman, quantile, stdDev } from '../../host/bringup/stats';

const busValues = Array.from({ length: 16 }, (_, v) => v);

describe('classifyLines', () => {
  test('names exactly the stuck bits, low and high', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 0, max: 15 }), (lowMask, highMaskRaw) => {
        const highMask = highMaskRaw & ~lowMask;
        const pairs = busValues.map((v) => ({ written: v, readBack: (v & ~lowMask) | highMask }));
        const faults = classifyLines(pairs);
        for (let bit = 0; bit < 4; bit++) {
          const f = faults.find((x) => x.bit === bit);
          if (lowMask & (1 << bit)) expect(f?.kind).toBe('stuck-low');
          else if (highMask & (1 << bit)) expect(f?.kind).toBe('stuck-high');
          else expect(f).toBeUndefined();
        }
      }),
    );
  });

  test('two bridged lines read as intermittent, not stuck', () => {
    // S1 and S2 shorted: both read the AND of what was driven
    const pairs = busValues.map((v) => {
      const both = (v >> 1) & (v >> 2) & 1;
      return { written: v, readBack: (v & ~6) | (both << 1) | (both << 2) };
    });
    const faults = classifyLines(pairs);
    expect(faults.map((f) => f.bit).sort()).toEqual([1, 2]);
    expect(faults.every((f) => f.kind === 'intermittent')).toBe(true);
  });
});

describe('stats', () => {
  test('spearman is 1 for any increasing map and −1 for a decreasing one', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: -1000, max: 1000 }), { minLength: 3, maxLength: 30 }), (ks) => {
        const xs = ks.map((k) => k / 10);
        expect(spearman(xs, xs.map((x) => Math.exp(x / 50)))).toBeCloseTo(1, 9);
        expect(spearman(xs, xs.map((x) => -x * x * x))).toBeCloseTo(-1, 9);
      }),
    );
  });

  test('quantile and stdDev agree with their definitions', () => {
    expect(quantile([3, 1, 2], 0.5)).toBe(2);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(stdDev([1, 2, 3, 4])).toBeCloseTo(Math.sqrt(5 / 3), 12);
  });
});

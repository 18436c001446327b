import { checkX, readCalibrateRequest, readFinite, readNumberArray, readObject, xRangeOf } from '../../host/server/validate';
import { parseNeuronId } from '../../host/server/neuron-id';

const cal = { xMin: -5, xMax: 5 };

describe('request validation', () => {
  test('bodies must be objects with known fields; the error names the field', () => {
    expect(readObject({ x: 1 }, ['x'])).toEqual({ x: 1 });
    expect(() => readObject(undefined, ['x'])).toThrow(expect.objectContaining({ code: 'BAD_FIELD', field: 'body' }));
    expect(() => readObject([1], ['x'])).toThrow(expect.objectContaining({ field: 'body' }));
    expect(() => readObject({ X: 1 }, ['x'])).toThrow(expect.objectContaining({ field: 'X', allowed: { fields: ['x'] } }));
    expect(readObject(undefined, ['a'], true)).toEqual({});
  });

  test('x must be a finite number', () => {
    expect(readFinite({ x: 0.25 }, 'x')).toBe(0.25);
    for (const v of [undefined, 'NaN', null, true, [1], { v: 1 }, NaN, Infinity]) {
      expect(() => readFinite({ x: v }, 'x')).toThrow(expect.objectContaining({ code: 'BAD_FIELD', field: 'x', status: 400 }));
    }
  });

  test('clamp policy: inside the range is not clamped, within the margin is, beyond is refused', () => {
    const r = xRangeOf(cal, 'clamp');
    expect(checkX('x', 0, r, 'b0:0')).toBe(false);
    expect(checkX('x', 5, r, 'b0:0')).toBe(false);
    expect(checkX('x', 50, r, 'b0:0')).toBe(true);
    expect(checkX('x', -105, r, 'b0:0')).toBe(true);
    expect(() => checkX('x', 1e9, r, 'b0:0')).toThrow(
      expect.objectContaining({ code: 'OUT_OF_RANGE', status: 422, field: 'x', allowed: expect.objectContaining({ min: -105, max: 105, policy: 'clamp' }) }),
    );
  });

  test('strict policy refuses anything outside [xMin, xMax]', () => {
    const r = xRangeOf(cal, 'strict');
    expect(checkX('x', 4.99, r, 'b0:0')).toBe(false);
    expect(() => checkX('x', 5.01, r, 'b0:0')).toThrow(/calibrated range \[-5, 5\]/);
  });

  test('arrays: non-empty, bounded, every entry finite (the error names the index)', () => {
    expect(readNumberArray({ xs: [1, 2] }, 'xs', 4)).toEqual([1, 2]);
    expect(() => readNumberArray({ xs: [] }, 'xs', 4)).toThrow(expect.objectContaining({ field: 'xs' }));
    expect(() => readNumberArray({ xs: [1, 2, 3, 4, 5] }, 'xs', 4)).toThrow(expect.objectContaining({ field: 'xs' }));
    expect(() => readNumberArray({ xs: [1, '2'] }, 'xs', 4)).toThrow(expect.objectContaining({ field: 'xs[1]' }));
  });

  test('calibrate options are optional integers within the protocol limits', () => {
    expect(readCalibrateRequest(undefined)).toEqual({ widthUs: undefined, peakUa: undefined, steps: undefined });
    expect(readCalibrateRequest({ widthUs: 20, steps: 100 })).toEqual({ widthUs: 20, peakUa: undefined, steps: 100 });
    expect(() => readCalibrateRequest({ widthUs: 4 })).toThrow(expect.objectContaining({ code: 'OUT_OF_RANGE', field: 'widthUs', allowed: { min: 5, max: 300 } }));
    expect(() => readCalibrateRequest({ peakUa: 1.5 })).toThrow(expect.objectContaining({ code: 'BAD_FIELD', field: 'peakUa' }));
  });

  test('neuron ids are namespaced; a bare channel only with one board', () => {
    expect(parseNeuronId('b0:3', 2)).toEqual({ boardIndex: 0, channel: 3 });
    expect(parseNeuronId('b12:15', 2)).toEqual({ boardIndex: 12, channel: 15 });
    expect(parseNeuronId('3', 1)).toEqual({ boardIndex: 0, channel: 3 });
    expect(parseNeuronId('3', 2)).toBeNull();
    for (const bad of ['', 'b0', 'b0:', 'x0:1', 'b0:1:2', 'b-1:2', '1e3', 'b0:1 ']) expect(parseNeuronId(bad, 1)).toBeNull();
  });
});

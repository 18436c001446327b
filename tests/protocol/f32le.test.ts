/**
 * The f32le field type (protocol 3): float32 values packed little-endian in one byte string.
 * Packing refuses what is not a finite float32 instead of coercing it (a NaN that became null
 * in JSON must not be sent as 0), and the typed client's call rejects rather than throws.
 */
import { allFiniteF32, packF32le, unpackF32le } from '../../protocol/f32le';
import { natives } from '../../protocol/natives';
import { OpsClient } from '../../host/client/ops';

describe('f32le', () => {
  it('packs little-endian float32 and unpacks the same values', () => {
    const xs = [0.5, -1.25, 3.4028234663852886e38, -0.1, 0];
    const b = packF32le(xs);
    expect(b.length).toBe(20);
    expect(Array.from(b.subarray(0, 4))).toEqual([0x00, 0x00, 0x00, 0x3f]); // 0.5 = 0x3f000000, little-endian
    expect(unpackF32le(b)).toEqual(xs.map((x) => Math.fround(x)));
    expect(() => unpackF32le(new Uint8Array(6))).toThrow(/6 bytes is not a whole number of float32 values/);
  });

  it.each([
    [[0.5, null], /value 1 must be a finite number .*got null/],
    [['0.5'], /value 0 must be a finite number .*got string/],
    [[true], /value 0 must be a finite number .*got boolean/],
    [[NaN], /value 0 .*got NaN/],
    [[1, Infinity], /value 1 .*got Infinity/],
    [[3.5e38], /value 0 .*got 3\.5e\+38/],
  ])('refuses %p', (values, message) => {
    expect(() => packF32le(values as unknown as number[])).toThrow(message);
  });

  it("refuses what is not an array", () => {
    expect(() => packF32le(undefined as unknown as number[])).toThrow(/expected an array of numbers, got undefined/);
  });

  it('the typed client rejects a bad x before anything is sent', async () => {
    const sent: unknown[] = [];
    const client = new OpsClient((op, args) => {
      sent.push([op, args]);
      return Promise.resolve([]);
    });
    await expect(client.activateMany({ channels: null, xs: [0.5, null as unknown as number] })).rejects.toThrow(/value 1 must be a finite number/);
    expect(sent).toEqual([]);
  });

  it('allFiniteF32: the loop and a native sum (Espruino E.sum) agree on every mix of finite, NaN and infinite values', () => {
    const big = 3.4028234663852886e38;
    const cases: [number[], number, boolean][] = [
      [[0.5, -1.25, 2.5], 3, true],
      [[big, big, big, big, big, big, big, big, big, big, big, big, big, big, big, big], 16, true],
      [[-big, big, -big], 3, true],
      [[1, NaN, 2], 3, false],
      [[1, 2, Infinity], 3, false],
      [[-Infinity, 1], 2, false],
      [[Infinity, -Infinity], 2, false],
      [[1, 2, NaN], 2, true], // only the first n count
    ];
    const jsSum = (v: Float32Array): number => {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i];
      return s;
    };
    let nativeCalls = 0;
    for (const native of [undefined, jsSum]) {
      natives.sum = native === undefined ? undefined : (v) => (nativeCalls++, native(v));
      try {
        for (const [values, n, want] of cases) expect([values, n, allFiniteF32(new Float32Array(values), n)]).toEqual([values, n, want]);
      } finally {
        natives.sum = undefined;
      }
    }
    expect(nativeCalls).toBe(cases.length);
  });
});

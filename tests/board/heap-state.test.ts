/**
 * The program-RAM walker (board/twin/espruino/heap-state.ts) on a program of its own in a vm
 * context: what one boot's objects hold is written into another boot's objects in place —
 * numbers (NaN, ±Infinity, −0 too), strings, typed arrays and buffers to the byte, arrays,
 * nested objects, shared objects staying shared; functions and the surface's objects stay the
 * fresh boot's; a shape that does not fit is refused naming the path.
 */
import * as vm from 'vm';
import { HeapWalker } from '../../board/twin/espruino/heap-state';
import { TwinError } from '../../board/twin/errors';

const PROGRAM = `
class Guard { constructor() { this.stress = new Float64Array(4); this.at = new Float64Array(4); this.mode = 1; } }
class Fw {
  constructor(surface) {
    this.surface = surface;
    this.guard = new Guard();
    this.alias = this.guard;
    this.last = new Int32Array(4).fill(0x7fffffff);
    this.name = 'fw';
    this.flags = [false, true];
    this.frames = [];
    this.view = new DataView(new ArrayBuffer(8));
    this.odd = { nan: 0, inf: 0, negZero: 0, gone: 1 };
    this.tick = function () { return 1; };
  }
}
globalThis.fw = new Fw(globalThis.surface);
`;

function boot(): { fw: Record<string, unknown>; walker: HeapWalker; surface: object } {
  const surface = { kind: 'USB' };
  const ctx = vm.createContext({ surface });
  vm.runInContext(PROGRAM, ctx);
  const objectProto = vm.runInContext('Object.prototype', ctx) as object;
  const own = (o: object): boolean => {
    let p: object | null = o;
    for (;;) {
      const next = Object.getPrototypeOf(p) as object | null;
      if (next === null) return p === objectProto;
      p = next;
    }
  };
  const walker = new HeapWalker(own, (name) => vm.runInContext(name, ctx));
  return { fw: vm.runInContext('fw', ctx) as Record<string, unknown>, walker, surface };
}

type Fw = {
  guard: { stress: Float64Array; at: Float64Array; mode: number };
  alias: unknown;
  last: Int32Array;
  name: string;
  flags: boolean[];
  frames: Uint8Array[];
  view: DataView;
  odd: { nan: number; inf: number; negZero: number; gone: number | undefined };
  tick: () => number;
  surface: object;
};

test('one boot\'s state goes into another boot in place, shared objects stay shared, functions and surface objects stay the fresh boot\'s', () => {
  const a = boot();
  const fa = a.fw as unknown as Fw;
  fa.guard.stress[2] = 0.1 + 0.2;
  fa.guard.at[1] = 1e300;
  fa.guard.mode = 2;
  fa.last[3] = -5;
  fa.name = 'after';
  fa.flags[0] = true;
  fa.frames.push(new (vm.runInContext('Uint8Array', vm.createContext()) as Uint8ArrayConstructor)([1, 2, 3]));
  fa.view.setFloat64(0, Math.PI);
  fa.odd.nan = NaN;
  fa.odd.inf = -Infinity;
  fa.odd.negZero = -0;
  fa.odd.gone = undefined;
  const saved = JSON.parse(JSON.stringify(a.walker.capture([a.fw])));

  const b = boot();
  const fb = b.fw as unknown as Fw;
  const guardB = fb.guard;
  const tickB = fb.tick;
  b.walker.restore([b.fw], saved);
  expect(fb.guard).toBe(guardB); // written in place
  expect(fb.alias).toBe(fb.guard); // still one object
  expect(fb.guard.stress[2]).toBe(0.1 + 0.2);
  expect(fb.guard.at[1]).toBe(1e300);
  expect(fb.guard.mode).toBe(2);
  expect(Array.from(fb.last)).toEqual([0x7fffffff, 0x7fffffff, 0x7fffffff, -5]);
  expect(fb.name).toBe('after');
  expect(fb.flags).toEqual([true, true]);
  expect(Array.from(fb.frames[0])).toEqual([1, 2, 3]);
  expect(fb.view.getFloat64(0)).toBe(Math.PI);
  expect(Number.isNaN(fb.odd.nan)).toBe(true);
  expect(fb.odd.inf).toBe(-Infinity);
  expect(Object.is(fb.odd.negZero, -0)).toBe(true);
  expect(fb.odd.gone).toBeUndefined();
  expect(fb.tick).toBe(tickB);
  expect(fb.surface).toBe(b.surface);
});

test('a shape that does not fit is refused naming the path', () => {
  const a = boot();
  const saved = a.walker.capture([a.fw]);
  const b = boot();
  (b.fw as unknown as { guard: unknown }).guard = 7;
  let error: unknown;
  try {
    b.walker.restore([b.fw], saved);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(TwinError);
  expect((error as Error).message).toMatch(/program state \$0\.guard: an object where the fresh program has none; the state was saved from another firmware build/);
});

/**
 * The built bundle (dist/firmware.js): Espruino subset, size budget, and that it fits the
 * board's Storage with every calibration. The checker itself is tested on one snippet per rule,
 * so a construct a transpiler helper sneaks in cannot pass unnoticed.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildFirmware, storageBudgetBytes } from '../../firmware/build';
import { loadBoardDefinition } from '../../board/definitions';
import { storageCostBytes } from '../../board/twin/storage';
import { CAL_FILE_BYTES } from '../../firmware/core/cal-store';
import { checkEspruinoSubset } from './espruino-subset';
import * as vm from 'vm';
import { bootEpilogue, bootPrologue, wrapForBoot } from '../../firmware/espruino/boot-wrap';

const outFile = path.join(os.tmpdir(), `nucleon-fw-bundle-test-${process.pid}.js`);
let code = '';
let bytes = 0;

beforeAll(async () => {
  const r = await buildFirmware({ outFile, version: '9.8.7-bundle-test' });
  code = fs.readFileSync(outFile, 'utf8');
  bytes = r.bytes;
}, 60000);

afterAll(() => fs.rmSync(outFile, { force: true }));

const SNIPPETS: [string, string][] = [
  ['destructuring', 'var [a, b] = [1, 2];'],
  ['destructuring', 'var {a} = {a: 1};'],
  ['destructuring', 'function f({a}) { return a; }'],
  ['spread', 'f(...xs);'],
  ['spread', 'var o = {...p};'],
  ['rest', 'function f(...args) { return args; }'],
  ['default-parameter', 'function f(a = 1) { return a; }'],
  ['async', 'async function f() {}'],
  ['async', 'var f = async () => { await g(); };'],
  ['generator', 'function* g() { yield 1; }'],
  ['missing-global:Map', 'var m = new Map();'],
  ['missing-global:Set', 'var s = new Set();'],
  ['missing-global:Symbol', 'var s = Symbol("x");'],
  ['missing-global:BigInt', 'var b = BigInt(1);'],
  ['missing-global:WeakMap', 'var w = new WeakMap();'],
  ['bigint', 'var b = 10n;'],
  ['exponent', 'var x = 2 ** 3;'],
  ['exponent', 'x **= 2;'],
  ['optional-chaining', 'var y = a?.b;'],
  ['logical-assignment', 'a ??= 1;'],
  ['logical-assignment', 'a ||= 1;'],
  ['logical-assignment', 'a &&= 1;'],
  ['computed-key', 'var o = {[k]: 1};'],
  ['computed-key', 'class A { [k]() {} }'],
  ['tagged-template', 'var t = tag`x`;'],
  ['label', 'outer: for (;;) { break outer; }'],
  ['class-extends-error', 'class E extends Error { constructor(m) { super(m); } }'],
  ['class-extends-array', 'class A extends Array {}'],
  ['missing-builtin:Math.fround', 'Math.fround(1.5);'],
  ['missing-builtin:Math.imul', 'Math.imul(3, 4);'],
  ['missing-builtin:Math.trunc', 'Math.trunc(1.5);'],
  ['missing-builtin:Math.log2', 'Math.log2(8);'],
  ['missing-builtin:Math.hypot', 'Math.hypot(3, 4);'],
  ['missing-builtin:Number.isFinite', 'Number.isFinite(1);'],
  ['missing-builtin:Number.isNaN', 'Number.isNaN(1);'],
  ['missing-builtin:Number.isInteger', 'Number.isInteger(1);'],
  ['missing-builtin:Number.EPSILON', 'var e = Number.EPSILON;'],
  ['missing-builtin:Number.MAX_SAFE_INTEGER', 'var m = Number.MAX_SAFE_INTEGER;'],
  ['missing-builtin:Array.from', 'Array.from(x);'],
  ['missing-builtin:Array.of', 'Array.of(1);'],
  ['missing-builtin:.lastIndexOf', 's.lastIndexOf("a");'],
  ['missing-builtin:.flat', 'a.flat();'],
  ['missing-builtin:Object.freeze', 'Object.freeze(o);'],
  ['missing-builtin:Promise.race', 'Promise.race([]);'],
  ['missing-builtin:Promise.allSettled', 'Promise.allSettled([]);'],
  ['missing-builtin:Promise.any', 'Promise.any([]);'],
  ['missing-builtin:.finally', 'p.finally(f);'],
  ['missing-builtin:.BYTES_PER_ELEMENT', 'var n = Uint8Array.BYTES_PER_ELEMENT;'],
  ['length-assignment', 'arr.length = 0;'],
  ['call-before-declaration', 'f(); function f() {}'],
  ['non-ascii', 'var unit = "\u00b5A";'],
  ['call-before-declaration', 'function outer() { var x = inner(); function inner() { return 1; } return x; }'],
];

describe('Espruino subset checker', () => {
  test.each(SNIPPETS)('flags %s in %s', (rule, snippet) => {
    expect(checkEspruinoSubset(snippet).map((f) => f.rule)).toContain(rule);
  });

  test('accepts what Espruino runs (classes, arrows, let/const, ??, typed arrays, later-declared calls from functions)', () => {
    const ok = [
      'class A { constructor() { this.x = 1; } get y() { return this.x; } static s() {} }',
      'class B extends A { m() { return super.m(); } }',
      'const f = (a) => a ?? 1; let t = `x${f(1)}`;',
      'for (const v of [1, 2]) {} var u = new Uint8Array(4).subarray(1); Math.round(Math.exp(1));',
      'function a() { return b(); } function b() { return 1; } a();',
      'try { x(); } catch (e) {} finally {}',
      'function P(m) { this.message = m; } P.prototype = Object.create(Error.prototype);',
    ];
    for (const snippet of ok) expect(checkEspruinoSubset(snippet)).toEqual([]);
  });
});

describe('the boot wrap', () => {
  /**
   * Runs `code` with stand-ins that record where the console goes, then the idle loop: the
   * timers still armed, as Espruino runs them once the evaluation is over (or cut short).
   */
  function runWrapped(code: string): { events: string[]; error: unknown } {
    const events: string[] = [];
    const device = (name: string) => ({ setConsole: () => events.push('console ' + name) });
    const timers = new Map<number, () => void>();
    let nextId = 1;
    const sandbox = {
      LoopbackA: device('LoopbackA'),
      USB: device('USB'),
      Serial1: device('Serial1'),
      note: (s: string) => events.push(s),
      setTimeout: (f: () => void) => {
        timers.set(nextId, f);
        return nextId++;
      },
      clearTimeout: (id: number) => timers.delete(id),
    };
    let error: unknown;
    try {
      vm.runInNewContext(code, sandbox);
    } catch (e) {
      error = e;
    }
    for (const f of timers.values()) f();
    return { events, error };
  }

  test('the console leaves the link before the bundle runs; evaluated whole, it stays off', () => {
    expect(runWrapped(wrapForBoot('note("bundle");\n', 'USB'))).toEqual({ events: ['console LoopbackA', 'bundle'], error: undefined });
  });

  test('on an exception the console comes back to the link and the exception is reported', () => {
    const failed = runWrapped(wrapForBoot('note("bundle"); throw new Error("boot failed");\n', 'Serial1'));
    expect(failed.events.slice(0, 3)).toEqual(['console LoopbackA', 'bundle', 'console Serial1']);
    expect(String(failed.error)).toContain('boot failed');
  });

  test('an evaluation cut short without an exception leaves the armed timer, which brings the console back from the idle loop', () => {
    // what an interrupted evaluation leaves: the prologue ran, the rest did not
    expect(runWrapped(bootPrologue('USB') + '}catch(e){}')).toEqual({ events: ['console LoopbackA', 'console USB'], error: undefined });
  });
});

describe('dist bundle', () => {
  test('starts by taking the console off the link and ends with the handback (firmware/espruino/boot-wrap.ts)', () => {
    const link = loadBoardDefinition().pins.link;
    expect(code.startsWith(bootPrologue(link) + '(function(){')).toBe(true);
    expect(code.endsWith('})();\n' + bootEpilogue(link))).toBe(true);
  });

  test('uses nothing Espruino lacks', () => {
    expect(checkEspruinoSubset(code)).toEqual([]);
  });

  test('is within the size budget (the board Storage less a calibration per channel)', () => {
    expect(bytes).toBe(Buffer.byteLength(code));
    expect(bytes).toBeLessThanOrEqual(storageBudgetBytes(loadBoardDefinition()));
  });

  test('fits the board Storage as .bootcde together with a calibration for every channel', () => {
    const def = loadBoardDefinition();
    const calBytes = def.channels * storageCostBytes('x'.repeat(CAL_FILE_BYTES));
    expect(storageCostBytes(code) + calBytes).toBeLessThanOrEqual(def.storage.bytes);
  });

  test('inlines the version and the board, and keeps require("Storage") literal', () => {
    expect(code).toContain('"9.8.7-bundle-test"');
    expect(code).toContain('"nucleon-pico-ref"');
    expect(code).toMatch(/require\("Storage"\)/);
    expect(code).not.toMatch(/Proxy|__require/);
  });
});

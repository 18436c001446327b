/**
 * firmware/fold.ts, the build's interpreter pass: what it folds, aliases and moves, what it must
 * leave alone, and that a program means the same after it (run before and after in a vm).
 */
import * as fs from 'fs';
import * as vm from 'vm';
import { FoldError, foldBundle } from '../../firmware/fold';
import { DEFAULT_OUT, buildFirmware } from '../../firmware/build';
import { bootEpilogue, bootPrologue } from '../../firmware/espruino/boot-wrap';
import { loadBoardDefinition } from '../../board/definitions';

/** Runs an IIFE program that stores its answer in `out` and returns it. */
function run(code: string, extra: { [k: string]: unknown } = {}): unknown {
  const ctx = vm.createContext({ Math, String, isFinite, Uint8Array, Float32Array, DataView, ArrayBuffer, NaN, out: undefined, ...extra });
  vm.runInContext(code, ctx);
  return (ctx as { out: unknown }).out;
}

function iife(body: string): string {
  return '(function(){\n"use strict";' + body + '\n})();\n';
}

describe('foldBundle', () => {
  it('writes an unassigned top-level number as its value and drops its declaration', () => {
    const src = iife('var A=12,B=-3,C="s";function f(x){return x*A+B}out=[f(2),C,B.toString(),{B}.B];');
    const { code, report } = foldBundle(src);
    expect(code).not.toMatch(/\bA=12/);
    expect(code).not.toMatch(/\bB=-3/);
    expect(code).toContain('x*12+-3');
    // a number read as an object is parenthesised; a shorthand property keeps its key
    expect(code).toContain('(-3).toString()');
    expect(code).toContain('{B:-3}');
    expect(code).toContain('C="s"');
    expect(report.constants).toBe(2);
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([21, 's', '-3', -3]);
  });

  it('writes let/const inside functions as var where that changes nothing', () => {
    const src = iife(
      'function f(){const a=2;let b=a+1;for(let i=0;i<2;i++){b+=i}return b}' +
        'function n(){let s=0;{const a=1;s+=a}{const a=2;s+=a}for(const v of [4,5])s+=v;return s}' +
        'out=[f(),n()];',
    );
    const { code, report } = foldBundle(src);
    expect(code).toContain('var a=2;var b=a+1;for(var i=0;');
    expect(code).toContain('{var a=1;s+=a}{var a=2;s+=a}for(var v of');
    expect(report.toVar).toBe(7);
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([4, 12]);
  });

  it('keeps let/const where var would change the meaning', () => {
    const src = iife(
      // declared again around it; hiding an outer name the function reads; read by a closure;
      // no initial value inside a loop
      'function g(){let x=1;{let x=2;x++}return x}' +
        'var y=5;function h(){let r=y;{let y=3;r+=y}return r}' +
        'function k(){let fs=[];for(let i=0;i<2;i++){const j=i*10;fs.push(function(){return j})}return fs[0]()+fs[1]()}' +
        'function m(){let s=0;for(let i=0;i<3;i++){let t;if(i===0)t=5;s+=t===undefined?1:t}return s}' +
        'out=[g(),h(),k(),m()];',
    );
    const { code } = foldBundle(src);
    expect(code).toContain('{let x=2;x++}');
    expect(code).toContain('{let y=3;r+=y}');
    expect(code).toContain('const j=i*10');
    expect(code).toContain('{let t;');
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([1, 8, 10, 7]);
  });

  it('leaves a top-level number alone when anything assigns it', () => {
    const src = iife('var A=1;function bump(){A++}bump();out=A;');
    const { code, report } = foldBundle(src);
    expect(report.constants).toBe(0);
    expect(code).toContain('A++');
    expect(run(code)).toBe(2);
  });

  it('writes a negative value bare only where it reads the same, and means the same everywhere', () => {
    const uses = [
      'a-N', 'a+N', 'N-a', 'N**2', '2**N', '-N', '!N', 'typeof N', 'f(N)', '[N][0]', 'a===N', 'N===a', 'g()', 'c?N:0',
      'N?1:0', '(a=N,a)', '(0,N)', 'N.toString()', 'a-=N', 'a<N', 'a>N', 'N|0', 'new Number(N)+0', 'h(-1)', 'h(-2)',
    ];
    const src = iife(
      'var N=-2,a=5,c=true;function f(x){return x*3}function g(){return N}function h(x){switch(x){case N:return "two";default:return "other"}}' +
        'function k(){var v=N;return v}out=[' + uses.join(',') + ',k()];',
    );
    const { code } = foldBundle(src);
    expect(code).not.toMatch(/\bN\b/);
    // bare where nothing joins the minus, parenthesised where something would
    expect(code).toContain('a===-2');
    expect(code).toContain('return -2');
    expect(code).toContain('case -2:');
    expect(code).toContain('a-(-2)');
    expect(code).toContain('-(-2)');
    expect(code).toContain('(-2)**2');
    expect(code).toContain('(-2).toString()');
    expect(run(code, { Number })).toEqual(run(src, { Number }));
  });

  it('drops a class method nothing names, and keeps one that is called, read, named in a string or called implicitly', () => {
    const src = iife(
      'class K{constructor(){this.v=2}used(){return this.v}unused(){return 99}read(){return 3}named(){return 4}toString(){return "k"}}' +
        'var k=new K(),r=k.read;out=[k.used(),r.call(k),k["named"](),""+k];',
    );
    const { code, report } = foldBundle(src);
    expect(report.deadMethods).toBe(1);
    expect(code).not.toContain('unused(){');
    for (const kept of ['used(){', 'read(){', 'named(){', 'toString(){']) expect(code).toContain(kept);
    expect(run(code)).toEqual([2, 3, 4, "k"]);
  });

  it("reads a constructor's this through a one-letter local, arrows' too, not a nested function's nor a subclass's", () => {
    const src = iife(
      'class P{constructor(a){this.a=a;this.b=a+1;this.c=a+2;this.f=()=>this.a*10;var self={v:7,g:function(){return this.v}};this.g=self.g.call(self)}sum(){return this.a+this.b+this.c}}' +
        'class Q extends P{constructor(){super(1);this.q=1;this.r=2;this.s=3;this.t=4}}' +
        'var p=new P(2),q=new Q();out=[p.sum(),p.f(),p.g,q.sum(),q.q+q.r+q.s+q.t];',
    );
    const { code, report } = foldBundle(src);
    expect(report.thisAliases).toBe(1);
    expect(code).toMatch(/constructor\(a\)\{var ([b-z])=this;\1\.a=a;/);
    expect(code).toContain('return this.v'); // the nested function's own this
    expect(code).toContain('super(1);this.q=1'); // a subclass's constructor is left alone
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([9, 20, 7, 6, 10]);
  });

  it("leaves a constructor's this alone where a default parameter reads it, and never hides a built-in's alias", () => {
    // every one-letter name taken but `a` (and the program's own p, d, P, D), so the pass could
    // choose `a` both for Math's alias and for the constructor's local
    const taken = 'bcefghijklmnoqrstuvwxyzABCEFGHIJKLMNOQRSTUVWXYZ_$'.split('').map((c) => c + '=0').join(',');
    const src = iife(
      'var ' + taken + ';class P{constructor(q){this.q=q;this.r=Math.floor(q);this.s=2;this.t=3}}' +
        'class D{constructor(q=this.k()){this.q=q;this.r=1;this.s=2;this.t=3}k(){return 5}}var p=new P(2.5),d=new D();out=[p.r,p.s,d.q];',
    );
    const { code, report } = foldBundle(src, { aliasedGlobals: ['Math'] });
    expect(report.aliases).toBe(1);
    expect(report.thisAliases).toBe(1);
    expect(code).toContain('constructor(q=this.k()){this.q=q');
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([2, 2, 5]);
  });

  it('folds a table of numbers read only as T.key, and not one used whole or written', () => {
    const src = iife('var T={ok:0,bad:-1},U={x:1},W={y:2};function f(){return T.ok+T.bad}function g(o){return o.x}W.y=3;out=[f(),g(U),W.y];');
    const { code, report } = foldBundle(src);
    expect(report.tables).toBe(1);
    expect(code).toContain('return 0+-1');
    expect(code).toContain('U={x:1}');
    expect(code).toContain('W={y:2}');
    expect(run(code)).toEqual([-1, 1, 3]);
  });

  it('does not touch a local that shadows a folded name', () => {
    const src = iife('var c={a:7},K=5;function f(c){return c.a}function g(){let K=9;return K}out=[f({a:1}),g(),c.a,K];');
    const { code } = foldBundle(src);
    expect(code).toContain('function f(c){return c.a}');
    expect(code).toContain('var K=9;return K');
    expect(run(code)).toEqual([1, 9, 7, 5]);
  });

  it('reads the built-ins a function uses through variables declared first', () => {
    const src = iife('function f(x){return Math.round(x)+String(x).length}function g(Math){return Math.round}var q=Math.PI;out=[f(2.6),g({round:4}),q];');
    const { code, report } = foldBundle(src, { aliasedGlobals: ['Math', 'String'] });
    expect(report.aliases).toBe(2);
    const decl = /"use strict";var (\w+)=Math,(\w+)=String;/.exec(code);
    expect(decl).not.toBeNull();
    const [, m, s] = decl as RegExpExecArray;
    expect(code).toContain(`return ${m}.round(x)+${s}(x).length`);
    // a parameter named Math is its own; top-level code that runs once keeps the global
    expect(code).toContain('function g(Math){return Math.round}');
    expect(code).toContain('q=Math.PI');
    expect(run(code)).toEqual(run(src));
  });

  it('reads a listed function of a built-in (Math.round) through a variable of its own, and the rest through the object', () => {
    const src = iife(
      'function f(x){return Math.round(x)+Math.floor(x)}function h(o){o.Math={round:1};return o.Math.round}function g(Math){return Math.round(1.5)}var r=Math.round(0.6);out=[f(2.6),h({}),g({round:function(){return 7}}),r];',
    );
    const { code, report } = foldBundle(src, { aliasedGlobals: ['Math', 'Math.round'] });
    expect(report.aliases).toBe(2);
    const decl = /"use strict";var (\w+)=Math,(\w+)=Math\.round;/.exec(code);
    expect(decl).not.toBeNull();
    const [, m, r] = decl as RegExpExecArray;
    expect(code).toContain(`return ${r}(x)+${m}.floor(x)`);
    // a property named Math, a parameter named Math and top-level code keep what they had
    expect(code).toContain('return o.Math.round');
    expect(code).toContain('function g(Math){return Math.round(1.5)}');
    expect(code).toContain('r=Math.round(0.6)');
    expect(run(code)).toEqual(run(src));
    expect(run(code)).toEqual([5, 1, 7, 1]);
  });

  it('moves inert declarations to the front, hottest first, each after what it needs, and keeps effects in order', () => {
    const src = iife(
      'var log=[];log.push(1);var cold=function(){return 1};function hot(){return buf[0]+view[0]}' +
        'var buf=new Uint8Array(4),view=new Float32Array(buf.buffer,0,1);var later=log.length;' +
        'function a(){return hot()+hot()+hot()}buf[0]=3;out=[a(),later,cold(),log];',
    );
    const { code, report } = foldBundle(src);
    expect(report.moved).toBeGreaterThanOrEqual(4);
    // hot (called three times from functions) before cold; buf before view; later stays after log.push
    const at = (s: string): number => code.indexOf(s);
    expect(at('function hot(')).toBeLessThan(at('cold=function'));
    expect(at('buf=new Uint8Array')).toBeLessThan(at('view=new Float32Array'));
    expect(at('log.push(1)')).toBeLessThan(at('later=log.length'));
    expect(at('function hot(')).toBeLessThan(at('log.push(1)'));
    expect(run(code)).toEqual(run(src));
  });

  it('leaves a class with `extends` or a value computed at load where it is', () => {
    const src = iife('var B=class{},D=class extends B{m(){return 2}};var n=[1,2].length;function f(){return new D().m()+n}out=f();');
    const { code } = foldBundle(src);
    expect(code.indexOf('D=class extends B')).toBeGreaterThan(code.indexOf('B=class{}'));
    expect(code).toContain('n=[1,2].length');
    expect(run(code)).toBe(4);
  });

  it('refuses a bundle that is not one immediately called function', () => {
    expect(() => foldBundle('var a=1;')).toThrow(FoldError);
    expect(() => foldBundle('var a=1;')).toThrow(/immediately called function/);
  });

  it('the built firmware bundle is the folded one and parses; folding it again changes nothing', async () => {
    const r = await buildFirmware({ outFile: DEFAULT_OUT + '.fold-test.js' });
    try {
      expect(r.fold).toBeDefined();
      const f = r.fold as NonNullable<typeof r.fold>;
      expect(f.constants).toBeGreaterThan(10);
      expect(f.tables).toBeGreaterThan(3);
      expect(f.aliases).toBeGreaterThan(5);
      expect(f.bytesAfter).toBeLessThan(f.bytesBefore);
      // what is stored is the folded bundle inside the boot wrap (firmware/espruino/boot-wrap.ts)
      const stored = fs.readFileSync(r.outFile, 'utf8');
      const link = loadBoardDefinition().pins.link;
      const prologue = bootPrologue(link);
      const epilogue = bootEpilogue(link);
      expect(stored.startsWith(prologue) && stored.endsWith(epilogue)).toBe(true);
      const again = foldBundle(stored.slice(prologue.length, stored.length - epilogue.length), { aliasedGlobals: [] });
      expect(again.report.constants + again.report.tables).toBe(0);
    } finally {
      fs.rmSync(r.outFile, { force: true });
    }
  });
});

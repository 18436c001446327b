/**
 * protocol/ is bundled into the firmware, which runs on the Espruino interpreter. This test
 * transpiles each file (esbuild, types stripped, syntax kept) and walks the JavaScript for
 * what ../shared/ESPRUINO.md lists as not working there, plus Node-only APIs and imports from
 * outside protocol/.
 */
import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from 'esbuild';
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

const ROOT = path.join(__dirname, '../../protocol');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out.sort();
}

const FORBIDDEN_GLOBALS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol', 'BigInt', 'Buffer', 'TextEncoder', 'TextDecoder', 'require', 'process', 'globalThis', 'Reflect', 'Proxy']);
const FORBIDDEN_MEMBERS: { [obj: string]: string[] } = {
  Math: ['fround', 'imul', 'trunc', 'log2', 'hypot', 'clz32', 'sign', 'cbrt'],
  Number: ['isFinite', 'isNaN', 'isInteger', 'isSafeInteger', 'EPSILON', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'parseFloat', 'parseInt'],
  Array: ['from', 'of'],
  Object: ['freeze', 'fromEntries', 'getOwnPropertyNames'],
  Promise: ['race', 'allSettled', 'any'],
  String: ['fromCodePoint', 'raw'],
};
const FORBIDDEN_METHODS = new Set(['lastIndexOf', 'flat', 'flatMap', 'finally', 'codePointAt', 'padEnd', 'at', 'BYTES_PER_ELEMENT', 'replaceAll']);

type AnyNode = acorn.Node & { [k: string]: unknown };

function check(file: string): string[] {
  const ts = fs.readFileSync(file, 'utf8');
  const js = transformSync(ts, {
    loader: 'ts',
    format: 'esm',
    target: 'es2020',
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: false } },
  }).code;
  const ast = acorn.parse(js, { ecmaVersion: 2022, sourceType: 'module', locations: true }) as unknown as acorn.Program;
  const problems: string[] = [];
  const at = (n: acorn.Node, what: string) => problems.push(`${path.relative(ROOT, file)}:${n.loc ? n.loc.start.line : '?'} (transpiled) ${what}`);

  walk.full(ast, (node) => {
    const n = node as AnyNode;
    switch (node.type) {
      case 'ObjectPattern':
      case 'ArrayPattern':
        at(node, 'destructuring');
        break;
      case 'SpreadElement':
      case 'RestElement':
        at(node, 'spread/rest');
        break;
      case 'AssignmentPattern':
        at(node, 'default parameter');
        break;
      case 'ChainExpression':
        at(node, 'optional chaining ?.');
        break;
      case 'LabeledStatement':
        at(node, 'labelled statement');
        break;
      case 'TaggedTemplateExpression':
        at(node, 'tagged template');
        break;
      case 'AwaitExpression':
      case 'YieldExpression':
        at(node, 'await/yield');
        break;
      case 'BinaryExpression':
        if (n.operator === '**') at(node, '**');
        break;
      case 'AssignmentExpression': {
        if (['**=', '??=', '||=', '&&='].includes(n.operator as string)) at(node, String(n.operator));
        const left = n.left as AnyNode;
        if (left.type === 'MemberExpression' && !left.computed && (left.property as AnyNode).name === 'length') at(node, 'assignment to .length');
        break;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (n.async || n.generator) at(node, 'async function or generator');
        break;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const sup = n.superClass as AnyNode | null;
        if (sup && sup.type === 'Identifier' && /Error$|^Array$/.test(sup.name as string)) at(node, 'class extends ' + sup.name);
        break;
      }
      case 'Property':
        if (n.computed) at(node, 'computed property key');
        break;
      case 'MemberExpression': {
        const obj = n.object as AnyNode;
        const prop = n.property as AnyNode;
        if (!n.computed && prop.type === 'Identifier') {
          const name = prop.name as string;
          if (obj.type === 'Identifier' && FORBIDDEN_MEMBERS[obj.name as string] && FORBIDDEN_MEMBERS[obj.name as string].includes(name)) at(node, `${obj.name}.${name}`);
          if (FORBIDDEN_METHODS.has(name)) at(node, '.' + name);
        }
        break;
      }
      case 'ForStatement': {
        const init = n.init as AnyNode | null;
        if (init && init.type === 'VariableDeclaration' && init.kind === 'let') {
          walk.simple(n.body as acorn.Node, {
            FunctionExpression: (f) => at(f, 'closure inside for (let …) (Espruino shares one binding)'),
            ArrowFunctionExpression: (f) => at(f, 'closure inside for (let …) (Espruino shares one binding)'),
          });
        }
        break;
      }
      case 'ImportDeclaration': {
        const src = (n.source as AnyNode).value as string;
        const resolved = path.resolve(path.dirname(file), src);
        if (!src.startsWith('.') || !resolved.startsWith(ROOT)) at(node, 'import from outside protocol/: ' + src);
        break;
      }
    }
  });

  // free references to forbidden globals
  walk.fullAncestor(ast, (node, _state, ancestors) => {
    if (node.type !== 'Identifier') return;
    const name = (node as unknown as AnyNode).name as string;
    if (!FORBIDDEN_GLOBALS.has(name)) return;
    const parent = ancestors[ancestors.length - 2] as AnyNode | undefined;
    if (parent && parent.type === 'MemberExpression' && parent.property === node && !parent.computed) return;
    if (parent && parent.type === 'Property' && parent.key === node) return;
    at(node, 'uses ' + name);
  });

  // No hoisting on Espruino: module-level code must not call a function declared further down.
  const body = ast.body as AnyNode[];
  const declaredAt = new Map<string, number>();
  body.forEach((stmt, i) => {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? (stmt.declaration as AnyNode) : stmt;
    if (decl.type === 'FunctionDeclaration') declaredAt.set((decl.id as AnyNode).name as string, i);
  });
  body.forEach((stmt, i) => {
    const decl = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? (stmt.declaration as AnyNode) : stmt;
    if (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') return;
    walk.simple(decl as acorn.Node, {
      CallExpression: (c) => {
        const callee = (c as unknown as AnyNode).callee as AnyNode;
        if (callee.type === 'Identifier' && (declaredAt.get(callee.name as string) ?? -1) > i) at(c, `calls ${callee.name} before its declaration`);
      },
    });
  });
  return problems;
}

describe('protocol/ stays within what Espruino runs', () => {
  const files = sources(ROOT);
  it('has sources', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it.each(files.map((f) => [path.relative(ROOT, f), f]))('%s', (_rel, file) => {
    expect(check(file)).toEqual([]);
  });
  it('the checker catches what it should (self-test)', () => {
    const tmp = path.join(ROOT, '__espruino_selftest__.ts');
    fs.writeFileSync(
      tmp,
      [
        'const a = f();',
        'function f(): number { return 1; }',
        'export function g(x = 1, ...r: number[]): number { const { y } = { y: x }; return y ** 2 + Math.fround(r[0]) + Number.MAX_SAFE_INTEGER; }',
        'export const m = new Map<string, number>();',
        'export function h(o?: { p: number }): number | undefined { return o?.p; }',
        'export class E extends Error {}',
        'outer: for (let i = 0; i < 2; i++) { setTimeout(() => i, 0); }',
        "import * as fs from 'fs';",
        'export { a, fs };',
      ].join('\n'),
    );
    try {
      const found = check(tmp).join('\n');
      for (const what of ['calls f before', 'default parameter', 'spread/rest', 'destructuring', '**', 'Math.fround', 'Number.MAX_SAFE_INTEGER', 'uses Map', 'optional chaining', 'class extends Error', 'labelled', 'closure inside for', 'outside protocol/']) {
        expect(found).toContain(what);
      }
    } finally {
      fs.unlinkSync(tmp);
    }
  });
});

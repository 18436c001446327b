/**
 * Static check of JavaScript against what the Espruino interpreter lacks (../shared/ESPRUINO.md,
 * "Does not work" and "Behaves differently"). Parses with acorn, walks with acorn-walk, and
 * reports every construct or built-in Espruino does not have, with its position.
 */
import * as acorn from 'acorn';
import * as walk from 'acorn-walk';

export interface Finding {
  rule: string;
  pos: number;
  text: string;
}

type N = acorn.Node & { [key: string]: unknown };

const MISSING_GLOBALS = new Set(['Map', 'Set', 'WeakMap', 'WeakSet', 'Symbol', 'BigInt']);
const MISSING_STATICS: { [obj: string]: string[] } = {
  Math: ['fround', 'imul', 'trunc', 'log2', 'hypot'],
  Number: ['isFinite', 'isNaN', 'isInteger', 'EPSILON', 'MAX_SAFE_INTEGER'],
  Array: ['from', 'of'],
  Object: ['freeze'],
  Promise: ['race', 'allSettled', 'any'],
};
const MISSING_METHODS = new Set(['lastIndexOf', 'flat', 'finally', 'BYTES_PER_ELEMENT']);
const ERROR_CLASSES = new Set(['Error', 'TypeError', 'RangeError', 'SyntaxError', 'ReferenceError', 'EvalError', 'URIError']);

function name(n: unknown): string | undefined {
  const node = n as N | null;
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name as string;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  return undefined;
}

export function checkEspruinoSubset(code: string): Finding[] {
  const findings: Finding[] = [];
  const ast = acorn.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true }) as unknown as N;
  const add = (rule: string, node: acorn.Node): void => {
    findings.push({ rule, pos: node.start, text: code.slice(node.start, Math.min(node.end, node.start + 60)) });
  };
  const fnFlags = (node: N): void => {
    if (node.async) add('async', node);
    if (node.generator) add('generator', node);
  };
  const computedKey = (node: N): void => {
    if (node.computed) add('computed-key', node);
  };
  walk.full(ast, (raw) => {
    const node = raw as N;
    switch (node.type) {
      case 'ArrayPattern':
      case 'ObjectPattern':
        add('destructuring', node);
        break;
      case 'SpreadElement':
        add('spread', node);
        break;
      case 'RestElement':
        add('rest', node);
        break;
      case 'AssignmentPattern':
        add('default-parameter', node);
        break;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        fnFlags(node);
        break;
      case 'AwaitExpression':
        add('async', node);
        break;
      case 'YieldExpression':
        add('generator', node);
        break;
      case 'ChainExpression':
        add('optional-chaining', node);
        break;
      case 'BinaryExpression':
        if (node.operator === '**') add('exponent', node);
        break;
      case 'AssignmentExpression': {
        const op = node.operator as string;
        if (op === '**=') add('exponent', node);
        if (op === '??=' || op === '||=' || op === '&&=') add('logical-assignment', node);
        const left = node.left as N;
        // `arr.length = n` throws on Espruino; `this.length = n` is an own field of a class
        // (CborWriter's byte count), which is an ordinary property there.
        if (op === '=' && left.type === 'MemberExpression' && !left.computed && name(left.property) === 'length' && (left.object as N).type !== 'ThisExpression') {
          add('length-assignment', node);
        }
        break;
      }
      case 'Property':
        if (node.computed) add('computed-key', node);
        break;
      case 'MethodDefinition':
      case 'PropertyDefinition':
        computedKey(node);
        break;
      case 'TaggedTemplateExpression':
        add('tagged-template', node);
        break;
      case 'LabeledStatement':
        add('label', node);
        break;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const sup = name(node.superClass);
        if (sup !== undefined && ERROR_CLASSES.has(sup)) add('class-extends-error', node);
        if (sup === 'Array') add('class-extends-array', node);
        break;
      }
      case 'Literal':
        if (typeof node.bigint === 'string') add('bigint', node);
        break;
      case 'Identifier':
        if (MISSING_GLOBALS.has(node.name as string)) add('missing-global:' + String(node.name), node);
        break;
      case 'MemberExpression': {
        const prop = node.computed ? name(node.property) : (node.property as N).type === 'Identifier' ? ((node.property as N).name as string) : undefined;
        if (prop === undefined) break;
        const obj = name(node.object);
        if (obj !== undefined && MISSING_STATICS[obj]?.includes(prop)) add('missing-builtin:' + obj + '.' + prop, node);
        if (MISSING_METHODS.has(prop)) add('missing-builtin:.' + prop, node);
        break;
      }
      default:
        break;
    }
  });
  findings.push(...checkCallsBeforeDeclaration(ast, code));
  // Espruino strings are byte strings: a non-ASCII literal arrives as its UTF-8 bytes, and the
  // CBOR text writer would UTF-8-encode those bytes again.
  for (let i = 0; i < code.length; i++) {
    if (code.charCodeAt(i) > 0x7e || (code.charCodeAt(i) < 0x20 && code[i] !== '\n' && code[i] !== '\r' && code[i] !== '\t')) {
      findings.push({ rule: 'non-ascii', pos: i, text: code.slice(Math.max(0, i - 20), i + 20) });
    }
  }
  return findings.sort((a, b) => a.pos - b.pos);
}

/**
 * Espruino has no function hoisting: a call that runs before the `function` declaration it names
 * (same scope, earlier in the body, not inside a nested function) throws.
 */
function checkCallsBeforeDeclaration(ast: N, code: string): Finding[] {
  const out: Finding[] = [];
  const scopeBodies: N[][] = [];
  walk.full(ast, (raw) => {
    const node = raw as N;
    if (node.type === 'Program') scopeBodies.push(node.body as N[]);
    if ((node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression') && (node.body as N).type === 'BlockStatement') {
      scopeBodies.push((node.body as N).body as N[]);
    }
  });
  for (const body of scopeBodies) {
    const declaredAt = new Map<string, number>();
    for (const stmt of body) if (stmt.type === 'FunctionDeclaration' && stmt.id) declaredAt.set(name(stmt.id) as string, stmt.start);
    if (declaredAt.size === 0) continue;
    for (const stmt of body) {
      if (stmt.type === 'FunctionDeclaration') continue;
      const visit = (n: N): void => {
        if (n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression' || n.type === 'ClassBody') return;
        if (n.type === 'CallExpression' || n.type === 'NewExpression') {
          const callee = name(n.callee);
          const at = callee === undefined ? undefined : declaredAt.get(callee);
          if (at !== undefined && n.start < at) out.push({ rule: 'call-before-declaration', pos: n.start, text: code.slice(n.start, n.start + 60) });
        }
        for (const key of Object.keys(n)) {
          const v = n[key];
          if (Array.isArray(v)) for (const c of v) if (c && typeof (c as N).type === 'string') visit(c as N);
          if (v && typeof v === 'object' && typeof (v as N).type === 'string') visit(v as N);
        }
      };
      visit(stmt);
    }
  }
  return out;
}

/**
 * A build-time pass over the minified bundle for the interpreter that runs it. Espruino finds a
 * name by walking linked lists: the function's own scope, then the bundle's IIFE scope (every
 * top-level name of the bundle, ≈ 150, in the order they were declared), then the root (the
 * globals); a built-in such as `Math` or `digitalWrite` is reached only after all of them were
 * passed. Each entry passed costs ≈ 70 instructions of the interpreter (callgrind on
 * espruino-linux), and a statement of the firmware names several. So, on the bundle's text:
 *
 *  1. constants: a top-level `var X = 12` (or −12) that nothing assigns is written as its value
 *     where it is read, and its declaration dropped;
 *  2. constant tables: a top-level object of number literals (the op, error and status codes)
 *     read only as `T.key` is written as the values, and dropped;
 *  3. built-ins: the globals the firmware calls at run time (`Math`, the pin functions,
 *     `getTime`, `E`, …) and the hot functions of `Math` (`round`, `exp`) are read once into
 *     variables declared first in the IIFE;
 *  4. order: top-level declarations that run nothing when declared (functions, classes without
 *     `extends`, literal values, typed-array allocations) move to the front of the IIFE scope,
 *     the ones read most often from inside functions first, each after what it needs;
 *  5. `let` and `const` inside functions are written `var` where that changes nothing (Espruino
 *     keeps a scope per block for them: a `var` costs it ≈ 10 % less per declaration run, and a
 *     loop's body less again). A declaration stays as it is when its name is declared again
 *     in a scope around it within the function, when a name it would hide from the whole
 *     function is read there (an outer binding or a global), when a function inside reads or
 *     writes that name (a closure), or when it has no initial value and sits in a loop (a `var`
 *     would keep the last turn's value);
 *  6. dead methods: a class method whose name appears nowhere else in the bundle (no call, no
 *     property read, no string) is dropped: shared classes bring methods only the host uses;
 *  7. `this` in constructors (of classes without `extends`) is read through a one-letter local
 *     declared first: Storage, not speed (a constructor runs once, at boot).
 *
 * Meaning is unchanged: every name is resolved with Babel's scope analysis (a local that
 * shadows a top-level name is left alone), nothing that is assigned or taken whole is folded,
 * and the moved declarations have no effects when they run. The result is parsed again before
 * it is returned.
 */
import { parse } from '@babel/parser';
import traverse from '@babel/traverse';
import type { Binding, NodePath } from '@babel/traverse';
import type * as T from '@babel/types';

/**
 * Globals read at run time that every Espruino build (and the twin's surface) has at load time,
 * and functions of theirs (`Math.round`): held in a variable, a native function is called without
 * the lookup of its name among the object's natives (≈ 11 000 instructions on espruino-pico-16k,
 * as much as the call itself). Only functions that ignore `this`.
 */
export const ALIASED_GLOBALS: readonly string[] = [
  'Math', 'Math.round', 'Math.exp', 'digitalWrite', 'digitalRead', 'digitalPulse', 'analogRead', 'getTime', 'setTimeout', 'E', 'String', 'isFinite', 'Uint8Array', 'NaN',
];

/** Constructors whose `new` with literal arguments or other movable values runs nothing else. */
const PURE_CONSTRUCTORS = new Set(['ArrayBuffer', 'DataView', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array']);

export interface FoldReport {
  /** top-level number constants written as their values */
  constants: number;
  /** constant tables written as their values */
  tables: number;
  /** references replaced by a value */
  foldedReads: number;
  /** globals read through a variable declared first */
  aliases: number;
  /** top-level declarations moved to the front */
  moved: number;
  /** `let`/`const` declarations inside functions written as `var` */
  toVar: number;
  /** class methods that nothing in the bundle names, dropped */
  deadMethods: number;
  /** constructors that read `this` through a one-letter local */
  thisAliases: number;
  bytesBefore: number;
  bytesAfter: number;
}

export interface FoldOptions {
  aliasedGlobals?: readonly string[];
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

export class FoldError extends Error {
  constructor(message: string) {
    super('fold: ' + message);
  }
}

function pos(node: T.Node): { start: number; end: number } {
  if (node.start == null || node.end == null) throw new FoldError('a node without a source position');
  return { start: node.start, end: node.end };
}

/** The literal number an initializer is: `12`, `1e3`, `-1`; undefined for anything else. */
function numberText(code: string, node: T.Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'NumericLiteral') return code.slice(pos(node).start, pos(node).end);
  if (node.type === 'UnaryExpression' && node.operator === '-' && node.argument.type === 'NumericLiteral') return code.slice(pos(node).start, pos(node).end);
  return undefined;
}

/**
 * A value in place of a reference: parenthesised where a bare number would read differently (a
 * member's object; a negative number after a unary operator, as `-` or `**`'s operand where the
 * minus would join the operator, or anywhere not known to take it bare).
 */
function valueIn(ref: NodePath, text: string): string {
  const parent = ref.parent;
  if (parent.type === 'MemberExpression' && parent.object === ref.node) return '(' + text + ')';
  if (!text.startsWith('-')) return text;
  return negativeBare(parent, ref.node) ? text : '(' + text + ')';
}

/** Where a negative number may stand bare in place of `node` (`x === -1`, `return -1`, `f(-1)`). */
function negativeBare(parent: T.Node, node: T.Node): boolean {
  switch (parent.type) {
    case 'BinaryExpression':
      return parent.operator === '**' ? parent.right === node : !(parent.operator === '-' && parent.right === node);
    case 'CallExpression':
    case 'NewExpression':
      return parent.callee !== node;
    case 'LogicalExpression':
    case 'ConditionalExpression':
    case 'ArrayExpression':
    case 'ReturnStatement':
    case 'SwitchCase':
    case 'SequenceExpression':
      return true;
    case 'AssignmentExpression':
      return parent.right === node;
    case 'VariableDeclarator':
      return parent.init === node;
    default:
      return false;
  }
}

function isWritten(member: NodePath): boolean {
  const p = member.parent;
  if ((p.type === 'AssignmentExpression' && p.left === member.node) || p.type === 'UpdateExpression') return true;
  if (p.type === 'UnaryExpression' && p.operator === 'delete') return true;
  if ((p.type === 'ForInStatement' || p.type === 'ForOfStatement') && p.left === member.node) return true;
  return false;
}

/** Every name the program spells anywhere (bindings, references, property keys). */
function allNames(ast: T.File): Set<string> {
  const names = new Set<string>();
  traverse(ast, {
    Identifier(p) {
      names.add(p.node.name);
    },
  });
  return names;
}

const FIRST = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_$';
const NEXT = FIRST + '0123456789';
const RESERVED = new Set(['do', 'if', 'in', 'for', 'let', 'new', 'try', 'var', 'case', 'else', 'enum', 'eval', 'null', 'this', 'true', 'void', 'with']);

function freshNames(taken: Set<string>, count: number): string[] {
  const out: string[] = [];
  for (let len = 1; out.length < count; len++) {
    const walk = (prefix: string): void => {
      if (out.length >= count) return;
      if (prefix.length === len) {
        if (!taken.has(prefix) && !RESERVED.has(prefix)) out.push(prefix);
        return;
      }
      for (const c of prefix.length === 0 ? FIRST : NEXT) walk(prefix + c);
    };
    walk('');
  }
  return out;
}

/** Whether a declarator's initializer runs nothing but allocation when evaluated; its top-level dependencies into `deps`. */
function isInert(node: T.Node | null | undefined, scope: NodePath['scope'], top: NodePath['scope'], deps: Set<string>): boolean {
  if (!node) return true;
  switch (node.type) {
    case 'NumericLiteral':
    case 'StringLiteral':
    case 'BooleanLiteral':
    case 'NullLiteral':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return true;
    case 'UnaryExpression':
      return (node.operator === '-' || node.operator === '!' || node.operator === 'void') && isInert(node.argument, scope, top, deps);
    case 'ArrayExpression':
      return node.elements.every((e) => e !== null && e.type !== 'SpreadElement' && isInert(e, scope, top, deps));
    case 'ObjectExpression':
      return node.properties.every((p) => p.type === 'ObjectProperty' && !p.computed && isInert(p.value, scope, top, deps));
    case 'ClassExpression':
      // no `extends` (evaluated at declaration), no computed keys, no static members
      return (
        node.superClass == null &&
        node.body.body.every((m) => !('computed' in m && m.computed) && !('static' in m && m.static) && m.type !== 'StaticBlock')
      );
    case 'NewExpression': {
      if (node.callee.type !== 'Identifier' || !PURE_CONSTRUCTORS.has(node.callee.name) || scope.getBinding(node.callee.name) !== undefined) return false;
      return node.arguments.every((a) => a.type !== 'SpreadElement' && a.type !== 'ArgumentPlaceholder' && isInert(a, scope, top, deps));
    }
    case 'Identifier': {
      const b = scope.getBinding(node.name);
      if (b === undefined || b.scope !== top) return false;
      deps.add(node.name);
      return true;
    }
    case 'MemberExpression':
      // `view.buffer` of a moved typed array
      return !node.computed && node.property.type === 'Identifier' && node.property.name === 'buffer' && isInert(node.object, scope, top, deps);
    default:
      return false;
  }
}

interface Unit {
  /** the binding it declares */
  name: string;
  /** its text as a declaration of its own, or a declarator (`name=init`) */
  text: string;
  isFunction: boolean;
  deps: Set<string>;
  heat: number;
  order: number;
  /** where its text starts in the bundle */
  start: number;
}

export function foldBundle(code: string, opts: FoldOptions = {}): { code: string; report: FoldReport } {
  const aliased = opts.aliasedGlobals ?? ALIASED_GLOBALS;
  const ast = parse(code, { sourceType: 'script' });
  const first = ast.program.body[0];
  if (
    ast.program.body.length !== 1 ||
    first.type !== 'ExpressionStatement' ||
    first.expression.type !== 'CallExpression' ||
    first.expression.callee.type !== 'FunctionExpression'
  ) {
    throw new FoldError('the bundle is not one immediately called function expression');
  }
  const iifeNode = first.expression.callee;
  let iife: NodePath<T.FunctionExpression> | undefined;
  traverse(ast, {
    FunctionExpression(p) {
      if (p.node === iifeNode) {
        iife = p;
        p.stop();
      }
    },
  });
  if (iife === undefined) throw new FoldError('the IIFE was not found');
  const top = iife.scope;
  const body = iife.node.body.body;
  const edits: Edit[] = [];
  const report: FoldReport = { constants: 0, tables: 0, foldedReads: 0, aliases: 0, moved: 0, toVar: 0, deadMethods: 0, thisAliases: 0, bytesBefore: Buffer.byteLength(code), bytesAfter: 0 };
  /** declarators removed from their declaration (folded, or moved) */
  const removed = new Set<T.VariableDeclarator>();
  const insideFunction = (ref: NodePath): boolean => ref.getFunctionParent()?.node !== iifeNode;

  // 1 and 2: constants and constant tables
  for (const [name, binding] of Object.entries(top.bindings) as [string, Binding][]) {
    if (binding.kind !== 'var' || !binding.path.isVariableDeclarator() || binding.constantViolations.length > 0) continue;
    const decl = binding.path.node;
    if (!body.includes(binding.path.parent as T.Statement)) continue;
    const value = numberText(code, decl.init);
    if (value !== undefined) {
      for (const ref of binding.referencePaths) {
        const p = ref.parent;
        if (p.type === 'ObjectProperty' && p.shorthand) edits.push({ ...pos(p), text: name + ':' + value });
        else edits.push({ ...pos(ref.node), text: valueIn(ref, value) });
        report.foldedReads++;
      }
      removed.add(decl);
      report.constants++;
      continue;
    }
    const init = decl.init;
    if (init?.type !== 'ObjectExpression' || binding.referencePaths.length === 0) continue;
    const values = new Map<string, string>();
    const literal = init.properties.every((p) => {
      if (p.type !== 'ObjectProperty' || p.computed || p.key.type !== 'Identifier') return false;
      const v = numberText(code, p.value);
      if (v === undefined) return false;
      values.set(p.key.name, v);
      return true;
    });
    if (!literal) continue;
    const reads: Edit[] = [];
    const onlyReads = binding.referencePaths.every((ref) => {
      const member = ref.parentPath;
      if (member === null || !member.isMemberExpression() || member.node.object !== ref.node || member.node.computed) return false;
      const prop = member.node.property;
      if (prop.type !== 'Identifier' || !values.has(prop.name) || isWritten(member)) return false;
      reads.push({ ...pos(member.node), text: valueIn(member, values.get(prop.name) as string) });
      return true;
    });
    if (!onlyReads) continue;
    edits.push(...reads);
    report.foldedReads += reads.length;
    removed.add(decl);
    report.tables++;
  }

  // 3: built-ins read through variables declared first
  const taken = allNames(ast);
  const aliasRefs = new Map<string, NodePath[]>();
  traverse(ast, {
    Identifier(p) {
      const n = p.node.name;
      if (!p.isReferencedIdentifier() || p.scope.getBinding(n) !== undefined) return;
      // `Math.round` (read, not written) when listed whole, else `Math`
      const m = p.parentPath;
      const member =
        m !== null && m.isMemberExpression() && m.node.object === p.node && !m.node.computed && m.node.property.type === 'Identifier' ? n + '.' + m.node.property.name : '';
      const whole = member !== '' && aliased.includes(member) && !isWritten(m as NodePath);
      if (!whole && !aliased.includes(n)) return;
      if (p.parent.type === 'AssignmentExpression' && p.parent.left === p.node) throw new FoldError(`the bundle assigns the global ${n}`);
      if (!insideFunction(p)) return;
      const key = whole ? member : n;
      const list = aliasRefs.get(key) ?? [];
      list.push(whole ? (m as NodePath) : p);
      aliasRefs.set(key, list);
    },
  });
  const aliasNames = aliased.filter((g) => aliasRefs.has(g));
  const fresh = freshNames(taken, aliasNames.length);
  const aliasDecls: string[] = [];
  aliasNames.forEach((g, i) => {
    for (const ref of aliasRefs.get(g) ?? []) {
      const p = ref.parent;
      if (p !== null && p.type === 'ObjectProperty' && p.shorthand) edits.push({ ...pos(p), text: g + ':' + fresh[i] });
      else edits.push({ ...pos(ref.node), text: fresh[i] });
    }
    aliasDecls.push(fresh[i] + '=' + g);
    report.aliases++;
  });

  // 5: let/const inside functions as var, where that changes nothing
  traverse(ast, {
    VariableDeclaration(p) {
      if (p.node.kind === 'var') return;
      const fn = p.getFunctionParent();
      if (fn === null || fn.node === iifeNode) return;
      if (p.node.declarations.every((d) => canBeVar(p, d, fn))) {
        edits.push({ start: pos(p.node).start, end: pos(p.node).start + p.node.kind.length, text: 'var' });
        report.toVar++;
      }
    },
  });

  // 6: class methods nothing names (shared code the firmware does not call, such as the frame
  // decoder's byte-at-a-time pushByte): Espruino keeps a function's text, so each costs Storage
  const named = new Map<string, number>();
  const count = (n: string): void => {
    named.set(n, (named.get(n) ?? 0) + 1);
  };
  traverse(ast, {
    Identifier(p) {
      count(p.node.name);
    },
    StringLiteral(p) {
      count(p.node.value);
    },
    TemplateElement(p) {
      for (const w of p.node.value.raw.split(/[^\w$]+/)) count(w);
    },
  });
  traverse(ast, {
    ClassMethod(p) {
      const m = p.node;
      if (m.kind !== 'method' || m.computed || m.key.type !== 'Identifier' || IMPLICIT_METHODS.has(m.key.name) || named.get(m.key.name) !== 1) return;
      edits.push({ ...pos(m), text: '' });
      report.deadMethods++;
    },
  });

  // 7: a constructor's `this` through a one-letter local (constructors run once, at boot, and set
  // most fields: `this.` is five characters of Storage a field, the local's `T.` two)
  traverse(ast, {
    ClassMethod(p) {
      if (p.node.kind !== 'constructor') return;
      // parameters with defaults (or patterns) are evaluated before the body's `var` exists
      if (!p.node.params.every((q) => q.type === 'Identifier')) return;
      const cls = p.parentPath.parentPath;
      if (cls === null || !(cls.isClassDeclaration() || cls.isClassExpression()) || cls.node.superClass != null) return;
      const uses: T.Node[] = [];
      // not a name the constructor reads, nor one of the built-ins' aliases (step 3), which it would hide
      const inside = new Set<string>(fresh);
      p.traverse({
        ThisExpression(q) {
          // an arrow function's `this` is the constructor's; another function's is its own
          let f = q.getFunctionParent();
          while (f !== null && f.node !== p.node && f.isArrowFunctionExpression()) f = f.getFunctionParent();
          if (f !== null && f.node === p.node) uses.push(q.node);
        },
        Identifier(q) {
          inside.add(q.node.name);
        },
      });
      const name = [...FIRST].find((c) => !inside.has(c));
      const body = p.node.body;
      // `var T=this;` is 11 characters: worth it from four uses
      if (name === undefined || uses.length < 4 || body.body.length === 0) return;
      // the body's `{` replaced, not an insertion beside the first `this` (edits must not touch)
      edits.push({ start: pos(body).start, end: pos(body).start + 1, text: '{var ' + name + '=this;' });
      for (const u of uses) edits.push({ ...pos(u), text: name });
      report.thisAliases++;
    },
  });

  // 4: inert declarations to the front, hottest first
  const heatOf = (name: string): number => (top.bindings[name]?.referencePaths ?? []).filter(insideFunction).length;
  const units: Unit[] = [];
  const movedStatements = new Set<T.Statement>();
  let order = 0;
  for (const stmt of body) {
    if (stmt.type === 'FunctionDeclaration' && stmt.id) {
      units.push({ name: stmt.id.name, text: code.slice(pos(stmt).start, pos(stmt).end), isFunction: true, deps: new Set(), heat: heatOf(stmt.id.name), order: order++, start: pos(stmt).start });
      movedStatements.add(stmt);
    } else if (stmt.type === 'VariableDeclaration' && stmt.kind === 'var') {
      for (const d of stmt.declarations) {
        if (removed.has(d) || d.id.type !== 'Identifier') continue;
        const deps = new Set<string>();
        const declPath = top.bindings[d.id.name]?.path;
        if (declPath === undefined || !isInert(d.init, declPath.scope, top, deps)) continue;
        units.push({ name: d.id.name, text: code.slice(pos(d).start, pos(d).end), isFunction: false, deps, heat: heatOf(d.id.name), order: order++, start: pos(d).start });
      }
    }
  }
  // a unit that needs a binding that stays in place stays too
  const movable = new Map(units.map((u) => [u.name, u]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const u of Array.from(movable.values())) {
      if (Array.from(u.deps).some((d) => !movable.has(d) && d !== u.name)) {
        movable.delete(u.name);
        changed = true;
      }
    }
  }
  // hottest first among those whose needs are placed (Kahn's order)
  const placed: Unit[] = [];
  const done = new Set<string>();
  const pending = Array.from(movable.values());
  while (pending.length > 0) {
    let best = -1;
    for (let i = 0; i < pending.length; i++) {
      const u = pending[i];
      if (Array.from(u.deps).some((d) => d !== u.name && !done.has(d))) continue;
      if (best < 0 || u.heat > pending[best].heat || (u.heat === pending[best].heat && u.order < pending[best].order)) best = i;
    }
    if (best < 0) throw new FoldError('a dependency cycle among top-level declarations');
    const u = pending.splice(best, 1)[0];
    done.add(u.name);
    placed.push(u);
  }
  const movedNames = new Set(placed.map((u) => u.name));
  report.moved = placed.length;

  // rewrite each top-level var declaration without its folded and moved declarators; drop moved functions
  for (const stmt of body) {
    if (stmt.type === 'FunctionDeclaration' && stmt.id && movedNames.has(stmt.id.name)) {
      edits.push({ ...pos(stmt), text: '' });
    } else if (stmt.type === 'VariableDeclaration') {
      const keep = stmt.declarations.filter((d) => !removed.has(d) && !(d.id.type === 'Identifier' && movedNames.has(d.id.name)));
      if (keep.length === stmt.declarations.length) continue;
      // the folded reads inside the kept declarators land in the new text
      edits.push({ ...pos(stmt), text: keep.length === 0 ? '' : stmt.kind + ' ' + keep.map((d) => withEdits(code, edits, code.slice(pos(d).start, pos(d).end), pos(d).start)).join(',') + ';' });
    }
  }

  // the front: aliases, then the moved declarations in their new order
  let front = aliasDecls.length > 0 ? 'var ' + aliasDecls.join(',') + ';' : '';
  let run: string[] = [];
  const flush = (): void => {
    if (run.length > 0) front += 'var ' + run.join(',') + ';';
    run = [];
  };
  for (const u of placed) {
    const text = withEdits(code, edits, u.text, u.start);
    if (u.isFunction) {
      flush();
      front += text;
    } else run.push(text);
  }
  flush();
  const insertAt = body.length > 0 ? pos(body[0]).start : pos(iifeNode.body).start + 1;
  const out = splice(code, edits, insertAt, front);
  parse(out, { sourceType: 'script' });
  report.bytesAfter = Buffer.byteLength(out);
  return { code: out, report };
}

/** Methods the interpreter calls by name without the program naming them. */
const IMPLICIT_METHODS = new Set(['toString', 'valueOf', 'toJSON', 'then', 'next', 'return', 'throw']);

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);

/** Whether `path` lies inside `ancestor` (or is it). */
function isWithin(path: NodePath | null, ancestor: NodePath): boolean {
  for (let q = path; q !== null; q = q.parentPath) if (q.node === ancestor.node) return true;
  return false;
}

/** An identifier that reads or writes a variable (not a property name, a key or a label). */
function isVariableUse(r: NodePath<T.Identifier>): boolean {
  const node: T.Node = r.node;
  const parent: T.Node = r.parent;
  if (r.isReferencedIdentifier()) return true;
  return (
    (parent.type === 'AssignmentExpression' && parent.left === node) ||
    (parent.type === 'UpdateExpression' && parent.argument === node) ||
    ((parent.type === 'ForInStatement' || parent.type === 'ForOfStatement') && parent.left === node) ||
    (parent.type === 'VariableDeclarator' && parent.id === node)
  );
}

/** Step 5's rule for one declarator of a `let`/`const` declaration `decl` inside function `fn`. */
function canBeVar(decl: NodePath<T.VariableDeclaration>, d: T.VariableDeclarator, fn: NodePath): boolean {
  if (d.id.type !== 'Identifier') return false;
  const name = d.id.name;
  const binding = decl.scope.getBinding(name);
  if (binding === undefined || binding.path.node !== d) return false;
  // no initial value: only a for-in/of head (assigned each turn) or outside any loop of fn
  if (d.init == null && !((decl.parent.type === 'ForInStatement' || decl.parent.type === 'ForOfStatement') && decl.parent.left === decl.node)) {
    for (let q: NodePath | null = decl.parentPath; q !== null && q.node !== fn.node; q = q.parentPath) if (LOOPS.has(q.node.type)) return false;
  }
  // declared again in a scope around it, up to the function's own
  for (let sc = binding.scope.parent; sc !== undefined && isWithin(sc.path, fn); sc = sc.parent) if (sc.hasOwnBinding(name)) return false;
  // every use of the name in fn resolves to one of fn's own bindings, and none from a function inside
  let ok = true;
  fn.traverse({
    Identifier(r) {
      if (!ok || r.node.name !== name || !isVariableUse(r)) return;
      const b = r.scope.getBinding(name);
      const inner = r.getFunctionParent();
      if (b === undefined || !isWithin(b.scope.path, fn)) ok = false;
      else if (inner !== null && inner.node !== fn.node && !isWithin(b.scope.path, inner)) ok = false;
    },
  });
  return ok;
}

/** The edits that fall inside [start, end) applied to code.slice(start, end). */
function withEdits(code: string, edits: Edit[], text: string, start: number): string {
  const end = start + text.length;
  const inner = edits.filter((e) => e.start >= start && e.end <= end && !(e.start === start && e.end === end)).sort((a, b) => b.start - a.start);
  let s = text;
  for (const e of inner) s = s.slice(0, e.start - start) + e.text + s.slice(e.end - start);
  return s;
}

/**
 * The code with the edits applied, outermost winning (an edit inside a replaced range was
 * already applied to its replacement's text), and `front` inserted at `insertAt`.
 */
function splice(code: string, edits: Edit[], insertAt: number, front: string): string {
  const sorted = edits.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const outer: Edit[] = [];
  let reach = -1;
  for (const e of sorted) {
    if (e.start < reach) {
      if (e.end > reach) throw new FoldError('overlapping edits');
      continue;
    }
    outer.push(e);
    reach = e.end;
  }
  let out = '';
  let at = 0;
  let inserted = false;
  for (const e of outer) {
    if (!inserted && insertAt <= e.start) {
      out += code.slice(at, insertAt) + front;
      at = insertAt;
      inserted = true;
    }
    out += code.slice(at, e.start) + e.text;
    at = e.end;
  }
  if (!inserted) {
    if (insertAt < at) throw new FoldError('the insertion point falls inside an edit');
    out += code.slice(at, insertAt) + front;
    at = insertAt;
  }
  return out + code.slice(at);
}

/**
 * Renders host/client/ops.ts: per op an args and a reply interface (wire units, field names as
 * in the spec, map keys as interfaces) and a typed method on OpsClient that sends the
 * positional arguments and decodes the reply by name, checked against the spec (reply.ts). A map
 * field's keys become one interface, shared by every op that uses the same keys.
 */
import type { FieldSpec, OpSpec, ProtocolSpec } from '../../protocol/spec/types';
import { pascal } from './check';
import { generatedHeader } from './header';

interface Out {
  decls: string[];
  /**
   * Map interfaces emitted so far, by their keys' wire shape (names and types, as the schema hash
   * sees them: a key's firmware reader is no concern of the host), one interface however many
   * ops use them.
   */
  maps: Map<string, string>;
}

function shapeOf(fields: readonly FieldSpec[]): string {
  return fields.map((f) => f.name + ':' + f.type + (f.keys !== undefined ? '{' + shapeOf(f.keys) + '}' : '')).join(',');
}

function tsType(out: Out, f: FieldSpec, typeName: string): string {
  switch (f.type) {
    case 'uint':
    case 'int':
    case 'f32':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'text':
      return 'string';
    case 'uints':
    case 'ints':
    case 'f32s':
    case 'f32le':
      return 'number[]';
    case 'opt-uints':
      return 'number[] | null';
    case 'map': {
      if (f.keys === undefined) return 'Record<string, unknown>';
      const shape = shapeOf(f.keys);
      const known = out.maps.get(shape);
      if (known !== undefined) return known;
      if ([...out.maps.values()].includes(typeName)) throw new Error(`gen: two different key sets would both be named ${typeName}; give the map fields different names`);
      out.maps.set(shape, typeName);
      emitInterface(out, typeName, f.keys, `the keys of ${f.name}`);
      return typeName;
    }
  }
}

function emitInterface(out: Out, name: string, fields: readonly FieldSpec[], doc: string): void {
  const base = name.endsWith('Map') ? name.slice(0, -3) : name;
  const lines = fields.map((f) => `  ${f.name}: ${tsType(out, f, base + pascal(f.name) + 'Map')};`);
  out.decls.push([`/** ${doc} */`, `export interface ${name} {`, ...lines, '}'].join('\n'));
}

function list(fields: readonly FieldSpec[]): string {
  return '[' + fields.map((f) => f.name).join(', ') + ']';
}

function renderOp(out: Out, op: OpSpec): string {
  const P = pascal(op.name);
  // named after the first op and field that use its keys; later ops with the same keys share it
  const mapName = (f: FieldSpec): string => P + (f.name === op.name ? '' : pascal(f.name)) + 'Map';
  const argLines = op.args.map((f) => {
    const t = tsType(out, f, mapName(f));
    return `  ${f.name}: ${f.type === 'map' && f.keys !== undefined ? `Partial<${t}>` : t};`;
  });
  const resultLines = op.result.map((f) => `  ${f.name}: ${tsType(out, f, mapName(f))};`);
  if (op.args.length) out.decls.push([`/** ${op.name}'s arguments (sent as ${list(op.args)}). */`, `export interface ${P}Args {`, ...argLines, '}'].join('\n'));
  out.decls.push([`/** ${op.name}'s reply (received as ${list(op.result)}). */`, `export interface ${P}Reply {`, ...resultLines, '}'].join('\n'));
  const params = op.args.length ? `a: ${P}Args, extra?: CallExtra` : 'extra?: CallExtra';
  // f32le fields travel packed; the method takes them as number arrays
  const wire = '[' + op.args.map((f) => (f.type === 'f32le' ? `packF32le(a.${f.name})` : `a.${f.name}`)).join(', ') + ']';
  // packing can refuse a value (packF32le throws): inside a promise, so the call rejects
  const send = op.args.some((f) => f.type === 'f32le')
    ? `Promise.resolve().then(() => this.call('${op.name}', ${wire}, extra))`
    : `this.call('${op.name}', ${wire}, extra)`;
  return [
    `  /** ${op.name} (op ${op.code}${op.pulses ? ', pulses' : ''}): ${list(op.args)} → ${list(op.result)} */`,
    `  ${op.name}(${params}): Promise<${P}Reply> {`,
    `    return ${send}.then((r) => decodeReply(this.spec('${op.name}'), r) as unknown as ${P}Reply);`,
    '  }',
  ].join('\n');
}

export function renderClient(spec: ProtocolSpec): string {
  const out: Out = { decls: [], maps: new Map() };
  const ops = spec.ops.slice().sort((a, b) => a.code - b.code);
  const methods = ops.map((op) => renderOp(out, op));
  const replies = ['/** Each op\'s reply type, by op name. */', 'export interface OpReplies {', ...ops.map((op) => `  ${op.name}: ${pascal(op.name)}Reply;`), '}'].join('\n');
  return [
    generatedHeader(),
    '/** The typed op client: one method per op of the spec, in wire units. The Board wraps it (board.ts). */',
    "import type { OpSpec } from '../../protocol/ops';",
    "import { opByName } from '../../protocol/validate';",
    ...(spec.ops.some((o) => o.args.some((f) => f.type === 'f32le')) ? ["import { packF32le } from '../../protocol/f32le';"] : []),
    "import { decodeReply } from './reply';",
    "import type { RequestOptions } from './requester';",
    '',
    'export type CallExtra = Partial<RequestOptions>;',
    '/** Sends one request and resolves with its positional result (the Board\'s request path). */',
    'export type CallFn = (op: string, args: readonly unknown[], extra?: CallExtra) => Promise<unknown[]>;',
    '',
    ...out.decls.flatMap((d) => [d, '']),
    replies,
    '',
    'export class OpsClient {',
    '  constructor(',
    '    private readonly call: CallFn,',
    '    /** Where the spec of an op is looked up (a test fixture hands in its own). */',
    '    private readonly lookup: (name: string) => OpSpec | undefined = opByName,',
    '  ) {}',
    '',
    '  private spec(name: string): OpSpec {',
    '    const s = this.lookup(name);',
    "    if (s === undefined) throw new TypeError(`ops: no spec for op ${name}`);",
    '    return s;',
    '  }',
    '',
    '  /** Decodes a reply already received (hello\'s, after its version check), checked against the spec. */',
    '  decode<K extends keyof OpReplies>(name: K, result: unknown): OpReplies[K] {',
    '    return decodeReply(this.spec(name), result) as unknown as OpReplies[K];',
    '  }',
    '',
    methods.join('\n\n'),
    '}',
    '',
  ].join('\n');
}

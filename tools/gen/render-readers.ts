/**
 * Renders firmware/ops/readers.ts: per op whose arguments carry a firmware reader (ArgRead), a
 * function that reads them in order into the Job with the firmware's argument checks
 * (firmware/ops/args.ts), so the name in a BAD_ARGUMENT's detail is the spec's. The op's
 * handler uses it as its `parse`. Per map argument whose keys carry readers (configSet's
 * config), a key reader `read<Arg>Key(fw, job, r, c, key)`: the op's parse reads the map and
 * hands it each key; the reader puts the value in c's field, or refuses an unknown key.
 * Ops with the same readers share one function, named after the first of them (an Espruino
 * function object costs variables, and so would an alias: three aliases cost 3 free variables on
 * the Pico layout); its comment lists the ops that use it. An op's checks across its arguments
 * (calPut, selftest) run at the start of its step, not in a parse of its own, for the same reason.
 * For the same reason the array arguments (opt-uints of channels, f32le) and the bool and minOn
 * checks are written out in the reader, not calls to helpers of their own: one op reads each today,
 * and a helper would be a function object more. Ops with arguments read by hand get none.
 */
import type { FieldSpec, OpSpec, ProtocolSpec } from '../../protocol/spec/types';
import { pascal } from './check';
import { generatedHeader } from './header';

/** The reader function's name for an op: 'read' + PascalName + 'Args'. */
export function readerName(op: string): string {
  return `read${pascal(op)}Args`;
}

/** The key reader's name for a map argument: 'read' + PascalName + 'Key' (configSet's config: readConfigKey). */
export function keyReaderName(arg: string): string {
  return `read${pascal(arg)}Key`;
}

/** A JS string literal in single quotes (names and texts the checker allows: no quote or backslash). */
function lit(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** What the rendered code uses: helpers from ./args and the constants it imports. */
interface Uses {
  helpers: Set<string>;
  errorCode: boolean;
  cborKind: boolean;
  /** a null channel list is filled from Job's CHANNEL_ORDER */
  channelOrder?: boolean;
  /** a float32 list's finiteness is checked with protocol/f32le's allFiniteF32 */
  allFinite?: boolean;
}

/** The call that reads a scalar argument or key (uint, int, f32, text with choices) and returns its value; `name` is its expression. */
function scalarCall(a: FieldSpec, name: string, uses: Uses): string {
  const rd = a.read!;
  let helper: string;
  let call: string;
  if (rd.check === 'channel') call = `${(helper = 'argChannel')}(fw, job, r)`;
  else if (rd.check === 'width') call = `${(helper = 'argWidth')}(fw, job, r)`;
  else if (rd.check === 'current') call = `${(helper = 'argCurrent')}(fw, job, r, ${name})`;
  else if (a.type === 'uint') {
    const max = rd.max === undefined ? '0xffffffff' : typeof rd.max === 'string' ? `fw.params.${rd.max}` : rd.max === 0xffffffff ? '0xffffffff' : String(rd.max);
    call = `${(helper = 'argUint')}(job, r, ${name}, ${rd.min ?? 0}, ${max})`;
  } else if (a.type === 'int') call = `${(helper = 'argInt')}(job, r, ${name})`;
  else if (a.type === 'text') call = `${(helper = 'argChoice')}(job, r, ${name}, ${lit(rd.choices![0])}, ${lit(rd.choices![1])})`;
  else call = `${(helper = 'argFloat')}(job, r, ${name})`;
  uses.helpers.add(helper);
  return call;
}

/**
 * The statements that read one scalar argument or key into `target` (e.g. 'job.channel',
 * 'c.settleMs'), indented by `ind`: the call, and a bool's kind check or a minOn check inline.
 */
function scalarStatements(a: FieldSpec, target: string, name: string, ind: string, uses: Uses): string[] {
  const rd = a.read!;
  if (a.type === 'bool') {
    uses.errorCode = true;
    uses.cborKind = true;
    return [
      `${ind}if (r.peekKind() === CborKind.BOOL) ${target} = r.readBool();`,
      `${ind}else job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must be true or false')}, ${name});`,
    ];
  }
  const out = [`${ind}${target} = ${scalarCall(a, name, uses)};`];
  if (rd.minOn !== undefined) {
    uses.errorCode = true;
    out.push(
      `${ind}if (job.errorCode === 0 && ${target} > 0 && ${target} < ${rd.minOn}) {`,
      `${ind}  job.fail(ErrorCode.BAD_ARGUMENT, ${lit(`${a.name} must be 0 (off) or at least ${rd.minOn}`)}, ${name});`,
      `${ind}}`,
    );
  }
  return out;
}

/** The local holding an opt-uints argument's length (−1: null). */
const countOf = (a: FieldSpec): string => `n${pascal(a.name)}`;

/**
 * An opt-uints of channels into a per-channel Job array: null (its length stays −1, the f32le
 * after it fills 0..n−1), or 1..channels channels.
 */
function optChannelsStatements(a: FieldSpec, uses: Uses): string[] {
  uses.errorCode = true;
  uses.helpers.add('argUint');
  const n = countOf(a);
  const name = lit(a.name);
  return [
    `  let ${n} = -1;`,
    '  if (r.isNull()) r.readNull();',
    '  else {',
    `    ${n} = r.readArrayHeader();`,
    `    if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must be an array of channels or null')}, ${name});`,
    `    if (${n} < 1 || ${n} > max) return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must hold 1..')} + max + ' entries', ${name});`,
    `    for (let i = 0; i < ${n}; i++) job.${a.read!.into}[i] = argUint(job, r, ${name}, 0, max - 1);`,
    '    if (job.errorCode !== 0) return PARSED;',
    '  }',
  ];
}

/**
 * An f32le into a per-channel Float32Array of the Job in one native copy: 1..channels values, all
 * finite; its length into `read.length`; the same length as `pair` (an opt-uints before it),
 * whose null becomes channels 0..n−1.
 */
function f32leStatements(a: FieldSpec, pair: FieldSpec | undefined, uses: Uses): string[] {
  uses.errorCode = true;
  const rd = a.read!;
  const name = lit(a.name);
  const values = `${a.name}F32`;
  const bytes = `${a.name}Bytes`;
  const n = `n${pascal(a.name)}`;
  const out = [
    `  const ${values} = job.${rd.into};`,
    // the values' bytes through the Job's view of them, made once (`<into>Bytes`)
    `  const ${bytes} = r.readBytesInto(job.${rd.into}Bytes);`,
    `  if (r.error !== 0) return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must be a byte string of float32 values (little-endian, 4 bytes each)')}, ${name});`,
    `  const ${n} = ${bytes} / 4;`,
    `  if (!(${n} >= 1 && ${n} <= max && ${n} === Math.floor(${n}))) {`,
    `    return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must hold 1..')} + max + ' float32 values (4..' + 4 * max + ' bytes), got ' + ${bytes} + ' bytes', ${name});`,
    '  }',
  ];
  if (pair !== undefined) {
    out.push(`  if (${countOf(pair)} >= 0 && ${countOf(pair)} !== ${n}) return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(`${pair.name} and ${a.name} must have the same length`)}, ${name});`);
  }
  uses.allFinite = true;
  out.push(`  if (!allFiniteF32(${values}, ${n})) return job.fail(ErrorCode.BAD_ARGUMENT, ${lit(a.name + ' must be finite')}, ${name});`);
  if (pair !== undefined) {
    // null channels: 0, 1, … n − 1 in one native copy
    uses.channelOrder = true;
    out.push(`  if (${countOf(pair)} < 0) job.${pair.read!.into}.set(CHANNEL_ORDER.subarray(0, ${n}));`);
  }
  out.push(`  job.${rd.length} = ${n};`);
  return out;
}

/** The body of an op's argument reader: its arguments in order. */
function argsBody(op: OpSpec, uses: Uses): string {
  const out: string[] = [];
  const arrays = op.args.some((a) => a.type === 'opt-uints' || a.type === 'f32le');
  if (arrays) out.push('  const max = fw.params.channels;');
  for (let i = 0; i < op.args.length; i++) {
    const a = op.args[i];
    const isArray = a.type === 'opt-uints' || a.type === 'f32le';
    // an array block reads on only from where the arguments before it left the reader
    if (isArray && i > 0 && !(op.args[i - 1].type === 'opt-uints' || op.args[i - 1].type === 'f32le')) out.push('  if (job.errorCode !== 0) return PARSED;');
    if (a.type === 'opt-uints') out.push(...optChannelsStatements(a, uses));
    else if (a.type === 'f32le') {
      const pair = op.args.slice(0, i).find((b) => b.type === 'opt-uints' && b.read!.length === a.read!.length);
      out.push(...f32leStatements(a, pair, uses));
    } else out.push(...scalarStatements(a, `job.${a.read!.into}`, lit(a.name), '  ', uses));
  }
  return out.join('\n');
}

/** A map argument's key reader: one branch per key, in the spec's order, then the unknown key. */
function keyReader(m: FieldSpec, ops: string[], uses: Uses): string[] {
  const keys = m.keys!;
  const fieldsType = `${pascal(m.name)}Fields`;
  const fields = keys.map((k) => `  ${k.read!.into}: ${k.type === 'bool' ? 'boolean' : 'number'};`);
  const body: string[] = [];
  keys.forEach((k, i) => {
    const stmts = scalarStatements(k, `c.${k.read!.into}`, 'key', '    ', uses);
    const head = `${i === 0 ? '  if' : '  } else if'} (key === ${lit(k.name)}) {`;
    body.push(head, ...stmts);
  });
  uses.errorCode = true;
  body.push('  } else {', `    job.fail(ErrorCode.BAD_ARGUMENT, ${lit(`unknown ${m.name} key "`)} + key + '"', key);`, '  }');
  return [
    `/** The fields ${keyReaderName(m.name)} sets: ${m.name}'s keys (${ops.join(', ')}), each into the field its reader names. */`,
    `export interface ${fieldsType} {`,
    ...fields,
    '}',
    '',
    `/** ${ops.join(', ')}: one key of the ${m.name} map, its value into c; an unknown key is refused. The first problem is kept in the job (errorCode). */`,
    `export function ${keyReaderName(m.name)}(fw: OpContext, job: Job, r: CborReaderCore, c: ${fieldsType}, key: string): void {`,
    ...body,
    '}',
    '',
  ];
}

export function renderReaders(spec: ProtocolSpec): string {
  const byCode = spec.ops.slice().sort((a, b) => a.code - b.code);
  const ops = byCode.filter((o: OpSpec) => o.args.length > 0 && o.args.every((a) => a.read !== undefined));
  const uses: Uses = { helpers: new Set<string>(), errorCode: false, cborKind: false };
  /** Reader body → the ops that share it, in code order. */
  const groups = new Map<string, OpSpec[]>();
  for (const op of ops) {
    const body = argsBody(op, uses);
    const group = groups.get(body);
    if (group) group.push(op);
    else groups.set(body, [op]);
  }
  const out: string[] = [];
  for (const [body, group] of groups) {
    const first = group[0];
    const also = group.slice(1).map((o) => o.name);
    out.push(
      `/** ${first.name} [${first.args.map((a) => a.name).join(', ')}] into the Job${also.length > 0 ? `; also ${also.join(', ')}` : ''}. The first problem is kept in the job (errorCode). */`,
      `export function ${readerName(first.name)}(fw: OpContext, job: Job, r: CborReaderCore): number {`,
      body,
      '  return PARSED;',
      '}',
      '',
    );
  }
  /** Map arguments with key readers, by name: the ops reading each (one reader per name). */
  const maps = new Map<string, { m: FieldSpec; ops: string[] }>();
  for (const op of byCode) {
    for (const a of op.args) {
      if (a.type !== 'map' || a.keys === undefined || !a.keys.some((k) => k.read !== undefined)) continue;
      const seen = maps.get(a.name);
      if (seen === undefined) maps.set(a.name, { m: a, ops: [op.name] });
      else seen.ops.push(op.name); // the same keys (checkSpec)
    }
  }
  for (const { m, ops: users } of maps.values()) out.push(...keyReader(m, users, uses));
  return [
    generatedHeader(),
    '/** The argument readers of the ops whose arguments (or map keys) the spec gives a firmware reader (ArgRead). */',
    "import type { CborReaderCore } from '../../protocol/cbor/reader-core';",
    ...(uses.cborKind ? ["import { CborKind } from '../../protocol/cbor/constants';"] : []),
    ...(uses.errorCode ? ["import { ErrorCode } from '../../protocol/ops';"] : []),
    ...(uses.allFinite ? ["import { allFiniteF32 } from '../../protocol/f32le';"] : []),
    "import type { OpContext } from '../core/op-context';",
    uses.channelOrder ? "import { CHANNEL_ORDER, type Job } from '../core/job';" : "import type { Job } from '../core/job';",
    `import { ${[...uses.helpers].sort().join(', ')} } from './args';`,
    "import { PARSED } from './op';",
    '',
    ...out,
  ].join('\n');
}

/**
 * Renders firmware/ops/readers.ts: per op whose arguments carry a firmware reader (ArgRead), a
 * function that reads them in order into the Job with the firmware's argument checks
 * (firmware/ops/args.ts), so the name in a BAD_ARGUMENT's detail is the spec's. The op's
 * handler uses it as its `parse`.
 * Ops with the same readers share one function, named after the first of them (an Espruino
 * function object costs variables, and so would an alias: three aliases cost 3 free variables on
 * the Pico layout); its comment lists the ops that use it. An op's checks across its arguments
 * (calPut, selftest) run at the start of its step, not in a parse of its own, for the same reason. Ops read by hand
 * (map and array arguments) get none.
 */
import type { FieldSpec, OpSpec, ProtocolSpec } from '../../protocol/spec/types';
import { pascal } from './check';
import { generatedHeader } from './header';

/** The reader function's name for an op: 'read' + PascalName + 'Args'. */
export function readerName(op: string): string {
  return `read${pascal(op)}Args`;
}

function readStatement(a: FieldSpec): string {
  const rd = a.read!;
  const name = JSON.stringify(a.name).replace(/"/g, "'");
  let call: string;
  if (rd.check === 'channel') call = 'argChannel(fw, job, r)';
  else if (rd.check === 'width') call = 'argWidth(fw, job, r)';
  else if (rd.check === 'current') call = `argCurrent(fw, job, r, ${name})`;
  else if (a.type === 'uint') {
    const max = rd.max === undefined ? '0xffffffff' : typeof rd.max === 'string' ? `fw.params.${rd.max}` : rd.max === 0xffffffff ? '0xffffffff' : String(rd.max);
    call = `argUint(job, r, ${name}, ${rd.min ?? 0}, ${max})`;
  } else if (a.type === 'int') call = `argInt(job, r, ${name})`;
  else call = `argFloat(job, r, ${name})`;
  return `  job.${rd.into} = ${call};`;
}

function helpersOf(a: FieldSpec): string {
  const rd = a.read!;
  if (rd.check === 'channel') return 'argChannel';
  if (rd.check === 'width') return 'argWidth';
  if (rd.check === 'current') return 'argCurrent';
  return a.type === 'uint' ? 'argUint' : a.type === 'int' ? 'argInt' : 'argFloat';
}

export function renderReaders(spec: ProtocolSpec): string {
  const ops = spec.ops
    .slice()
    .sort((a, b) => a.code - b.code)
    .filter((o: OpSpec) => o.args.length > 0 && o.args.every((a) => a.read !== undefined));
  const helpers = new Set<string>();
  /** Reader body → the ops that share it, in code order. */
  const groups = new Map<string, OpSpec[]>();
  for (const op of ops) {
    op.args.forEach((a) => helpers.add(helpersOf(a)));
    const body = op.args.map(readStatement).join('\n');
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
  return [
    generatedHeader(),
    '/** The argument readers of the ops whose arguments the spec gives a firmware reader (ArgRead). */',
    "import type { CborReaderCore } from '../../protocol/cbor/reader-core';",
    "import type { OpContext } from '../core/op-context';",
    "import type { Job } from '../core/job';",
    `import { ${[...helpers].sort().join(', ')} } from './args';`,
    "import { PARSED } from './op';",
    '',
    ...out,
  ].join('\n');
}

/**
 * Generated sections of docs/protocol.md (between `<!-- gen:NAME -->` and `<!-- /gen:NAME -->`).
 * tests/protocol/docs.test.ts checks the doc holds exactly these; to rewrite them:
 *   UPDATE_PROTOCOL_DOC=1 npx jest tests/protocol/docs.test.ts
 */
import * as fs from 'fs';
import * as path from 'path';
import * as P from '../../protocol';

export const DOC_PATH = path.join(__dirname, '../../docs/protocol.md');

function fields(specs: readonly P.FieldSpec[]): string {
  return specs.length ? specs.map((f) => `${f.name}: ${f.type}`).join(', ') : '—';
}

function opTable(): string {
  const rows = [...P.OP_TABLE].sort((a, b) => a.code - b.code).map((o) => `| ${o.code} | \`${o.name}\` | [${fields(o.args)}] | [${fields(o.result)}] | ${o.pulses ? 'yes' : 'no'} |`);
  return ['| code | op | args | result (status OK) | pulses |', '|---:|---|---|---|---|', ...rows].join('\n');
}

function fieldTypes(): string {
  const rows = Object.keys(P.FIELD_TYPE_TEXT).map((t) => `| \`${t}\` | ${P.FIELD_TYPE_TEXT[t]} |`);
  return ['| type | allowed values |', '|---|---|', ...rows].join('\n');
}

function errorTable(): string {
  const rows = Object.keys(P.ERROR_NAMES)
    .map(Number)
    .sort((a, b) => a - b)
    .map((c) => `| ${c} | \`${P.ERROR_NAMES[c]}\` | ${P.ERROR_MESSAGES[c]} |`);
  return ['| errorCode | name | message |', '|---:|---|---|', ...rows].join('\n');
}

function eventTable(): string {
  const rows = P.EVENT_TABLE.map((e) => `| ${e.code} | \`${e.name}\` | [${fields(e.data)}] |`);
  return ['| event | name | data |', '|---:|---|---|', ...rows].join('\n');
}

function warningTable(): string {
  const rows = P.WARNING_TABLE.map((w) => `| ${w.code} | \`${w.name}\` | ${w.message} |`);
  return ['| code | name | meaning |', '|---:|---|---|', ...rows].join('\n');
}

/** The keys of every map field, nested maps after their parent. */
function mapKeysTable(): string {
  const rows: string[] = [];
  const visit = (where: string, list: readonly P.FieldSpec[]): void => {
    for (const f of list) {
      if (f.keys === undefined) continue;
      const at = `${where} \`${f.name}\``;
      if (!rows.some((r) => r.startsWith(`| ${at} |`))) rows.push(`| ${at} | ${fields(f.keys)} |`);
      visit(at + ' ›', f.keys);
    }
  };
  for (const op of P.OP_TABLE) {
    visit(`\`${op.name}\` result`, op.result);
    visit(`\`${op.name}\` args`, op.args);
  }
  return ['| map | keys (a result map carries all; configSet\'s argument any of them) |', '|---|---|', ...rows].join('\n');
}

function limitsTable(): string {
  const names = [
    'PROTOCOL_VERSION', 'MAX_FRAME_BYTES', 'MAX_MESSAGE_BYTES', 'MAX_CBOR_DEPTH', 'MAX_CBOR_ITEMS', 'MAX_CBOR_STRING_BYTES',
    'SEQ_MAX', 'MAX_CHANNELS', 'MAX_CURRENT_UA', 'MIN_WIDTH_US', 'MAX_WIDTH_US', 'MAX_SWEEP_STEPS', 'RESPONSE_CACHE_SIZE',
  ];
  const lim = P as unknown as Record<string, number>;
  return ['| constant | value |', '|---|---:|', ...names.map((n) => `| \`${n}\` | ${lim[n]} |`)].join('\n');
}

/** The float32 values used for the overhead figures (0.1, −0.2, … as float32). */
export const OVERHEAD_XS = [0.1, -0.2, 0.3, 0.45, -0.5, 0.6, 0.7, -0.8, 0.9, 0.95].map((x) => new Float32Array([x])[0]);

function overheadTable(): string {
  const cases: [string, Uint8Array][] = [
    ['request `[1000, 13, [null, xs]]`', P.encodeRequest(1000, P.Op.ACTIVATE_MANY, [null, P.packF32le(OVERHEAD_XS)])],
    ['request `[1000, 13, [[0…9], xs]]`', P.encodeRequest(1000, P.Op.ACTIVATE_MANY, [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], P.packF32le(OVERHEAD_XS)])],
    ['response `[1000, 0, [ys, 12345]]`', P.encodeResponse(1000, P.Status.OK, [P.packF32le(OVERHEAD_XS), 12345])],
  ];
  const rows = cases.map(([name, cbor]) => {
    const frame = P.encodeFrame(cbor);
    return `| ${name} | ${cbor.length} | ${frame.length} | ${frame.length - cbor.length} | ${frame.length - 40} |`;
  });
  return [
    '| message (10 float32 values) | CBOR bytes | frame bytes | framing overhead (CRC + COBS + 0x00) | total overhead over the 40 value bytes |',
    '|---|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

export const SECTIONS: { [name: string]: () => string } = {
  ops: opTable,
  'field-types': fieldTypes,
  errors: errorTable,
  events: eventTable,
  'map-keys': mapKeysTable,
  warnings: warningTable,
  limits: limitsTable,
  overhead: overheadTable,
  'schema-hash': () => '`SCHEMA_HASH` = `0x' + P.SCHEMA_HASH.toString(16).padStart(8, '0') + '`',
};

/** The doc with every generated section replaced by its current text. */
export function regenerate(doc: string): string {
  let out = doc;
  for (const [name, gen] of Object.entries(SECTIONS)) {
    const re = new RegExp(`(<!-- gen:${name} -->\\n)[\\s\\S]*?(<!-- /gen:${name} -->)`);
    if (!re.test(out)) throw new Error(`docs/protocol.md lacks the section gen:${name}`);
    out = out.replace(re, (_m, a: string, b: string) => a + gen() + '\n' + b);
  }
  return out;
}

export function readDoc(): string {
  return fs.readFileSync(DOC_PATH, 'utf8');
}

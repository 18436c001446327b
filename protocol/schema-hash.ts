/**
 * The schema hash sent in `hello`: FNV-1a 32 over the canonical text of the whole spec. The
 * text has one line per op, event, error and warning code, each group sorted by code:
 *   <code> <name> pulses=<0|1> args=<name:type,…> result=<name:type,…>\n   (a map: name:map{keys})
 *   event <code> <name> data=<name:type,…>\n
 *   error <code> <NAME> "<message>"\n        warning <code> <NAME> "<message>"\n
 * so renaming a field or a map key, changing a type, a code, a message or the pulses flag
 * changes the hash, while the order of the tables' entries does not. Computed without Math.imul (absent on Espruino).
 */
import { PROTOCOL_SPEC } from './ops';
import type { CodeSpec, FieldSpec, ProtocolSpec } from './spec/types';

export const FNV_OFFSET = 0x811c9dc5;

function fieldsText(specs: readonly FieldSpec[]): string {
  let s = '';
  for (let i = 0; i < specs.length; i++) {
    const k = specs[i].keys;
    s += (i ? ',' : '') + specs[i].name + ':' + specs[i].type + (k !== undefined ? '{' + fieldsText(k) + '}' : '');
  }
  return s;
}

function byCode<T extends { code: number }>(list: readonly T[]): T[] {
  const a = list.slice();
  a.sort(function (x: T, y: T): number {
    return x.code - y.code;
  });
  return a;
}

function codesText(kind: string, list: readonly CodeSpec[]): string {
  let s = '';
  const a = byCode(list);
  for (let i = 0; i < a.length; i++) s += kind + ' ' + a[i].code + ' ' + a[i].name + ' ' + JSON.stringify(a[i].message) + '\n';
  return s;
}

/** The canonical text of a spec (what the hash covers). */
export function schemaText(spec: ProtocolSpec): string {
  let s = '';
  const ops = byCode(spec.ops);
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i];
    s += op.code + ' ' + op.name + ' pulses=' + (op.pulses ? 1 : 0) + ' args=' + fieldsText(op.args) + ' result=' + fieldsText(op.result) + '\n';
  }
  const events = byCode(spec.events);
  for (let i = 0; i < events.length; i++) s += 'event ' + events[i].code + ' ' + events[i].name + ' data=' + fieldsText(events[i].data) + '\n';
  return s + codesText('error', spec.errors) + codesText('warning', spec.warnings);
}

/** One FNV-1a step: (h ^ b) * 16777619 mod 2^32, by exact double arithmetic. */
function fnvStep(h: number, b: number): number {
  const low = h % 256;
  const x = h - low + (low ^ b);
  // x * 16777619 = x * 2^24 + x * 403; mod 2^32, x * 2^24 only keeps x's low byte.
  return (x * 403 + (x % 256) * 16777216) % 4294967296;
}

/** FNV-1a 32 of a string's UTF-8 bytes, as an unsigned 32-bit number. */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) h = fnvStep(h, c);
    else if (c < 0x800) {
      h = fnvStep(h, 0xc0 | (c >> 6));
      h = fnvStep(h, 0x80 | (c & 0x3f));
    } else {
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          i++;
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          h = fnvStep(h, 0xf0 | (c >> 18));
          h = fnvStep(h, 0x80 | ((c >> 12) & 0x3f));
          h = fnvStep(h, 0x80 | ((c >> 6) & 0x3f));
          h = fnvStep(h, 0x80 | (c & 0x3f));
          continue;
        }
      }
      if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      h = fnvStep(h, 0xe0 | (c >> 12));
      h = fnvStep(h, 0x80 | ((c >> 6) & 0x3f));
      h = fnvStep(h, 0x80 | (c & 0x3f));
    }
  }
  return h;
}

/** The schema hash of a spec (uint32). */
export function schemaHashOf(spec: ProtocolSpec): number {
  return fnv1a32(schemaText(spec));
}

/** The schema hash of this build's spec. */
export const SCHEMA_HASH: number = schemaHashOf(PROTOCOL_SPEC);

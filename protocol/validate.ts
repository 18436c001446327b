/**
 * Op lookups and the argument/result validators, driven by OP_TABLE's field types.
 * validateArgs / validateResult return null when valid, otherwise one sentence naming the op,
 * the field (name and position) and what is allowed, e.g.
 *   pulse: argument 'widthUs' (#3) must be uint (an integer 0 … 2^53 − 1), got -5
 * The checks are about types and the codec's ranges; the board's electrical limits are the
 * firmware's business (OUT_OF_LIMITS).
 */
import { ERROR_TABLE, EVENT_TABLE, OP_TABLE } from './ops';
import type { FieldSpec, FieldType, OpSpec } from './ops';
import { MAX_SAFE_INT } from './cbor/constants';
import { F32_MAX, unpackF32le } from './f32le';

/** Largest finite float32 (defined with the f32le packing). */
export { F32_MAX };

/** What each field type allows, in words (used in messages and docs/protocol.md). */
export const FIELD_TYPE_TEXT: { readonly [type: string]: string } = {
  uint: 'an integer 0 … 2^53 − 1',
  int: 'an integer within ±(2^53 − 1)',
  f32: 'a finite number within ±3.4028234663852886e38 (carried as float32)',
  bool: 'true or false',
  text: 'a text string',
  uints: 'an array of integers 0 … 2^53 − 1',
  ints: 'an array of integers within ±(2^53 − 1)',
  f32s: 'an array of finite numbers within ±3.4028234663852886e38',
  map: 'a map (object) with text keys',
  'opt-uints': 'null, or an array of integers 0 … 2^53 − 1',
  f32le: 'a byte string of finite float32 values, little-endian, 4 bytes each',
};

function buildByCode(): (OpSpec | undefined)[] {
  const a: (OpSpec | undefined)[] = [];
  for (let i = 0; i < OP_TABLE.length; i++) a[OP_TABLE[i].code] = OP_TABLE[i];
  return a;
}

const BY_CODE = buildByCode();

/** The op with this code, or undefined. */
export function opByCode(code: number): OpSpec | undefined {
  return typeof code === 'number' && code >= 0 ? BY_CODE[code] : undefined;
}

/** The op with this name (e.g. 'activateMany'), or undefined. */
export function opByName(name: string): OpSpec | undefined {
  for (let i = 0; i < OP_TABLE.length; i++) if (OP_TABLE[i].name === name) return OP_TABLE[i];
  return undefined;
}

function isUint(v: unknown): boolean {
  return typeof v === 'number' && v >= 0 && v <= MAX_SAFE_INT && Math.floor(v) === v;
}

function isInt(v: unknown): boolean {
  return typeof v === 'number' && v >= -MAX_SAFE_INT && v <= MAX_SAFE_INT && Math.floor(v) === v;
}

function isF32(v: unknown): boolean {
  return typeof v === 'number' && v >= -F32_MAX && v <= F32_MAX;
}

function scalarOk(type: string, v: unknown): boolean {
  if (type === 'uint') return isUint(v);
  if (type === 'int') return isInt(v);
  if (type === 'f32') return isF32(v);
  if (type === 'bool') return typeof v === 'boolean';
  if (type === 'text') return typeof v === 'string';
  return false;
}

/** A short rendering of a value for messages. */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return JSON.stringify(v.length > 24 ? v.slice(0, 24) + '…' : v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Uint8Array) return 'bytes(' + v.length + ')';
  if (Array.isArray(v)) return 'an array of ' + v.length;
  if (typeof v === 'object') return 'a map';
  return typeof v;
}

/** Null when v is a valid `type`, otherwise what is wrong (without the field name). */
export function checkField(type: FieldType, v: unknown): string | null {
  const allowed = type + ' (' + FIELD_TYPE_TEXT[type] + ')';
  if (type === 'map') {
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array)) return null;
    return 'must be ' + allowed + ', got ' + describeValue(v);
  }
  if (type === 'f32le') {
    if (!(v instanceof Uint8Array) || v.length % 4 !== 0) return 'must be ' + allowed + ', got ' + describeValue(v);
    const values = unpackF32le(v);
    const bad = values.findIndex((x) => !isFinite(x));
    return bad < 0 ? null : 'must be ' + allowed + '; value ' + bad + ' is ' + values[bad];
  }
  if (type === 'uints' || type === 'ints' || type === 'f32s' || type === 'opt-uints') {
    if (type === 'opt-uints' && v === null) return null;
    if (!Array.isArray(v)) return 'must be ' + allowed + ', got ' + describeValue(v);
    const item = type === 'ints' ? 'int' : type === 'f32s' ? 'f32' : 'uint';
    for (let i = 0; i < v.length; i++) {
      if (!scalarOk(item, v[i])) return 'must be ' + allowed + '; item ' + i + ' is ' + describeValue(v[i]);
    }
    return null;
  }
  if (scalarOk(type, v)) return null;
  return 'must be ' + allowed + ', got ' + describeValue(v);
}

/**
 * Null when v fits the field, map keys included: a result map carries exactly the spec's keys;
 * an argument map (`partial`, configSet's) any of them, and keys the spec does not know are left
 * to the firmware, which refuses them by name (BAD_ARGUMENT). Each known key's value is checked
 * against its type.
 */
export function checkFieldSpec(spec: FieldSpec, v: unknown, partial: boolean): string | null {
  const why = checkField(spec.type, v);
  if (why !== null || spec.keys === undefined) return why;
  const keys = spec.keys;
  const map = v as { [key: string]: unknown };
  const known: { [key: string]: FieldSpec } = {};
  for (let i = 0; i < keys.length; i++) known[keys[i].name] = keys[i];
  const present = Object.keys(map);
  for (let i = 0; i < present.length && !partial; i++) {
    if (known[present[i]] === undefined) return "has the key '" + present[i] + "' the spec does not know (keys: " + fieldNames(keys) + ')';
  }
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!(k.name in map)) {
      if (partial) continue;
      return "lacks the key '" + k.name + "'";
    }
    const kw = checkFieldSpec(k, map[k.name], partial);
    if (kw !== null) return "key '" + k.name + "' " + kw;
  }
  return null;
}

function fieldNames(specs: readonly FieldSpec[]): string {
  const names: string[] = [];
  for (let i = 0; i < specs.length; i++) names.push(specs[i].name);
  return names.join(', ');
}

function resolve(op: number | string | OpSpec): OpSpec | undefined {
  if (typeof op === 'number') return opByCode(op);
  if (typeof op === 'string') return opByName(op);
  return op;
}

function validateFields(spec: OpSpec, what: string, specs: readonly FieldSpec[], values: unknown): string | null {
  const plural = what + 's';
  if (!Array.isArray(values)) return spec.name + ': ' + plural + ' must be an array, got ' + describeValue(values);
  if (values.length !== specs.length) {
    const list = specs.length ? ' (' + fieldNames(specs) + ')' : '';
    return spec.name + ': expects ' + specs.length + ' ' + (specs.length === 1 ? what : plural) + list + ', got ' + values.length;
  }
  for (let i = 0; i < specs.length; i++) {
    const why = checkFieldSpec(specs[i], values[i], what === 'argument');
    if (why !== null) return spec.name + ': ' + what + " '" + specs[i].name + "' (#" + (i + 1) + ') ' + why;
  }
  return null;
}

/** Null when `args` fit the op's argument list, else a message naming the field and what is allowed. */
export function validateArgs(op: number | string | OpSpec, args: unknown): string | null {
  const spec = resolve(op);
  if (spec === undefined) return 'unknown op ' + String(op);
  return validateFields(spec, 'argument', spec.args, args);
}

/** Null when `result` fits the op's OK result list, else a message naming the field. */
export function validateResult(op: number | string | OpSpec, result: unknown): string | null {
  const spec = resolve(op);
  if (spec === undefined) return 'unknown op ' + String(op);
  return validateFields(spec, 'result', spec.result, result);
}

/** The name of the argument a validateArgs message is about (for an error's detail), or null. */
export function argumentNameOf(message: string): string | null {
  const i = message.indexOf("argument '");
  if (i < 0) return null;
  const j = message.indexOf("'", i + 10);
  return j < 0 ? null : message.slice(i + 10, j);
}

/** Null when `data` fits the event's payload fields (EVENT_TABLE), else what is wrong. */
export function validateEvent(event: number, data: unknown): string | null {
  let spec: { name: string; data: readonly FieldSpec[] } | undefined;
  for (let i = 0; i < EVENT_TABLE.length; i++) if (EVENT_TABLE[i].code === event) spec = EVENT_TABLE[i];
  if (spec === undefined) return 'unknown event ' + String(event);
  const asOp: OpSpec = { name: 'event ' + spec.name, code: event, args: [], result: spec.data, pulses: false };
  return validateFields(asOp, 'field', spec.data, data);
}

/** Null when an error response fits the spec: a known error code, result [message, detail text or null]. */
export function validateErrorReply(status: number, result: unknown): string | null {
  let known = false;
  for (let i = 0; i < ERROR_TABLE.length; i++) if (ERROR_TABLE[i].code === status) known = true;
  if (!known) return 'unknown error code ' + String(status);
  if (!Array.isArray(result) || result.length !== 2 || typeof result[0] !== 'string' || (result[1] !== null && typeof result[1] !== 'string')) {
    return 'error ' + status + ': result must be [message, detail or null], got ' + describeValue(result);
  }
  return null;
}

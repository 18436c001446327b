/**
 * checkSpec: refuses a spec the generator cannot turn into code both sides agree on —
 * duplicate or non-contiguous codes (ops, events, errors and warnings each number 1…n), names
 * that are not identifiers or repeat, a field without a known type, map keys on a non-map.
 * Every problem is a SpecError whose message names the table, the entry and what to fix.
 */
import type { ArgRead, CodeSpec, FieldSpec, OpSpec, ProtocolSpec } from '../../protocol/spec/types';

export const FIELD_TYPES: readonly string[] = ['uint', 'int', 'f32', 'bool', 'text', 'uints', 'ints', 'f32s', 'map', 'opt-uints', 'f32le'];

export class SpecError extends Error {
  readonly code = 'BAD_SPEC';
  constructor(message: string) {
    super('protocol spec: ' + message);
    this.name = 'SpecError';
  }
}

const CAMEL = /^[a-z][A-Za-z0-9]*$/;
const UPPER_SNAKE = /^[A-Z][A-Z0-9_]*$/;

function checkCodes(what: string, entries: readonly { name: string; code: number }[], namePattern: RegExp): void {
  const names = new Set<string>();
  const sorted = entries.slice().sort((a, b) => a.code - b.code);
  for (let i = 0; i < sorted.length; i++) {
    const e = sorted[i];
    if (typeof e.name !== 'string' || !namePattern.test(e.name)) {
      throw new SpecError(`${what} ${JSON.stringify(e.name)} (code ${e.code}): the name must match ${namePattern}`);
    }
    if (names.has(e.name)) throw new SpecError(`${what} name "${e.name}" is used twice`);
    names.add(e.name);
    if (typeof e.code !== 'number' || !Number.isInteger(e.code)) throw new SpecError(`${what} "${e.name}": code ${String(e.code)} is not an integer`);
    if (i > 0 && sorted[i - 1].code === e.code) {
      throw new SpecError(`${what} code ${e.code} is used twice ("${sorted[i - 1].name}" and "${e.name}")`);
    }
    if (e.code !== i + 1) {
      throw new SpecError(`${what} codes must be contiguous from 1: expected ${i + 1}, found ${e.code} ("${e.name}")`);
    }
  }
}

function checkFields(where: string, fields: readonly FieldSpec[]): void {
  if (!Array.isArray(fields)) throw new SpecError(`${where}: the field list is missing`);
  const names = new Set<string>();
  for (let i = 0; i < fields.length; i++) {
    const fs = fields[i];
    const at = `${where}, field #${i + 1} ${JSON.stringify(fs?.name)}`;
    if (typeof fs?.name !== 'string' || !CAMEL.test(fs.name)) throw new SpecError(`${at}: the name must be a camelCase identifier`);
    if (names.has(fs.name)) throw new SpecError(`${at}: the name is used twice`);
    names.add(fs.name);
    if (fs.type === undefined) throw new SpecError(`${at} has no type (one of ${FIELD_TYPES.join(', ')})`);
    if (!FIELD_TYPES.includes(fs.type)) throw new SpecError(`${at}: unknown type "${String(fs.type)}" (one of ${FIELD_TYPES.join(', ')})`);
    if (fs.keys !== undefined) {
      if (fs.type !== 'map') throw new SpecError(`${at}: only a map has keys`);
      checkFields(`${at} (map keys)`, fs.keys);
    }
  }
}

function checkMessages(what: string, table: readonly CodeSpec[]): void {
  for (const c of table) {
    if (typeof c.message !== 'string' || c.message === '') throw new SpecError(`${what} ${c.name}: the message is missing`);
  }
}

const INTO = /^[a-z][A-Za-z0-9]*(\[\d+\])?$/;
const FIELD = /^[a-z][A-Za-z0-9]*$/;

/** The read fields a reader of this kind may carry (the rest are refused, naming them). */
function refuseOthers(at: string, rd: ArgRead, allowed: readonly string[], what: string): void {
  for (const k of Object.keys(rd)) {
    if (k !== 'into' && !allowed.includes(k) && (rd as unknown as { [k: string]: unknown })[k] !== undefined) {
      throw new SpecError(`${at}: read.${k} is not for ${what}`);
    }
  }
}

/** One reader (ArgRead): `into` names a field and the rest fits the field's type. */
function checkRead(at: string, a: FieldSpec, isKey: boolean): void {
  const rd = a.read!;
  if (typeof rd.into !== 'string' || !INTO.test(rd.into)) throw new SpecError(`${at}: read.into must name a Job field, e.g. 'channel' or 'ints[4]', got ${JSON.stringify(rd.into)}`);
  if (rd.check !== undefined) {
    if (!['channel', 'width', 'current'].includes(rd.check)) throw new SpecError(`${at}: unknown check "${String(rd.check)}" (channel, current, width)`);
    if (isKey) throw new SpecError(`${at}: the ${rd.check} check is for a positional argument, not a map key`);
  }
  if (rd.check === 'channel' && a.type !== 'opt-uints' && (a.name !== 'channel' || a.type !== 'uint')) throw new SpecError(`${at}: the channel check is for a uint named "channel" or an opt-uints of channels`);
  if (rd.check === 'width' && (a.name !== 'widthUs' || a.type !== 'uint')) throw new SpecError(`${at}: the width check is for a uint named "widthUs"`);
  if (rd.check === 'current' && a.type !== 'int') throw new SpecError(`${at}: the current check is for an int`);
  if (rd.min !== undefined && typeof rd.min !== 'number') throw new SpecError(`${at}: min must be a number`);
  if (rd.max !== undefined && typeof rd.max !== 'number' && typeof rd.max !== 'string') throw new SpecError(`${at}: max must be a number or a Params field name`);
  if (typeof rd.max === 'string' && !FIELD.test(rd.max)) throw new SpecError(`${at}: max must be a number or a Params field name`);
  if (a.type === 'uint' && rd.check === undefined) refuseOthers(at, rd, ['min', 'max', 'minOn'], 'a uint');
  else if (a.type === 'uint' || a.type === 'int' || a.type === 'f32') refuseOthers(at, rd, ['check'], rd.check === undefined ? `an ${a.type}` : `a ${a.type} with the ${rd.check} check`);
  else if (a.type === 'bool') {
    if (!isKey) throw new SpecError(`${at}: a generated reader reads a bool map key, not a bool argument`);
    refuseOthers(at, rd, [], 'a bool');
  } else if (a.type === 'text') {
    if (!isKey) throw new SpecError(`${at}: a generated reader reads a text map key with choices, not a text argument`);
    const c = rd.choices;
    if (!Array.isArray(c) || c.length !== 2 || c.some((t) => typeof t !== 'string' || t === '' || /["\\]/.test(t)) || c[0] === c[1]) {
      throw new SpecError(`${at}: a text key's reader needs choices: two different texts (its field gets the index of the one sent)`);
    }
    refuseOthers(at, rd, ['choices'], 'a text');
  } else if (a.type === 'opt-uints' || a.type === 'f32le') {
    if (isKey) throw new SpecError(`${at}: a generated reader reads an ${a.type} argument, not a map key`);
    if (!FIELD.test(rd.into)) throw new SpecError(`${at}: read.into must name a per-channel Job array, e.g. 'channels', got ${JSON.stringify(rd.into)}`);
    if (typeof rd.length !== 'string' || !FIELD.test(rd.length)) throw new SpecError(`${at}: an ${a.type} reader needs read.length, the Job field its length goes into`);
    if (a.type === 'opt-uints' && rd.check !== 'channel') throw new SpecError(`${at}: an opt-uints reader reads channels (check: 'channel')`);
    refuseOthers(at, rd, a.type === 'opt-uints' ? ['check', 'length'] : ['length'], `an ${a.type}`);
  } else throw new SpecError(`${at}: a generated reader reads uint, int, f32, opt-uints or f32le (and bool or text map keys), not ${a.type}`);
  if (rd.choices !== undefined && a.type !== 'text') throw new SpecError(`${at}: choices are for a text key`);
  if (rd.minOn !== undefined && !(Number.isInteger(rd.minOn) && rd.minOn > 1)) throw new SpecError(`${at}: minOn must be an integer above 1`);
}

/**
 * An op's argument readers (ArgRead): all its arguments have one or none does (an op read by
 * hand); a map argument has none itself, its keys all have one or none (the key reader). An
 * opt-uints reader needs the f32le after it with the same length field (its null's n); a length
 * field is shared by at most that pair.
 */
function checkReads(op: OpSpec): void {
  for (const a of op.args) {
    const at = `op "${op.name}" argument "${a.name}"`;
    if (a.type === 'map' && a.read !== undefined) throw new SpecError(`${at}: a map argument's readers go on its keys`);
    const keys = a.keys ?? [];
    for (const k of keys) if (k.keys !== undefined) refuseReads(`${at} key "${k.name}" (map keys)`, k.keys);
    const keyReads = keys.filter((k) => k.read !== undefined).length;
    if (keyReads === 0) continue;
    if (keyReads !== keys.length) throw new SpecError(`${at}: either every key has a firmware reader (read) or none has`);
    for (const k of keys) checkRead(`${at} key "${k.name}"`, k, true);
  }
  const withRead = op.args.filter((a) => a.read !== undefined).length;
  if (withRead === 0) return;
  if (withRead !== op.args.length) throw new SpecError(`op "${op.name}": either every argument has a firmware reader (read) or none has`);
  const lengths = new Map<string, FieldSpec[]>();
  for (const a of op.args) {
    checkRead(`op "${op.name}" argument "${a.name}"`, a, false);
    const len = a.read!.length;
    if (len !== undefined) lengths.set(len, (lengths.get(len) ?? []).concat([a]));
  }
  for (const [len, group] of lengths) {
    const types = group.map((a) => a.type).join(', ');
    if (types !== 'f32le' && types !== 'opt-uints, f32le') {
      throw new SpecError(`op "${op.name}": length field "${len}" is shared by ${group.map((a) => `"${a.name}" (${a.type})`).join(', ')}: one f32le, or an opt-uints and the f32le after it`);
    }
  }
}

/** No reader outside an op's arguments (results and events are written, not read, by the firmware). */
function refuseReads(where: string, fields: readonly FieldSpec[]): void {
  for (const fs of fields) {
    if (fs.read !== undefined) throw new SpecError(`${where} field "${fs.name}": only an op argument (or its map keys) has a firmware reader`);
    if (fs.keys !== undefined) refuseReads(`${where} field "${fs.name}" (map keys)`, fs.keys);
  }
}

/** Throws a SpecError for the first problem; returns the spec when it is sound. */
export function checkSpec(spec: ProtocolSpec): ProtocolSpec {
  checkCodes('op', spec.ops, CAMEL);
  for (const op of spec.ops) {
    if (typeof op.pulses !== 'boolean') throw new SpecError(`op "${op.name}": pulses must be true or false`);
    checkFields(`op "${op.name}" args`, op.args);
    checkFields(`op "${op.name}" result`, op.result);
    checkReads(op);
    refuseReads(`op "${op.name}" result`, op.result);
  }
  // a map argument's key reader is named after the argument (readConfigKey): one per name
  const keyReaders = new Map<string, string>();
  for (const op of spec.ops) {
    for (const a of op.args) {
      if (a.type !== 'map' || !(a.keys ?? []).some((k) => k.read !== undefined)) continue;
      const keys = JSON.stringify(a.keys);
      const seen = keyReaders.get(a.name);
      if (seen !== undefined && seen !== keys) throw new SpecError(`op "${op.name}" argument "${a.name}": another op's map argument "${a.name}" has other keys or readers (its key reader is one per argument name)`);
      keyReaders.set(a.name, keys);
    }
  }
  checkCodes('event', spec.events, CAMEL);
  for (const ev of spec.events) {
    checkFields(`event "${ev.name}" data`, ev.data);
    refuseReads(`event "${ev.name}" data`, ev.data);
  }
  checkCodes('error', spec.errors, UPPER_SNAKE);
  checkMessages('error', spec.errors);
  checkCodes('warning', spec.warnings, UPPER_SNAKE);
  checkMessages('warning', spec.warnings);
  return spec;
}

/** 'activateMany' → 'ACTIVATE_MANY' (the constant's name). */
export function upperSnake(name: string): string {
  return name.replace(/([A-Z])/g, '_$1').toUpperCase();
}

/** 'activateMany' → 'activate-many' (the firmware handler's file). */
export function kebab(name: string): string {
  return name.replace(/([A-Z])/g, '-$1').toLowerCase();
}

/** 'activateMany' → 'ActivateMany' (the host's type names). */
export function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * checkSpec: refuses a spec the generator cannot turn into code both sides agree on —
 * duplicate or non-contiguous codes (ops, events, errors and warnings each number 1…n), names
 * that are not identifiers or repeat, a field without a known type, map keys on a non-map.
 * Every problem is a SpecError whose message names the table, the entry and what to fix.
 */
import type { CodeSpec, FieldSpec, OpSpec, ProtocolSpec } from '../../protocol/spec/types';

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

/**
 * An op's argument readers (ArgRead): all its arguments have one or none does (an op read by
 * hand); each names a Job field; a check fits the field's name and type.
 */
function checkReads(op: OpSpec): void {
  const withRead = op.args.filter((a) => a.read !== undefined).length;
  if (withRead === 0) return;
  if (withRead !== op.args.length) throw new SpecError(`op "${op.name}": either every argument has a firmware reader (read) or none has`);
  for (const a of op.args) {
    const rd = a.read!;
    const at = `op "${op.name}" argument "${a.name}"`;
    if (typeof rd.into !== 'string' || !INTO.test(rd.into)) throw new SpecError(`${at}: read.into must name a Job field, e.g. 'channel' or 'ints[4]', got ${JSON.stringify(rd.into)}`);
    if (rd.check === 'channel' && (a.name !== 'channel' || a.type !== 'uint')) throw new SpecError(`${at}: the channel check is for a uint named "channel"`);
    if (rd.check === 'width' && (a.name !== 'widthUs' || a.type !== 'uint')) throw new SpecError(`${at}: the width check is for a uint named "widthUs"`);
    if (rd.check === 'current' && a.type !== 'int') throw new SpecError(`${at}: the current check is for an int`);
    if (rd.check !== undefined && !['channel', 'width', 'current'].includes(rd.check)) throw new SpecError(`${at}: unknown check "${String(rd.check)}" (channel, current, width)`);
    if (rd.check === undefined && !['uint', 'int', 'f32'].includes(a.type)) throw new SpecError(`${at}: a generated reader reads uint, int or f32, not ${a.type}`);
    if ((rd.min !== undefined || rd.max !== undefined) && (rd.check !== undefined || a.type !== 'uint')) throw new SpecError(`${at}: min/max are for a uint without a check`);
    if (typeof rd.max === 'string' && !/^[a-z][A-Za-z0-9]*$/.test(rd.max)) throw new SpecError(`${at}: max must be a number or a Params field name`);
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
  }
  checkCodes('event', spec.events, CAMEL);
  for (const ev of spec.events) checkFields(`event "${ev.name}" data`, ev.data);
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

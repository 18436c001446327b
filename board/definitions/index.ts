/**
 * Loads a board definition by id (a file `<id>.json` in this folder) or by path, checks it
 * against board.schema.json (generated from `BoardDefinition`) and against the rules a schema
 * cannot say (populated channels inside the selector, width range ordered…). Errors name the
 * field, e.g. `lockin.filterOrder: must be number`.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { BoardDefinition } from './definition';
import { DefinitionError } from './errors';

export const DEFINITIONS_DIR = __dirname;
export const REFERENCE_BOARD_ID = 'nucleon-pico-ref';

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (validator === undefined) {
    const schemaText = fs.readFileSync(path.join(DEFINITIONS_DIR, 'board.schema.json'), 'utf8');
    const schema: unknown = JSON.parse(schemaText);
    if (typeof schema !== 'object' || schema === null) throw new DefinitionError('BAD_DEFINITION', 'board.schema.json is not an object');
    validator = new Ajv({ allErrors: true, strict: false }).compile(schema);
  }
  return validator;
}

function fieldName(error: ErrorObject): string {
  const base = error.instancePath.replace(/^\//, '').replace(/\//g, '.');
  if (error.keyword === 'required') {
    const missing = (error.params as { missingProperty?: string }).missingProperty ?? '?';
    return base === '' ? missing : `${base}.${missing}`;
  }
  if (error.keyword === 'additionalProperties') {
    const extra = (error.params as { additionalProperty?: string }).additionalProperty ?? '?';
    return base === '' ? extra : `${base}.${extra}`;
  }
  return base === '' ? '(root)' : base;
}

function describe(error: ErrorObject): string {
  if (error.keyword === 'required') return 'is required';
  if (error.keyword === 'additionalProperties') return 'is not a board definition field';
  if (error.keyword === 'enum') {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return error.message ?? 'is invalid';
}

/** Rules beyond the schema's types; returns "field: problem" strings. */
function semanticProblems(def: BoardDefinition): string[] {
  const problems: string[] = [];
  const isInt = (n: number): boolean => Number.isInteger(n);
  if (!isInt(def.channels) || def.channels < 1 || def.channels > 16) problems.push('channels: must be an integer 1..16');
  const seen = new Set<number>();
  def.populated.forEach((ch, i) => {
    if (!isInt(ch) || ch < 0 || ch >= def.channels) problems.push(`populated[${i}]: ${ch} is not a channel 0..${def.channels - 1}`);
    if (seen.has(ch)) problems.push(`populated[${i}]: channel ${ch} listed twice`);
    seen.add(ch);
  });
  const pinNames = [...def.pins.select, def.pins.enable, def.pins.polarity, def.pins.gate, def.pins.adc, def.pins.dacCs];
  const pinSeen = new Set<string>();
  for (const pin of pinNames) {
    if (pinSeen.has(pin)) problems.push(`pins: ${pin} is used twice`);
    pinSeen.add(pin);
  }
  if (!isInt(def.dac.bits) || def.dac.bits < 8 || def.dac.bits > 16) problems.push('dac.bits: must be an integer 8..16');
  if (!(def.dac.fullScaleUa > 0)) problems.push('dac.fullScaleUa: must be > 0');
  if (!(def.dac.complianceV > 0)) problems.push('dac.complianceV: must be > 0');
  if (!(def.dac.riseTimeNs >= 0)) problems.push('dac.riseTimeNs: must be >= 0');
  if (!isInt(def.adc.bits) || def.adc.bits < 8 || def.adc.bits > 24) problems.push('adc.bits: must be an integer 8..24');
  if (!(def.adc.referenceV > 0)) problems.push('adc.referenceV: must be > 0');
  if (!(def.adc.noiseRmsCounts >= 0)) problems.push('adc.noiseRmsCounts: must be >= 0');
  if (!(def.lockin.frequencyHz > 0)) problems.push('lockin.frequencyHz: must be > 0');
  if (!(def.lockin.excitationUaRms > 0)) problems.push('lockin.excitationUaRms: must be > 0');
  if (!(def.lockin.timeConstantMs > 0)) problems.push('lockin.timeConstantMs: must be > 0');
  if (!isInt(def.lockin.filterOrder) || def.lockin.filterOrder < 1 || def.lockin.filterOrder > 8) problems.push('lockin.filterOrder: must be an integer 1..8');
  if (!(def.lockin.settleFraction > 0 && def.lockin.settleFraction < 1)) problems.push('lockin.settleFraction: must be in (0, 1)');
  if (!(def.limits.maxCurrentUa > 0 && def.limits.maxCurrentUa <= def.dac.fullScaleUa)) problems.push('limits.maxCurrentUa: must be in (0, dac.fullScaleUa]');
  if (!(def.limits.minWidthUs > 0 && def.limits.minWidthUs <= def.limits.maxWidthUs)) problems.push('limits.minWidthUs: must be > 0 and <= limits.maxWidthUs');
  if (!(def.limits.stressMaxMj > 0)) problems.push('limits.stressMaxMj: must be > 0');
  if (!(def.limits.stressTauS > 0)) problems.push('limits.stressTauS: must be > 0');
  if (!(def.limits.guardFraction > 0 && def.limits.guardFraction <= 1)) problems.push('limits.guardFraction: must be in (0, 1]');
  if (!(def.limits.channelResistanceOhm > 0)) problems.push('limits.channelResistanceOhm: must be > 0');
  if (!(def.limits.heartbeatTimeoutMs >= 0)) problems.push('limits.heartbeatTimeoutMs: must be >= 0 (0 = off)');
  if (!(def.selector.onResistanceOhm >= 0)) problems.push('selector.onResistanceOhm: must be >= 0');
  if (!(def.storage.bytes > 0)) problems.push('storage.bytes: must be > 0');
  const field = def.fieldDeltaROhm;
  if (typeof field === 'number' && !(field > 0)) problems.push('fieldDeltaROhm: must be > 0 (Ω)');
  if (Array.isArray(field)) {
    if (field.length !== def.channels) problems.push(`fieldDeltaROhm: must hold one value per channel (${def.channels}), not ${field.length}`);
    field.forEach((v, i) => {
      if (v !== null && !(v > 0)) problems.push(`fieldDeltaROhm[${i}]: must be > 0 (Ω) or null`);
    });
  }
  return problems;
}

/** Checks a parsed value; `source` names it in messages (a path or "board <id>"). */
export function validateBoardDefinition(value: unknown, source = 'board definition'): BoardDefinition {
  const validate = getValidator();
  if (!validate(value)) {
    const problems = (validate.errors ?? []).map((e) => `${fieldName(e)}: ${describe(e)}`);
    throw new DefinitionError('BAD_DEFINITION', `${source}: ${problems.join('; ')}`);
  }
  const def = value as BoardDefinition;
  const problems = semanticProblems(def);
  if (problems.length > 0) throw new DefinitionError('BAD_DEFINITION', `${source}: ${problems.join('; ')}`);
  return def;
}

/** Ids of the definitions shipped in this folder. */
export function listBoardIds(): string[] {
  return fs
    .readdirSync(DEFINITIONS_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'board.schema.json' && !f.endsWith('.costs.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The file of a definition named by id or path (see loadBoardDefinition). */
export function boardDefinitionFile(idOrPath: string = REFERENCE_BOARD_ID): string {
  const isPath = idOrPath.includes('/') || idOrPath.includes(path.sep) || idOrPath.endsWith('.json');
  return isPath ? idOrPath : path.join(DEFINITIONS_DIR, `${idOrPath}.json`);
}

/** `idOrPath`: an id from `listBoardIds()`, or a path to a JSON file (contains "/" or ends ".json"). */
export function loadBoardDefinition(idOrPath: string = REFERENCE_BOARD_ID): BoardDefinition {
  const isPath = idOrPath.includes('/') || idOrPath.includes(path.sep) || idOrPath.endsWith('.json');
  const file = boardDefinitionFile(idOrPath);
  if (!isPath && !listBoardIds().includes(idOrPath)) {
    throw new DefinitionError('UNKNOWN_BOARD', `unknown board "${idOrPath}"; known: ${listBoardIds().join(', ')}`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new DefinitionError('UNKNOWN_BOARD', `cannot read board definition ${file}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DefinitionError('BAD_DEFINITION', `${file}: not JSON (${(error as Error).message})`);
  }
  return validateBoardDefinition(value, file);
}

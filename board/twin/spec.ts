/**
 * The twin's spec string (what `openBoard('sim:…')` and `--board sim:…` carry):
 *   sim                       defaults, seed 1
 *   sim:SEED                  seed only
 *   sim:seed=7,lockinTauMs=3,deltaRAheOhm=0.8,model=physical,state=FILE,fault=open-channel:3,fault=link-loss:0.02
 *   sim:seed=2,fault=open-channel:3@500       channel 3 opens after 500 activateMany requests (examples, for the trainer) (board/twin/faults.ts)
 * Keys: seed, board (id or JSON path), model (default|physical), state (file), fault (repeatable),
 * every instrument-chain parameter (board/twin/params.ts) and every device parameter
 * (board/twin/device/params.ts). Unknown keys, bad numbers and unknown faults are TwinErrors
 * naming the key and listing what is allowed.
 */
import { CHAIN_PARAM_DOCS, CHAIN_PARAM_NAMES, type ChainParams } from './params';
import { DEVICE_DEFAULTS, validateDeviceParams, type DeviceParams, type DeviceModel } from './device';
import { TwinError } from './errors';
import { DELAYED_FAULT_KINDS, FAULT_FORMS, type Fault } from './faults';
import { REFERENCE_BOARD_ID } from '../definitions';


/** A value as shown in an error: long ones cut (a 100 000-character spec is not echoed whole). */
export function cut(v: unknown, max = 60): string {
  const t = String(v);
  return t.length > max ? `${t.slice(0, max)}… (${t.length} characters)` : t;
}

export const DEFAULT_SEED = 1;

export interface ParsedSpec {
  seed: number;
  /** The spec named a seed (a state file with another seed is then an error). */
  seedGiven: boolean;
  /** Board definition id or path. */
  board: string;
  model: DeviceModel;
  /** State file to load (if it exists) and save to on dispose. */
  statePath?: string;
  faults: Fault[];
  chain: Partial<ChainParams>;
  device: Partial<DeviceParams>;
  /** Charge the firmware's interpreter time from the board's cost table (interp=on, the default) or not (interp=off). */
  interpreterTime: boolean;
}

const SPECIAL_KEYS = ['seed', 'board', 'model', 'state', 'fault', 'interp'];
const DEVICE_NUMERIC_KEYS = (Object.keys(DEVICE_DEFAULTS) as (keyof DeviceParams)[]).filter((k) => k !== 'model');

export function allowedSpecKeys(): string[] {
  return [...SPECIAL_KEYS, ...CHAIN_PARAM_NAMES, ...DEVICE_NUMERIC_KEYS];
}

function parseNumber(key: string, text: string): number {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  if (!Number.isFinite(value)) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: "${cut(text)}" is not a number`);
  return value;
}

function parseSeed(text: string): number {
  const value = parseNumber('seed', text);
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new TwinError('BAD_VALUE', `sim option seed: must be an integer 0..4294967295, got "${cut(text)}"`);
  }
  return value;
}

function parseProbability(key: string, kind: string, text: string): number {
  const p = parseNumber(key, text);
  if (p < 0 || p > 1) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: ${cut(kind)} probability must be in 0..1, got ${cut(text)}`);
  return p;
}

/** `@N` of a delayed fault: a whole number of activateMany requests. */
function parseDelay(text: string, at: string): number {
  const n = at.trim() === '' ? Number.NaN : Number(at);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: @N must be a whole number of activateMany requests (0..4294967295), got "${cut(at)}"`);
  return n;
}

export function parseFault(text: string): Fault {
  const atIndex = text.indexOf('@');
  const body = atIndex < 0 ? text : text.slice(0, atIndex);
  const delay = atIndex < 0 ? undefined : parseDelay(text, text.slice(atIndex + 1));
  const [kind, arg, extra] = body.split(':');
  if (delay !== undefined && !(DELAYED_FAULT_KINDS as readonly string[]).includes(kind)) {
    throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: only ${DELAYED_FAULT_KINDS.join(' and ')} take @N (a start after N activateMany requests)`);
  }
  const label = `fault=${cut(text)}`;
  const needArg = (what: string): string => {
    if (arg === undefined || arg === '' || extra !== undefined) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: ${cut(kind)} takes ${what}, e.g. ${cut(kind)}:1`);
    return arg;
  };
  const noArg = (): void => {
    if (arg !== undefined) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: ${cut(kind)} takes no argument`);
  };
  switch (kind) {
    case 'open-channel': {
      const n = parseNumber(label, needArg('a channel N'));
      if (!Number.isInteger(n) || n < 0 || n > 15) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: channel must be an integer 0..15`);
      return delay === undefined ? { kind, channel: n } : { kind, channel: n, afterRequests: delay };
    }
    case 'worn': {
      const n = parseNumber(label, needArg('a channel N'));
      if (!Number.isInteger(n) || n < 0 || n > 15) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: channel must be an integer 0..15`);
      return delay === undefined ? { kind, channel: n } : { kind, channel: n, afterRequests: delay };
    }
    case 'link-dead': {
      noArg();
      if (delay === undefined) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: link-dead takes @N, the activateMany requests the board receives before the link drops, e.g. link-dead@500`);
      return { kind, afterRequests: delay };
    }
    case 'stuck-select': {
      const bit = parseNumber(label, needArg('a select bit 0..3'));
      if (!Number.isInteger(bit) || bit < 0 || bit > 3) throw new TwinError('BAD_VALUE', `sim option fault=${cut(text)}: select bit must be an integer 0..3 (S0..S3)`);
      return { kind, bit };
    }
    case 'lockin-off':
    case 'dead-dac':
      noArg();
      return { kind };
    case 'link-loss':
    case 'link-corrupt':
      return { kind, probability: parseProbability(label, kind, needArg('a probability P')) };
    default:
      throw new TwinError('UNKNOWN_FAULT', `sim option fault=${cut(text)}: unknown fault "${cut(kind)}"; allowed: ${FAULT_FORMS.join('; ')}`);
  }
}

function setChain(out: Partial<ChainParams>, key: keyof ChainParams, text: string): void {
  const doc = CHAIN_PARAM_DOCS[key];
  const value = parseNumber(key, text);
  if (doc.integer === true && !Number.isInteger(value)) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: must be an integer (${doc.unit}), got ${cut(text)}`);
  if (doc.positive === true && !(value > 0)) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: must be > 0 ${doc.unit}, got ${cut(text)}`);
  if (doc.min !== undefined && value < doc.min) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: must be >= ${doc.min} ${doc.unit}, got ${cut(text)}`);
  if (doc.max !== undefined && value > doc.max) throw new TwinError('BAD_VALUE', `sim option ${cut(key)}: must be <= ${doc.max} ${doc.unit}, got ${cut(text)}`);
  out[key] = value;
}

/** Parses a `sim…` spec. Throws TwinError (BAD_SPEC, UNKNOWN_KEY, BAD_VALUE, UNKNOWN_FAULT). */
export function parseSimSpec(text: string): ParsedSpec {
  if (typeof text !== 'string') throw new TwinError('BAD_SPEC', `sim spec must be a string, got ${typeof text}`);
  const trimmed = text.trim();
  const spec: ParsedSpec = { seed: DEFAULT_SEED, seedGiven: false, board: REFERENCE_BOARD_ID, model: 'default', faults: [], chain: {}, device: {}, interpreterTime: true };
  if (trimmed === 'sim') return spec;
  if (!trimmed.startsWith('sim:')) throw new TwinError('BAD_SPEC', `sim spec must be "sim", "sim:SEED" or "sim:key=value,…", got "${cut(text)}"`);
  const items = trimmed.slice(4).split(',');
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (item.trim() === '') throw new TwinError('BAD_SPEC', `sim spec "${cut(text)}": empty option at position ${index + 1}`);
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (index === 0 && /^\s*\d+\s*$/.test(item)) {
        spec.seed = parseSeed(item);
        spec.seedGiven = true;
        seen.add('seed');
        return;
      }
      throw new TwinError('BAD_SPEC', `sim spec "${cut(text)}": option "${cut(item)}" is not key=value (only the first option may be a bare seed)`);
    }
    const key = item.slice(0, eq).trim();
    const value = item.slice(eq + 1);
    if (key !== 'fault') {
      if (seen.has(key)) throw new TwinError('BAD_SPEC', `sim option ${cut(key)} is given twice`);
      seen.add(key);
    }
    if (key === 'seed') {
      spec.seed = parseSeed(value);
      spec.seedGiven = true;
    }
    else if (key === 'board') {
      if (value.trim() === '') throw new TwinError('BAD_VALUE', 'sim option board: needs a board id or a path to a board JSON');
      spec.board = value.trim();
    } else if (key === 'model') {
      if (value !== 'default' && value !== 'physical') throw new TwinError('BAD_VALUE', `sim option model: must be default or physical, got "${cut(value)}"`);
      spec.model = value;
    } else if (key === 'interp') {
      if (value !== 'on' && value !== 'off') throw new TwinError('BAD_VALUE', `sim option interp: must be on or off, got "${cut(value)}"`);
      spec.interpreterTime = value === 'on';
    } else if (key === 'state') {
      if (value.trim() === '') throw new TwinError('BAD_VALUE', 'sim option state: needs a file path');
      spec.statePath = value.trim();
    } else if (key === 'fault') spec.faults.push(parseFault(value.trim()));
    else if ((CHAIN_PARAM_NAMES as string[]).includes(key)) setChain(spec.chain, key as keyof ChainParams, value);
    else if ((DEVICE_NUMERIC_KEYS as string[]).includes(key)) {
      const deviceKey = key as Exclude<keyof DeviceParams, 'model'>;
      spec.device[deviceKey] = parseNumber(key, value);
    } else {
      throw new TwinError('UNKNOWN_KEY', `unknown sim option "${cut(key)}"; allowed: ${allowedSpecKeys().join(', ')}`);
    }
  });
  try {
    validateDeviceParams({ ...DEVICE_DEFAULTS, ...spec.device, model: spec.model });
  } catch (error) {
    throw new TwinError('BAD_VALUE', `sim option ${(error as Error).message.replace(/^parameter /, '')}`);
  }
  return spec;
}

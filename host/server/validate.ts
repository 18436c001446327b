/**
 * Request body checks. Each failure is a ServerError naming the field and what is allowed,
 * raised before anything reaches a board.
 */
import { MAX_CURRENT_UA, MAX_SWEEP_STEPS, MAX_WIDTH_US, MIN_WIDTH_US } from '../../protocol/limits';
import type { StoredCalibration } from '../client/types';
import { ServerError, ServerErrorCode } from './errors';
import { isClamped, xRefusal, type XRange } from '../client/x-range';

export { CLAMP_MARGIN_SPANS, xRangeOf, type XPolicy, type XRange } from '../client/x-range';

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `a string (${JSON.stringify(v.length > 20 ? v.slice(0, 20) + '…' : v)})`;
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}

export function badField(field: string, message: string, allowed: unknown): ServerError {
  return new ServerError(ServerErrorCode.BAD_FIELD, 400, message, { field, allowed });
}

/** The body must be a JSON object with only `known` keys (`optionalBody`: absent is {}). */
export function readObject(body: unknown, known: readonly string[], optionalBody = false): Record<string, unknown> {
  if (body === undefined || body === null || body === '') {
    if (optionalBody) return {};
    throw badField('body', `the body must be a JSON object with ${known.join(', ')} (Content-Type: application/json)`, { fields: known });
  }
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw badField('body', `the body must be a JSON object, got ${describe(body)}`, { fields: known });
  }
  const obj = body as Record<string, unknown>;
  for (const k of Object.keys(obj)) {
    if (!known.includes(k)) throw badField(k, `unknown field "${k}"; allowed fields: ${known.join(', ') || '(none)'}`, { fields: known });
  }
  return obj;
}

export function readFinite(obj: Record<string, unknown>, field: string): number {
  const v = obj[field];
  if (v === undefined) throw badField(field, `${field} is required: a finite number`, 'a finite number');
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw badField(field, `${field} must be a finite number, got ${describe(v)}`, 'a finite number');
  }
  return v;
}

/** Throws OUT_OF_RANGE when x is outside what `range` accepts; returns whether x is clamped. */
export function checkX(field: string, x: number, range: XRange, neuronId: string): boolean {
  const rule = xRefusal(x, range);
  if (rule !== null) {
    const { accepted, calibrated } = range;
    throw new ServerError(ServerErrorCode.OUT_OF_RANGE, 422, `${field} = ${x} is out of range for neuron ${neuronId}: ${rule}`, {
      field,
      allowed: { min: accepted.min, max: accepted.max, calibratedMin: calibrated.min, calibratedMax: calibrated.max, policy: range.policy },
    });
  }
  return isClamped(x, range);
}

export function readNumberArray(obj: Record<string, unknown>, field: string, maxLength: number): number[] {
  const v = obj[field];
  if (!Array.isArray(v) || v.length === 0 || v.length > maxLength) {
    throw badField(field, `${field} must be an array of 1..${maxLength} finite numbers, got ${Array.isArray(v) ? `${v.length} entries` : describe(v)}`, {
      minLength: 1,
      maxLength,
      items: 'finite number',
    });
  }
  return v.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw badField(`${field}[${i}]`, `${field}[${i}] must be a finite number, got ${describe(x)}`, 'a finite number');
    return x;
  });
}

/** Neuron ids (strings "b0:3", or channel numbers on a single-board server). */
export function readIdArray(obj: Record<string, unknown>, field: string, length: number): string[] {
  const v = obj[field];
  if (!Array.isArray(v) || v.length !== length) {
    throw badField(field, `${field} must be an array of ${length} neuron ids (one per x), got ${Array.isArray(v) ? `${v.length} entries` : describe(v)}`, {
      length,
      items: 'neuron id such as "b0:3"',
    });
  }
  return v.map((id, i) => {
    if (typeof id === 'string') return id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) return String(id);
    throw badField(`${field}[${i}]`, `${field}[${i}] must be a neuron id such as "b0:3", got ${describe(id)}`, 'neuron id such as "b0:3"');
  });
}

export function readOptionalInt(obj: Record<string, unknown>, field: string, min: number, max: number): number | undefined {
  const v = obj[field];
  if (v === undefined) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v)) throw badField(field, `${field} must be an integer in [${min}, ${max}], got ${describe(v)}`, { min, max });
  if (v < min || v > max) {
    throw new ServerError(ServerErrorCode.OUT_OF_RANGE, 422, `${field} = ${v} is outside [${min}, ${max}]`, { field, allowed: { min, max } });
  }
  return v;
}

export interface CalibrateRequest {
  widthUs?: number;
  peakUa?: number;
  steps?: number;
}

export function readCalibrateRequest(body: unknown, maxCurrentUa = MAX_CURRENT_UA): CalibrateRequest {
  const obj = readObject(body, ['widthUs', 'peakUa', 'steps'], true);
  return {
    widthUs: readOptionalInt(obj, 'widthUs', MIN_WIDTH_US, MAX_WIDTH_US),
    peakUa: readOptionalInt(obj, 'peakUa', 1, maxCurrentUa),
    steps: readOptionalInt(obj, 'steps', 20, MAX_SWEEP_STEPS),
  };
}

/** A sweep's body: the same fields and limits as calibrate's (nothing is stored). */
export function readSweepRequest(body: unknown, maxCurrentUa = MAX_CURRENT_UA): CalibrateRequest {
  return readCalibrateRequest(body, maxCurrentUa);
}

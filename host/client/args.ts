/**
 * Argument checks done on the host before anything is sent: a bad argument is a TypeError
 * naming the argument and the allowed range (STYLE §10), never a frame the board must reject.
 * Board-specific electrical limits are left to the firmware (OUT_OF_LIMITS).
 */
import { MAX_CHANNELS, MAX_CURRENT_UA, MAX_SWEEP_STEPS, MAX_WIDTH_US, MIN_WIDTH_US } from '../../protocol/limits';

export function checkInt(op: string, name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
    throw new TypeError(`${op}: ${name} must be an integer in [${lo}, ${hi}], got ${describe(v)}`);
  }
  return v;
}

export function checkFinite(op: string, name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${op}: ${name} must be a finite number, got ${describe(v)}`);
  return v;
}

export function checkChannel(op: string, v: unknown, channels = MAX_CHANNELS): number {
  return checkInt(op, 'channel', v, 0, channels - 1);
}

export function checkCurrent(op: string, name: string, v: unknown): number {
  return checkInt(op, name, v, -MAX_CURRENT_UA, MAX_CURRENT_UA);
}

export function checkWidth(op: string, v: unknown): number {
  return checkInt(op, 'widthUs', v, MIN_WIDTH_US, MAX_WIDTH_US);
}

export function checkSteps(op: string, v: unknown): number {
  return checkInt(op, 'steps', v, 1, MAX_SWEEP_STEPS);
}

export function checkObject(op: string, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new TypeError(`${op}: expected an options object, got ${describe(v)}`);
  return v as Record<string, unknown>;
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : typeof v;
}

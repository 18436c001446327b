/**
 * decodeReply: an OK reply's positional result, checked against the op's spec (types, and the
 * keys of map results) and returned by field name. A reply that does not fit is a PROTOCOL
 * NucleonError naming the op and the field, never a silently defaulted value. Every reply the
 * typed client (ops.ts) receives goes through here, so every test that talks to the twin's
 * firmware through a Board checks the firmware's replies against the spec.
 */
import type { OpSpec } from '../../protocol/ops';
import { validateResult } from '../../protocol/validate';
import { unpackF32le } from '../../protocol/f32le';
import { HostErrorCode, NucleonError } from '../errors';

/** Typed arrays (cbor-x may hand float arrays as Float32Array) as plain arrays, recursively into maps. */
function plain(v: unknown): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof Uint8Array) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (v instanceof Map) return plain(Object.fromEntries(v));
  if (Array.isArray(v)) return v;
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

export function decodeReply(spec: OpSpec, result: unknown): Record<string, unknown> {
  const values = Array.isArray(result) ? result.map(plain) : result;
  const why = validateResult(spec, values);
  if (why !== null) {
    throw new NucleonError(HostErrorCode.PROTOCOL, `the board's reply does not fit the spec: ${why}`, { op: spec.name });
  }
  const out: Record<string, unknown> = {};
  const list = values as unknown[];
  for (let i = 0; i < spec.result.length; i++) {
    const f = spec.result[i];
    out[f.name] = f.type === 'f32le' ? unpackF32le(list[i] as Uint8Array) : list[i];
  }
  return out;
}

/**
 * cborEncode: a CborValue to a new Uint8Array (allocates; throws ProtocolError). Numbers follow
 * CborWriter.number: integers within ±(2^53 − 1) as the shortest CBOR integer (−0 as 0), other
 * numbers as float32 when float32 holds them exactly (NaN and ±Infinity included), else float64.
 * Maps come from plain objects (text keys, in Object.keys order). undefined, functions, typed
 * arrays other than Uint8Array and nesting deeper than `maxDepth` are refused.
 */
import { ErrorCode } from '../ops';
import { MAX_CBOR_DEPTH } from '../limits';
import { ProtocolError } from '../errors';
import { CborError, CBOR_ERROR_MESSAGES, cborErrorName } from './constants';
import type { CborMap, CborValue } from './value';
import { CborWriter } from './writer';

export interface CborEncodeOptions {
  /** Nesting cap (default MAX_CBOR_DEPTH, the decoder's). */
  maxDepth?: number;
}

interface EncodeState {
  w: CborWriter;
  maxDepth: number;
  /** First problem found that the writer does not track itself. */
  error: number;
  path: string;
}

function describe(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'object' && v !== null) {
    const c = (v as { constructor?: { name?: string } }).constructor;
    return c && c.name ? c.name : 'object';
  }
  return typeof v;
}

/** Typed arrays other than Uint8Array, DataView, ArrayBuffer: not CBOR values here. */
function isBinaryObject(v: object): boolean {
  return (
    v instanceof Float32Array ||
    v instanceof Float64Array ||
    v instanceof Int8Array ||
    v instanceof Int16Array ||
    v instanceof Int32Array ||
    v instanceof Uint16Array ||
    v instanceof Uint32Array ||
    v instanceof DataView ||
    v instanceof ArrayBuffer
  );
}

function encodeItem(st: EncodeState, v: unknown, depth: number): boolean {
  const w = st.w;
  if (typeof v === 'number') return w.number(v);
  if (typeof v === 'string') return w.text(v);
  if (typeof v === 'boolean') return w.bool(v);
  if (v === null) return w.null();
  if (v instanceof Uint8Array) return w.bytes(v);
  if (typeof v !== 'object') {
    st.error = CborError.UNSUPPORTED;
    st.path = describe(v);
    return false;
  }
  if (depth >= st.maxDepth) {
    st.error = CborError.TOO_DEEP;
    return false;
  }
  if (Array.isArray(v)) {
    const a = v as unknown[];
    if (!w.arrayHeader(a.length)) return false;
    for (let i = 0; i < a.length; i++) {
      if (!encodeItem(st, a[i], depth + 1)) return false;
    }
    return true;
  }
  if (isBinaryObject(v)) {
    st.error = CborError.UNSUPPORTED;
    st.path = describe(v);
    return false;
  }
  const o = v as CborMap;
  const keys = Object.keys(o);
  if (!w.mapHeader(keys.length)) return false;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (!w.text(k)) return false;
    if (o[k] === undefined) {
      st.error = CborError.UNSUPPORTED;
      st.path = 'undefined (map key "' + k + '")';
      return false;
    }
    if (!encodeItem(st, o[k], depth + 1)) return false;
  }
  return true;
}

/** Encodes a CborValue. Throws ProtocolError (CBOR_UNSUPPORTED, CBOR_TOO_DEEP, CBOR_INT_RANGE). */
export function cborEncode(value: CborValue, opts?: CborEncodeOptions): Uint8Array {
  let size = 64;
  const st: EncodeState = {
    w: new CborWriter(new Uint8Array(size)),
    maxDepth: opts && opts.maxDepth !== undefined ? opts.maxDepth : MAX_CBOR_DEPTH,
    error: 0,
    path: '',
  };
  while (true) {
    st.w.reset(new Uint8Array(size));
    st.error = 0;
    if (encodeItem(st, value, 0)) return st.w.buf.slice(0, st.w.length);
    const code = st.error !== 0 ? st.error : st.w.error;
    if (code !== CborError.OVERFLOW) {
      const extra = st.path ? ': ' + st.path : '';
      throw new ProtocolError(
        cborErrorName(code),
        ErrorCode.BAD_ARGUMENT,
        'cbor encode: ' + CBOR_ERROR_MESSAGES[code] + extra,
      );
    }
    size *= 4;
  }
}

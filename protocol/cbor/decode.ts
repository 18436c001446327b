/**
 * cborDecode: bytes to a CborValue (allocates; throws ProtocolError with a CBOR_* code and
 * errorCode BAD_FRAME). Maps become plain objects: text keys as they are, integer keys as
 * their decimal string (cbor-x `mapsAsObjects`); a key seen twice (after that conversion) is
 * CBOR_DUPLICATE_KEY, any other key type CBOR_BAD_KEY. Byte strings are copied out.
 * Caps (defaults from limits.ts): depth, data items (map keys count), total input size and
 * string length. Integers beyond ±(2^53 − 1) are refused (CBOR_INT_RANGE), as are tags,
 * indefinite lengths, undefined and simple values.
 */
import { ErrorCode } from '../ops';
import { MAX_CBOR_DEPTH, MAX_CBOR_ITEMS, MAX_CBOR_STRING_BYTES, MAX_MESSAGE_BYTES } from '../limits';
import { ProtocolError } from '../errors';
import { CborError, CBOR_ERROR_MESSAGES, CborKind, cborErrorName } from './constants';
import { CborReader } from './reader';
import type { CborMap, CborValue } from './value';

export interface CborDecodeOptions {
  /** Deepest container nesting (default MAX_CBOR_DEPTH). */
  maxDepth?: number;
  /** Most data items, map keys included (default MAX_CBOR_ITEMS). */
  maxItems?: number;
  /** Largest input (default MAX_MESSAGE_BYTES). */
  maxBytes?: number;
  /** Longest text or byte string (default MAX_CBOR_STRING_BYTES). */
  maxStringBytes?: number;
}

interface DecodeState {
  r: CborReader;
  items: number;
  maxItems: number;
  maxDepth: number;
  /** A CborError found by the decoder itself (depth, items, keys). */
  error: number;
  errorOffset: number;
}

/** Marker for "failed" (null is a legitimate decoded value). */
const FAILED: CborMap = {};

function failState(st: DecodeState, code: number): CborValue {
  if (st.error === 0) {
    st.error = code;
    st.errorOffset = st.r.offset;
  }
  return FAILED;
}

function setKey(obj: CborMap, key: string, value: CborValue): void {
  if (key === '__proto__') {
    Object.defineProperty(obj, key, { value: value, enumerable: true, writable: true, configurable: true });
  } else obj[key] = value;
}

function decodeItem(st: DecodeState, depth: number): CborValue {
  const r = st.r;
  st.items++;
  if (st.items > st.maxItems) return failState(st, CborError.TOO_MANY_ITEMS);
  const kind = r.peekKind();
  if (kind === CborKind.UINT || kind === CborKind.NINT) {
    const n = r.readInt();
    return r.error !== 0 ? FAILED : n;
  }
  if (kind === CborKind.FLOAT) {
    const x = r.readFloat();
    return r.error !== 0 ? FAILED : x;
  }
  if (kind === CborKind.TEXT) {
    const s = r.readText();
    return r.error !== 0 ? FAILED : s;
  }
  if (kind === CborKind.BYTES) {
    const b = r.readBytes();
    return r.error !== 0 ? FAILED : b.slice(0);
  }
  if (kind === CborKind.BOOL) return r.readBool();
  if (kind === CborKind.NULL) {
    r.readNull();
    return null;
  }
  if (kind === CborKind.ARRAY || kind === CborKind.MAP) {
    if (depth >= st.maxDepth) return failState(st, CborError.TOO_DEEP);
    if (kind === CborKind.ARRAY) {
      const n = r.readArrayHeader();
      if (n < 0) return FAILED;
      const arr: CborValue[] = [];
      for (let i = 0; i < n; i++) {
        const v = decodeItem(st, depth + 1);
        if (v === FAILED) return FAILED;
        arr.push(v);
      }
      return arr;
    }
    const pairs = r.readMapHeader();
    if (pairs < 0) return FAILED;
    const obj: CborMap = {};
    // Keys seen so far: a plain list (maps are small) rather than hasOwnProperty, which a key
    // named "hasOwnProperty" would shadow and Espruino's prototype chain may not offer.
    const seen: string[] = [];
    for (let i = 0; i < pairs; i++) {
      st.items++;
      if (st.items > st.maxItems) return failState(st, CborError.TOO_MANY_ITEMS);
      const keyOffset = r.offset;
      const kk = r.peekKind();
      let key: string;
      if (kk === CborKind.TEXT) key = r.readText();
      else if (kk === CborKind.UINT || kk === CborKind.NINT) key = String(r.readInt());
      else if (kk === CborKind.END) {
        r.fail(CborError.TRUNCATED);
        return FAILED;
      } else if (kk === CborKind.ARRAY || kk === CborKind.MAP || kk === CborKind.BYTES || kk === CborKind.FLOAT || kk === CborKind.BOOL || kk === CborKind.NULL) {
        return failState(st, CborError.BAD_KEY);
      } else {
        // tags, indefinite items, simple values, reserved bytes: the reader names the problem
        r.skip();
        return FAILED;
      }
      if (r.error !== 0) return FAILED;
      if (seen.indexOf(key) !== -1) {
        st.error = CborError.DUPLICATE_KEY;
        st.errorOffset = keyOffset;
        return FAILED;
      }
      seen.push(key);
      const v = decodeItem(st, depth + 1);
      if (v === FAILED) return FAILED;
      setKey(obj, key, v);
    }
    return obj;
  }
  // TAG, UNDEFINED, SIMPLE, BREAK, RESERVED, END: let the reader name the error.
  if (kind === CborKind.END) r.fail(CborError.TRUNCATED);
  else r.skip();
  return FAILED;
}

/** Decodes exactly one CBOR item filling `bytes`. Throws ProtocolError (CBOR_*). */
export function cborDecode(bytes: Uint8Array, opts?: CborDecodeOptions): CborValue {
  const o = opts || {};
  const maxBytes = o.maxBytes !== undefined ? o.maxBytes : MAX_MESSAGE_BYTES;
  const maxDepth = o.maxDepth !== undefined ? o.maxDepth : MAX_CBOR_DEPTH;
  const maxStringBytes = o.maxStringBytes !== undefined ? o.maxStringBytes : MAX_CBOR_STRING_BYTES;
  if (bytes.length > maxBytes) {
    throw new ProtocolError(
      'CBOR_TOO_LARGE',
      ErrorCode.BAD_FRAME,
      'cbor decode: input of ' + bytes.length + ' bytes exceeds the cap of ' + maxBytes,
    );
  }
  const st: DecodeState = {
    r: new CborReader(bytes, 0, bytes.length, maxDepth, maxStringBytes),
    items: 0,
    maxItems: o.maxItems !== undefined ? o.maxItems : MAX_CBOR_ITEMS,
    maxDepth: maxDepth,
    error: 0,
    errorOffset: -1,
  };
  const v = decodeItem(st, 0);
  let code = st.error !== 0 ? st.error : st.r.error;
  let at = st.error !== 0 ? st.errorOffset : st.r.errorOffset;
  if (v === FAILED && code === 0) code = CborError.TRUNCATED;
  if (code === 0 && st.r.offset !== bytes.length) {
    code = CborError.TRAILING;
    at = st.r.offset;
  }
  if (code !== 0) {
    throw new ProtocolError(
      cborErrorName(code),
      ErrorCode.BAD_FRAME,
      'cbor decode: ' + CBOR_ERROR_MESSAGES[code] + ' at byte ' + at,
    );
  }
  return v;
}

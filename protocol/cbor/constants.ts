/**
 * CBOR constants shared by the reader, the writer and the allocating codec: major types,
 * the kinds `CborReader.peekKind()` reports, and the numeric error codes the hot path keeps
 * (the first error wins, nanopb style) with their stable string names.
 */
export const Major = {
  UINT: 0,
  NINT: 1,
  BYTES: 2,
  TEXT: 3,
  ARRAY: 4,
  MAP: 5,
  TAG: 6,
  SIMPLE: 7,
} as const;

/** What the next item is, as `CborReader.peekKind()` reports it. */
export const CborKind = {
  /** No more input (or an error is pending). */
  END: -1,
  UINT: 0,
  NINT: 1,
  BYTES: 2,
  TEXT: 3,
  ARRAY: 4,
  MAP: 5,
  TAG: 6,
  /** float16, float32 or float64 */
  FLOAT: 7,
  BOOL: 8,
  NULL: 9,
  UNDEFINED: 10,
  /** simple values other than false/true/null/undefined */
  SIMPLE: 11,
  /** the 0xFF break code (only valid inside indefinite items, which are not supported) */
  BREAK: 12,
  /** reserved additional information 28..30, or 31 on a major type that cannot be indefinite */
  RESERVED: 13,
} as const;

/** Numeric CBOR error codes (0 = none). Stable; the names below are the ProtocolError codes. */
export const CborError = {
  NONE: 0,
  /** the input ends inside an item */
  TRUNCATED: 1,
  /** indefinite-length item or a stray break (0xFF) */
  INDEFINITE: 2,
  /** a tag (major type 6), bignums included */
  TAG: 3,
  /** undefined or a simple value other than false/true/null */
  SIMPLE: 4,
  /** reserved additional information (28..30) */
  RESERVED: 5,
  /** nesting deeper than the depth cap */
  TOO_DEEP: 6,
  /** more data items than the item cap */
  TOO_MANY_ITEMS: 7,
  /** input or a string longer than its cap */
  TOO_LARGE: 8,
  /** an integer outside ±(2^53 − 1) */
  INT_RANGE: 9,
  /** an item of another type than the one asked for */
  TYPE: 10,
  /** a text string that is not well-formed UTF-8 */
  BAD_UTF8: 11,
  /** a map key present twice (after integer keys become decimal strings) */
  DUPLICATE_KEY: 12,
  /** bytes left after the top-level item */
  TRAILING: 13,
  /** the writer's buffer is full */
  OVERFLOW: 14,
  /** a value the codec cannot encode (undefined, functions, typed arrays other than Uint8Array…) */
  UNSUPPORTED: 15,
  /** a map key that is neither a text string nor an integer */
  BAD_KEY: 16,
} as const;

/** `CBOR_ERROR_NAMES[code]` is the stable string code for a numeric CborError. */
export const CBOR_ERROR_NAMES: readonly string[] = [
  'CBOR_OK',
  'CBOR_TRUNCATED',
  'CBOR_INDEFINITE',
  'CBOR_TAG',
  'CBOR_SIMPLE',
  'CBOR_RESERVED',
  'CBOR_TOO_DEEP',
  'CBOR_TOO_MANY_ITEMS',
  'CBOR_TOO_LARGE',
  'CBOR_INT_RANGE',
  'CBOR_TYPE',
  'CBOR_BAD_UTF8',
  'CBOR_DUPLICATE_KEY',
  'CBOR_TRAILING',
  'CBOR_OVERFLOW',
  'CBOR_UNSUPPORTED',
  'CBOR_BAD_KEY',
];

/** Human text for each CborError, used in ProtocolError messages. */
export const CBOR_ERROR_MESSAGES: readonly string[] = [
  'no error',
  'input ends inside an item',
  'indefinite-length items are not supported',
  'tags are not supported',
  'undefined and simple values other than false/true/null are not supported',
  'reserved additional information',
  'nesting too deep',
  'too many data items',
  'too large',
  'integer outside ±(2^53 − 1)',
  'unexpected item type',
  'text string is not well-formed UTF-8',
  'duplicate map key',
  'trailing bytes after the top-level item',
  'output buffer full',
  'value cannot be encoded',
  'map keys must be text strings or integers',
];

/** 2^53 − 1, the largest integer the codec carries (Number.MAX_SAFE_INTEGER, absent on Espruino). */
export const MAX_SAFE_INT = 9007199254740991;
export const TWO_32 = 4294967296;

export function cborErrorName(code: number): string {
  return CBOR_ERROR_NAMES[code] || 'CBOR_ERROR_' + code;
}

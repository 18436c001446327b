/**
 * The host's CBOR, via cbor-x, configured to agree with the portable codec in protocol/.
 *
 * Decoding: `Decoder({ useRecords: false, mapsAsObjects: true })`: plain arrays and objects
 * (integer map keys become strings, as in the portable codec). NOT `int64AsNumber: true`:
 * cbor-x 1.6.8 builds a negative 64-bit integer with `~token` on that path, which keeps 32 bits,
 * so −4294967297 (3b 00000001 00000000) decodes as −1 (kriszyp/cbor-x#143, fix not released).
 * Without the option cbor-x returns a correct BigInt for every 8-byte integer; hostDecodeCbor
 * turns those into numbers and, like the portable codec, refuses any beyond ±(2^53 − 1)
 * (ProtocolError CBOR_INT_RANGE). The regression test pins the cbor-x behaviour, so an upgrade
 * that fixes it shows up.
 *
 * Encoding, and why two encoders: the portable rule is "integer → CBOR integer; other numbers
 * → float32 when float32 holds them exactly, else float64". No single cbor-x option does that:
 *  - FLOAT32_OPTIONS.NEVER (the default) writes every non-integer as float64: lossless but
 *    4 bytes more per value than the portable codec;
 *  - FLOAT32_OPTIONS.ALWAYS writes every non-integer within [-2^31, 2^32) as float32,
 *    rounding values float32 cannot hold (1.1 would arrive as 1.100000023841858);
 *  - DECIMAL_ROUND / DECIMAL_FIT round to decimal digits, which is neither.
 * A non-integer that float32 holds exactly is always within ±2^24, so ALWAYS writes exactly
 * the portable codec's bytes whenever every non-integer number in the message is a finite
 * float32 value, which is what the protocol carries (f32 fields). hostEncodeCbor therefore
 * uses an ALWAYS encoder for such values and falls back to a NEVER encoder (lossless float64)
 * when some number is not a float32 value (or is NaN/±Infinity, which ALWAYS would write as
 * float64 anyway). Either way the portable decoder reads back the same numbers.
 * Both encoders also set `tagUint8Array: false` (else a Uint8Array gets tag 64, which the
 * portable decoder refuses) and `variableMapSize: true` (else maps get a 2-byte length).
 * Remaining byte-level difference, values unaffected: cbor-x writes integers outside
 * [-2^32, 2^32) as float64 where the portable codec writes a CBOR integer.
 */
import { Decoder, Encoder, FLOAT32_OPTIONS } from 'cbor-x';
import type { Options } from 'cbor-x';
import { ErrorCode } from '../../protocol/ops';
import { ProtocolError } from '../../protocol/errors';
import { isFloat32Exact } from '../../protocol/cbor/float';
import type { CborValue } from '../../protocol/cbor/value';

const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** BigInts (cbor-x's 8-byte integers) → numbers, in place; refuses those beyond ±(2^53 − 1). */
function bigIntsToNumbers(v: unknown): unknown {
  if (typeof v === 'bigint') {
    if (v > MAX_SAFE || v < -MAX_SAFE) {
      throw new ProtocolError('CBOR_INT_RANGE', ErrorCode.BAD_FRAME, 'cbor-x decode: integer ' + v + ' outside ±(2^53 − 1)');
    }
    return Number(v);
  }
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = bigIntsToNumbers(v[i]);
    return v;
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = v as { [k: string]: unknown };
    for (const k of Object.keys(o)) o[k] = bigIntsToNumbers(o[k]);
  }
  return v;
}

const base: Options = { useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true };
const float32Encoder = new Encoder({ ...base, useFloat32: FLOAT32_OPTIONS.ALWAYS });
const float64Encoder = new Encoder({ ...base, useFloat32: FLOAT32_OPTIONS.NEVER });

/** True when every number in v is an integer or a finite float32 value (so ALWAYS is exact). */
export function allFloat32Exact(v: unknown): boolean {
  if (typeof v === 'number') return Math.floor(v) === v ? true : isFinite(v) && isFloat32Exact(v);
  if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return true;
  if (Array.isArray(v)) {
    for (const item of v) if (!allFloat32Exact(item)) return false;
    return true;
  }
  for (const key of Object.keys(v)) if (!allFloat32Exact((v as { [k: string]: unknown })[key])) return false;
  return true;
}

/** Encodes a value with cbor-x (see the choice of float option above). */
export function hostEncodeCbor(value: CborValue): Uint8Array {
  const encoder = allFloat32Exact(value) ? float32Encoder : float64Encoder;
  return encoder.encode(value);
}

/** Decodes CBOR with cbor-x (throws cbor-x's own errors, or ProtocolError CBOR_INT_RANGE). */
export function hostDecodeCbor(bytes: Uint8Array): unknown {
  return bigIntsToNumbers(decoder.decode(bytes));
}

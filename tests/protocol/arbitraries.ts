/** fast-check arbitraries: protocol messages driven by OP_TABLE, and general CBOR values. */
import fc from 'fast-check';
import { OP_TABLE, Event, ErrorCode, SEQ_MAX, MAX_MESSAGE_BYTES, cborEncode } from '../../protocol';
import type { CborValue, FieldSpec, FieldType } from '../../protocol';
import { packF32le } from '../../protocol/f32le';

const uint = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 65535 }) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 0xffffffff }) },
  { weight: 1, arbitrary: fc.maxSafeNat() },
);
const int = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -30000, max: 30000 }) },
  { weight: 3, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.maxSafeInteger() },
);
/** float32 values (as the wire carries them), finite. */
export const f32 = fc.float({ noNaN: true, noDefaultInfinity: true });
const text = fc.string({ unit: 'binary', maxLength: 16 });
const key = fc.string({ unit: 'binary', minLength: 1, maxLength: 10 }).filter((k) => k !== '__proto__');

const scalar: fc.Arbitrary<CborValue> = fc.oneof(uint, int, f32, fc.boolean(), text, fc.constant(null));
const map = fc.dictionary(key, scalar, { maxKeys: 6 }) as fc.Arbitrary<CborValue>;

export function fieldArb(type: FieldType): fc.Arbitrary<CborValue> {
  switch (type) {
    case 'uint':
      return uint;
    case 'int':
      return int;
    case 'f32':
      return f32;
    case 'bool':
      return fc.boolean();
    case 'text':
      return text;
    case 'uints':
      return fc.array(uint, { maxLength: 16 });
    case 'ints':
      return fc.array(int, { maxLength: 16 });
    case 'f32s':
      return fc.array(f32, { maxLength: 24 });
    case 'map':
      return map;
    case 'opt-uints':
      return fc.option(fc.array(fc.integer({ min: 0, max: 15 }), { maxLength: 16 }), { nil: null });
    case 'f32le':
      return fc.array(f32, { maxLength: 16 }).map((xs) => packF32le(xs));
  }
}

function fieldsArb(specs: readonly FieldSpec[]): fc.Arbitrary<CborValue[]> {
  return fc.tuple(...specs.map((s) => fieldArb(s.type))) as fc.Arbitrary<CborValue[]>;
}

const seq = fc.integer({ min: 1, max: SEQ_MAX });

/** A real message fits a frame: drop the rare random one that would not. */
const fits = (m: CborValue[]): boolean => cborEncode(m).length <= MAX_MESSAGE_BYTES;

/** [seq, op, args] with args valid for the op. */
export const requestArb: fc.Arbitrary<CborValue[]> = fc
  .oneof(...OP_TABLE.map((op) => fc.tuple(seq, fc.constant(op.code), fieldsArb(op.args)) as fc.Arbitrary<CborValue[]>))
  .filter(fits);

/** [seq, 0, result] for each op, or an error response. */
export const responseArb: fc.Arbitrary<CborValue[]> = fc
  .oneof(
    ...OP_TABLE.map((op) => fc.tuple(seq, fc.constant(0), fieldsArb(op.result)) as fc.Arbitrary<CborValue[]>),
    fc.tuple(seq, fc.constantFrom(...Object.values(ErrorCode)), fc.tuple(text, fc.option(text, { nil: null }))) as fc.Arbitrary<CborValue[]>,
  )
  .filter(fits);

export const eventArb: fc.Arbitrary<CborValue[]> = fc.oneof(
  fc.tuple(fc.constant(0), fc.constant(Event.SWEEP_POINT), fc.tuple(uint, int, uint, int)) as fc.Arbitrary<CborValue[]>,
  fc.tuple(fc.constant(0), fc.constant(Event.FRAME_ERROR), fc.tuple(fc.constantFrom(1, 2), text)) as fc.Arbitrary<CborValue[]>,
  fc.tuple(fc.constant(0), fc.constant(Event.WARNING), fc.tuple(uint, text)) as fc.Arbitrary<CborValue[]>,
);

/** Any board → host message. */
export const boardMessageArb = fc.oneof(responseArb, eventArb);

/** General CBOR values: all numbers (doubles incl. NaN/±Infinity/−0), text, bytes, nesting. */
export const valueArb: fc.Arbitrary<CborValue> = fc.letrec<{ v: CborValue }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true, maxDepth: 6 },
    fc.maxSafeInteger(),
    fc.integer(),
    fc.double(),
    f32,
    fc.boolean(),
    fc.constant(null),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.string({ maxLength: 8 }),
    fc.uint8Array({ maxLength: 24 }),
    fc.array(tie('v'), { maxLength: 6 }),
    fc.dictionary(key, tie('v'), { maxKeys: 5 }) as fc.Arbitrary<CborValue>,
  ),
})).v;

/**
 * The CBOR subset codec: hex fixture tables in both directions, the hot-path writer and reader
 * (no throw, first error kept), caps, duplicate keys, integer range, UTF-8, float16.
 */
import {
  cborDecode,
  cborEncode,
  CborError,
  CBOR_ERROR_NAMES,
  CborKind,
  CborReader,
  CborWriter,
  ERROR_PREFIX,
  halfToNumber,
  isProtocolError,
  MAX_CBOR_DEPTH,
  MAX_CBOR_ITEMS,
  MAX_CBOR_STRING_BYTES,
  MAX_MESSAGE_BYTES,
  ProtocolError,
  utf8Length,
  utf8Read,
} from '../../protocol';
import type { CborValue } from '../../protocol';
import { fromHex, hex } from './helpers';

function errorOf(fn: () => unknown): ProtocolError {
  try {
    fn();
  } catch (err) {
    if (isProtocolError(err)) return err;
    throw err;
  }
  throw new Error('did not throw');
}

/** value ↔ preferred encoding, both directions. */
const TABLE: [string, CborValue, string][] = [
  ['zero', 0, '00'],
  ['23', 23, '17'],
  ['24', 24, '1818'],
  ['255', 255, '18ff'],
  ['256', 256, '190100'],
  ['65535', 65535, '19ffff'],
  ['65536', 65536, '1a00010000'],
  ['2^32 − 1', 4294967295, '1affffffff'],
  ['2^32', 4294967296, '1b0000000100000000'],
  ['2^53 − 1', 9007199254740991, '1b001fffffffffffff'],
  ['−1', -1, '20'],
  ['−24', -24, '37'],
  ['−25', -25, '3818'],
  ['−256', -256, '38ff'],
  ['−257', -257, '390100'],
  ['−2^32', -4294967296, '3affffffff'],
  ['−2^32 − 1', -4294967297, '3b0000000100000000'],
  ['−(2^53 − 1)', -9007199254740991, '3b001ffffffffffffe'],
  ['0.5 as float32', 0.5, 'fa3f000000'],
  ['float32 value', 0.10000000149011612, 'fa3dcccccd'],
  ['0.1 needs float64', 0.1, 'fb3fb999999999999a'],
  ['2^60 is a float32 value', 1152921504606846976, 'fa5d800000'],
  ['2^53 + 2 needs float64', 9007199254740994, 'fb4340000000000001'],
  ['largest float32', 3.4028234663852886e38, 'fa7f7fffff'],
  ['smallest float32 subnormal', 1.401298464324817e-45, 'fa00000001'],
  ['false', false, 'f4'],
  ['true', true, 'f5'],
  ['null', null, 'f6'],
  ['empty text', '', '60'],
  ['text', 'widthUs', '6777696474685573'],
  ['text with 4-byte UTF-8', 'a😀', '6561f09f9880'],
  ['24-byte text', 'abcdefghijklmnopqrstuvwx', '7818' + '6162636465666768696a6b6c6d6e6f707172737475767778'],
  ['bytes', new Uint8Array([0, 1, 255]), '430001ff'],
  ['empty bytes', new Uint8Array(0), '40'],
  ['empty array', [], '80'],
  ['nested arrays', [1, [2, [3]]], '8201820281' + '03'],
  ['empty map', {}, 'a0'],
  ['map in order of keys', { b: 1, a: [true, null] }, 'a2616201616182f5f6'],
  ['activate request', [1, 12, [3, 0.25]], '83010c8203fa3e800000'],
];

describe('cborEncode / cborDecode hex table', () => {
  it.each(TABLE)('%s encodes to its bytes', (_n, value, h) => {
    expect(hex(cborEncode(value))).toBe(h);
  });
  it.each(TABLE)('%s decodes from its bytes', (_n, value, h) => {
    expect(cborDecode(fromHex(h))).toEqual(value);
  });
  it('writes −0 as the integer 0 and NaN/±Infinity as float32', () => {
    expect(hex(cborEncode(-0))).toBe('00');
    expect(hex(cborEncode(NaN))).toBe('fa7fc00000');
    expect(hex(cborEncode(-Infinity))).toBe('faff800000');
  });
  it('accepts non-shortest integers and lengths (cbor-x writes some)', () => {
    expect(cborDecode(fromHex('1b0000000000000001'))).toBe(1);
    expect(cborDecode(fromHex('b9000161611801'))).toEqual({ a: 1 });
    expect(cborDecode(fromHex('990001f5'))).toEqual([true]);
  });
  it('decodes float16, float32 and float64', () => {
    expect(cborDecode(fromHex('f93555'))).toBeCloseTo(0.333251953125, 12);
    expect(cborDecode(fromHex('f903ff'))).toBe(6.097555160522461e-5); // largest subnormal
    expect(cborDecode(fromHex('f9fbff'))).toBe(-65504);
    expect(cborDecode(fromHex('fa3e800000'))).toBe(0.25);
    expect(cborDecode(fromHex('fbc010666666666666'))).toBe(-4.1);
  });
  it('halfToNumber agrees with a reference decoder on all 65536 patterns', () => {
    const bad: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      const sign = bits & 0x8000 ? -1 : 1;
      const e = (bits >> 10) & 0x1f;
      const m = bits & 0x3ff;
      const ref = e === 0 ? sign * m * 2 ** -24 : e === 31 ? (m ? NaN : sign * Infinity) : sign * (1 + m / 1024) * 2 ** (e - 15);
      if (!Object.is(halfToNumber(bits), ref)) bad.push(bits);
    }
    expect(bad).toEqual([]);
  });
});

describe('cborDecode refusals', () => {
  const cases: [string, string, string][] = [
    ['empty input', '', 'CBOR_TRUNCATED'],
    ['truncated uint', '19ff', 'CBOR_TRUNCATED'],
    ['truncated text', '6461', 'CBOR_TRUNCATED'],
    ['truncated array', '8301', 'CBOR_TRUNCATED'],
    ['array count beyond the input', '9affffffff', 'CBOR_TRUNCATED'],
    ['trailing bytes', '0000', 'CBOR_TRAILING'],
    ['reserved additional info', '1c', 'CBOR_RESERVED'],
    ['uint with ai 31', '1f', 'CBOR_RESERVED'],
    ['stray break', 'ff', 'CBOR_INDEFINITE'],
    ['tag', 'c001', 'CBOR_TAG'],
    ['undefined', 'f7', 'CBOR_SIMPLE'],
    ['2^53 as uint', '1b0020000000000000', 'CBOR_INT_RANGE'],
    ['−2^53', '3b001fffffffffffff', 'CBOR_INT_RANGE'],
    ['duplicate text key', 'a2616101616102', 'CBOR_DUPLICATE_KEY'],
    ['integer key equal to a text key', 'a2016131' + '01' + '02', 'CBOR_DUPLICATE_KEY'],
    ['array as key', 'a18001', 'CBOR_BAD_KEY'],
    ['float as key', 'a1fa3f80000001', 'CBOR_BAD_KEY'],
    ['overlong UTF-8', '62c0af', 'CBOR_BAD_UTF8'],
    ['UTF-8 surrogate', '63eda080', 'CBOR_BAD_UTF8'],
    ['truncated UTF-8', '62e282', 'CBOR_BAD_UTF8'],
    ['bad continuation', '62c328', 'CBOR_BAD_UTF8'],
    ['code point above U+10FFFF', '64f4908080', 'CBOR_BAD_UTF8'],
  ];
  it.each(cases)('%s', (_n, h, code) => {
    const err = errorOf(() => cborDecode(fromHex(h)));
    expect(err.code).toBe(code);
    expect(err.message.startsWith(ERROR_PREFIX)).toBe(true);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(err).toBeInstanceOf(Error);
  });

  it('caps nesting depth at MAX_CBOR_DEPTH (overridable)', () => {
    const nested = (n: number) => fromHex('81'.repeat(n) + '00');
    expect(() => cborDecode(nested(MAX_CBOR_DEPTH))).not.toThrow();
    expect(errorOf(() => cborDecode(nested(MAX_CBOR_DEPTH + 1))).code).toBe('CBOR_TOO_DEEP');
    expect(errorOf(() => cborDecode(fromHex('81'.repeat(MAX_CBOR_DEPTH) + '80'))).code).toBe('CBOR_TOO_DEEP');
    expect(errorOf(() => cborDecode(nested(3), { maxDepth: 2 })).code).toBe('CBOR_TOO_DEEP');
    expect(cborDecode(nested(20), { maxDepth: 20 })).toBeDefined();
    // the encoder refuses what the decoder would
    let deep: CborValue = 0;
    for (let i = 0; i <= MAX_CBOR_DEPTH; i++) deep = [deep];
    expect(errorOf(() => cborEncode(deep)).code).toBe('CBOR_TOO_DEEP');
  });

  it('caps the item count at MAX_CBOR_ITEMS, map keys included', () => {
    const arr = (n: number) => cborEncode(new Array(n).fill(0));
    expect(() => cborDecode(arr(MAX_CBOR_ITEMS - 1))).not.toThrow(); // + the array itself
    expect(errorOf(() => cborDecode(arr(MAX_CBOR_ITEMS))).code).toBe('CBOR_TOO_MANY_ITEMS');
    const map: { [k: string]: number } = {};
    for (let i = 0; i < 60; i++) map['k' + i] = i;
    expect(() => cborDecode(cborEncode(map), { maxItems: 121 })).not.toThrow(); // the map, 60 keys, 60 values
    expect(errorOf(() => cborDecode(cborEncode(map), { maxItems: 120 })).code).toBe('CBOR_TOO_MANY_ITEMS');
  });

  it('caps the input at MAX_MESSAGE_BYTES and strings at MAX_CBOR_STRING_BYTES', () => {
    const big = cborEncode(new Uint8Array(MAX_MESSAGE_BYTES));
    expect(errorOf(() => cborDecode(big)).code).toBe('CBOR_TOO_LARGE');
    expect(cborDecode(big, { maxBytes: 1000, maxStringBytes: 1000 })).toHaveLength(MAX_MESSAGE_BYTES);
    expect(() => cborDecode(cborEncode('a'.repeat(MAX_CBOR_STRING_BYTES)))).not.toThrow();
    expect(errorOf(() => cborDecode(cborEncode('a'.repeat(MAX_CBOR_STRING_BYTES + 1)))).code).toBe('CBOR_TOO_LARGE');
  });

  it('keeps a "__proto__" key as data, not as the prototype', () => {
    const v = cborDecode(fromHex('a1695f5f70726f746f5f5f01')) as { [k: string]: CborValue };
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('decodes a map with a "hasOwnProperty" key and still finds duplicates', () => {
    expect(cborDecode(cborEncode({ hasOwnProperty: 1, a: 2 }))).toEqual({ hasOwnProperty: 1, a: 2 });
    expect(errorOf(() => cborDecode(fromHex('a2' + '6e6861734f776e50726f7065727479' + '01' + '6e6861734f776e50726f7065727479' + '02'))).code).toBe('CBOR_DUPLICATE_KEY');
  });

  it('refuses values outside the data model when encoding', () => {
    expect(errorOf(() => cborEncode(undefined as unknown as CborValue)).code).toBe('CBOR_UNSUPPORTED');
    expect(errorOf(() => cborEncode({ a: undefined } as unknown as CborValue)).code).toBe('CBOR_UNSUPPORTED');
    expect(errorOf(() => cborEncode([new Float32Array(2)] as unknown as CborValue)).code).toBe('CBOR_UNSUPPORTED');
    expect(errorOf(() => cborEncode((() => 1) as unknown as CborValue)).code).toBe('CBOR_UNSUPPORTED');
  });

  it('encodes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    expect(hex(cborEncode('\ud800'))).toBe('63efbfbd');
    expect(utf8Length('a\udc00b')).toBe(5);
    expect(utf8Read(fromHex('efbfbd'), 0, 3)).toBe('\ufffd');
  });
});

describe('CborWriter (no allocation, no throw)', () => {
  it('writes a response into a caller buffer', () => {
    const buf = new Uint8Array(64);
    const w = new CborWriter(buf);
    w.arrayHeader(3);
    w.uint(7);
    w.uint(0);
    w.arrayHeader(5);
    w.int(-30000);
    w.f32(0.25);
    w.f64(0.1);
    w.bool(true);
    w.null();
    expect(w.error).toBe(0);
    expect(w.ok).toBe(true);
    expect(hex(buf.subarray(0, w.length))).toBe('8307008539752ffa3e800000fb3fb999999999999af5f6');
    w.reset();
    w.nil();
    w.text('ü');
    w.bytes(new Uint8Array([9, 8, 7]), 1, 3);
    w.mapHeader(0);
    expect(hex(w.view())).toBe('f662c3bc420807a0');
  });

  it('f32 rounds to float32 and number() picks the shortest exact form', () => {
    const w = new CborWriter(new Uint8Array(32));
    w.f32(0.1);
    expect(hex(w.view())).toBe('fa3dcccccd');
    w.reset();
    w.number(3);
    w.number(-0.5);
    w.number(0.1);
    expect(hex(w.view())).toBe('03fabf000000fb3fb999999999999a');
  });

  it('sets overflow instead of throwing, keeps the length and the first error', () => {
    const w = new CborWriter(new Uint8Array(4));
    expect(w.uint(1)).toBe(true);
    expect(w.text('hello')).toBe(false);
    expect(w.overflow).toBe(true);
    expect(CBOR_ERROR_NAMES[w.error]).toBe('CBOR_OVERFLOW');
    expect(w.length).toBe(1);
    expect(w.uint(2)).toBe(false); // later writes are ignored
    expect(w.length).toBe(1);
    for (let size = 0; size < 9; size++) {
      const v = new CborWriter(new Uint8Array(size));
      expect(v.f64(1.5)).toBe(size >= 9);
      expect(v.length).toBe(0);
    }
  });

  it('begin3 writes what reset, arrayHeader(3) and two uints write, errors and all', () => {
    const values = [0, 1, 23, 24, 255, 256, 0xffff, 0x10000, 2 ** 31, -1, 0.5, NaN, Infinity];
    for (const size of [0, 3, 4, 5, 8, 16]) {
      for (const a of values) {
        for (const b of [0, 5, 23, 24, 31, 32, 300, -1, 1.5]) {
          const ref = new CborWriter(new Uint8Array(size));
          ref.uint(7); // begin3 starts over, as reset does
          ref.reset();
          const okRef = ref.arrayHeader(3) && ref.uint(a) && ref.uint(b);
          const w = new CborWriter(new Uint8Array(size));
          w.uint(7);
          const ok = w.begin3(a, b);
          expect([a, b, size, ok, w.length, w.error, w.overflow, hex(w.copy())]).toEqual([a, b, size, okRef, ref.length, ref.error, ref.overflow, hex(ref.copy())]);
        }
      }
    }
  });

  it('refuses integers out of range or not integral with INT_RANGE', () => {
    for (const bad of [-1, 0.5, 2 ** 53, NaN, Infinity]) {
      const w = new CborWriter(new Uint8Array(16));
      expect(w.uint(bad)).toBe(false);
      expect(w.error).toBe(CborError.INT_RANGE);
    }
    const w = new CborWriter(new Uint8Array(16));
    expect(w.int(-(2 ** 53))).toBe(false);
    expect(w.error).toBe(CborError.INT_RANGE);
  });
});

describe('CborReader (no allocation, no throw)', () => {
  it('reads a request field by field', () => {
    const r = new CborReader();
    r.reset(fromHex('ff' + '83010d82f685fa3f000000f93c00fb3fb999999999999a' + '01' + '02' + '03'), 1);
    expect(r.peekKind()).toBe(CborKind.ARRAY);
    expect(r.readArrayHeader()).toBe(3);
    expect(r.readUint()).toBe(1);
    expect(r.readUint()).toBe(13);
    expect(r.readArrayHeader()).toBe(2);
    expect(r.isNull()).toBe(true);
    expect(r.readNull()).toBe(true);
    expect(r.peekMajor()).toBe(4);
    const n = r.readArrayHeader();
    expect(n).toBe(5);
    expect(r.readFloat()).toBe(0.5);
    expect(r.readFloat()).toBe(1);
    expect(r.readFloat()).toBe(0.1);
    expect(r.readFloat()).toBe(1); // an integer is a number too
    expect(r.readInt()).toBe(2);
    expect(r.atEnd()).toBe(false);
    expect(r.readFloat()).toBe(3);
    expect(r.atEnd()).toBe(true);
    expect(r.error).toBe(0);
    expect(r.peekKind()).toBe(CborKind.END);
  });

  it('keeps the first error and returns neutral values after it', () => {
    const r = new CborReader(fromHex('6161c00001'));
    expect(r.readUint()).toBe(0);
    expect(r.error).toBe(CborError.TYPE);
    expect(r.errorOffset).toBe(0);
    expect(r.readText()).toBe('');
    expect(r.readArrayHeader()).toBe(-1);
    expect(r.error).toBe(CborError.TYPE);
    r.reset(fromHex('6161c00001'));
    expect(r.readText()).toBe('a');
    expect(r.readUint()).toBe(0);
    expect(r.error).toBe(CborError.TAG);
    expect(r.offset).toBe(2);
  });

  it('reads integers written as floats by cbor-x (2^32 and beyond)', () => {
    const r = new CborReader(fromHex('fb41f0000000000000fbc1f0000000100000fb3ff8000000000000'));
    expect(r.readUint()).toBe(2 ** 32);
    expect(r.readInt()).toBe(-(2 ** 32) - 1);
    expect(r.readInt()).toBe(0);
    expect(r.error).toBe(CborError.TYPE); // 1.5 is not an integer
    expect(r.offset).toBe(18);
  });

  it('readUint refuses negatives, readBool/readNull other items', () => {
    expect(new CborReader(fromHex('20')).readUint()).toBe(0);
    const r = new CborReader(fromHex('20'));
    r.readUint();
    expect(r.error).toBe(CborError.TYPE);
    const b = new CborReader(fromHex('f6'));
    expect(b.readBool()).toBe(false);
    expect(b.error).toBe(CborError.TYPE);
    const z = new CborReader(fromHex('f4'));
    expect(z.readNull()).toBe(false);
    expect(z.error).toBe(CborError.TYPE);
  });

  it('readBytes returns a view without copying', () => {
    const src = fromHex('43010203');
    const r = new CborReader(src);
    const v = r.readBytes();
    expect(Array.from(v)).toEqual([1, 2, 3]);
    expect(v.buffer).toBe(src.buffer);
  });

  it('skip() walks nested items without recursion and caps the depth', () => {
    const r = new CborReader(fromHex('82a2616101616282f5f6' + '43010203' + '07'));
    expect(r.skip()).toBe(true);
    expect(r.readUint()).toBe(7);
    const deep = new CborReader(fromHex('81'.repeat(MAX_CBOR_DEPTH) + '00'));
    expect(deep.skip()).toBe(true);
    const tooDeep = new CborReader(fromHex('81'.repeat(MAX_CBOR_DEPTH + 1) + '00'));
    expect(tooDeep.skip()).toBe(false);
    expect(tooDeep.error).toBe(CborError.TOO_DEEP);
    const shallow = new CborReader(fromHex('818100'), 0, 3, 1);
    expect(shallow.skip()).toBe(false);
    expect(shallow.error).toBe(CborError.TOO_DEEP);
  });

  it('reports truncation at every cut of a message (io_errors style)', () => {
    const full = fromHex('83010d82f685fa3f000000fabe8000000001fa3f400000');
    for (let cut = 0; cut < full.length; cut++) {
      const r = new CborReader(full, 0, cut);
      expect(r.skip()).toBe(false);
      expect(CBOR_ERROR_NAMES[r.error]).toBe('CBOR_TRUNCATED');
      expect(errorOf(() => cborDecode(full.subarray(0, cut))).code).toBe('CBOR_TRUNCATED');
    }
  });

  it('refuses text strings longer than maxStringBytes', () => {
    const r = new CborReader(cborEncode('abcdef'), 0, undefined, 8, 5);
    expect(r.readText()).toBe('');
    expect(r.error).toBe(CborError.TOO_LARGE);
  });
});

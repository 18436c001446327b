/** Message helpers, validators driven by OP_TABLE, op lookups and the schema hash. */
import {
  argumentNameOf,
  CborReader,
  CborWriter,
  decodeMessage,
  encodeErrorResponse,
  encodeEvent,
  encodeMessage,
  encodeRequest,
  encodeResponse,
  ErrorCode,
  Event,
  fnv1a32,
  isProtocolError,
  Op,
  OP_TABLE,
  PROTOCOL_SPEC,
  opByCode,
  opByName,
  readMessageHeader,
  SCHEMA_HASH,
  schemaHashOf,
  schemaText,
  Status,
  validateArgs,
  validateResult,
  writeErrorResponse,
  writeRequestHeader,
  cborEncode,
  SEQ_MAX,
} from '../../protocol';
import { packF32le } from '../../protocol/f32le';
import type { MessageHeader, OpSpec, ProtocolSpec } from '../../protocol';
import { hex } from './helpers';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (isProtocolError(err)) return err.code;
    throw err;
  }
  return 'OK';
}

describe('op lookups', () => {
  it('finds every op by code and by name', () => {
    for (const op of OP_TABLE) {
      expect(opByCode(op.code)).toBe(op);
      expect(opByName(op.name)).toBe(op);
    }
    expect(opByCode(0)).toBeUndefined();
    expect(opByCode(99)).toBeUndefined();
    expect(opByName('nope')).toBeUndefined();
    expect(opByName('activateMany')!.code).toBe(Op.ACTIVATE_MANY);
  });

  it('OP_TABLE codes and names are unique and match Op', () => {
    expect(new Set(OP_TABLE.map((o) => o.code)).size).toBe(OP_TABLE.length);
    expect(new Set(OP_TABLE.map((o) => o.name)).size).toBe(OP_TABLE.length);
    expect(OP_TABLE.map((o) => o.code).sort((a, b) => a - b)).toEqual(Object.values(Op).sort((a, b) => a - b));
  });
});

describe('validateArgs / validateResult', () => {
  it('accepts valid arguments', () => {
    expect(validateArgs(Op.PULSE, [3, -1500, 5])).toBeNull();
    expect(validateArgs('activateMany', [null, packF32le([0.5, 1])])).toBeNull();
    expect(validateArgs('activateMany', [[0, 1], packF32le([0.5, 1])])).toBeNull();
    expect(validateArgs(Op.CONFIG_SET, [{ a: 1 }])).toBeNull();
    expect(validateArgs(Op.STATUS, [])).toBeNull();
    expect(validateResult(Op.CAL_PUT, [true])).toBeNull();
    expect(validateResult('selftest', [[1, -2]])).toBeNull();
  });

  const bad: [number | string, unknown, RegExp][] = [
    [Op.PULSE, [3, -1500], /pulse: expects 3 arguments \(channel, currentUa, widthUs\), got 2/],
    [Op.PULSE, [3, -1500, -5], /pulse: argument 'widthUs' \(#3\) must be uint \(an integer 0 … 2\^53 − 1\), got -5/],
    [Op.PULSE, [1.5, 0, 5], /argument 'channel' \(#1\) must be uint.*got 1\.5/],
    [Op.PULSE, ['3', 0, 5], /argument 'channel' \(#1\) must be uint.*got "3"/],
    [Op.ACTIVATE, [0, NaN], /argument 'x' \(#2\) must be f32 .*got NaN/],
    [Op.ACTIVATE, [0, 1e39], /argument 'x' \(#2\) must be f32/],
    [Op.ACTIVATE_MANY, [[0, -1], [0.5, 1]], /argument 'channels' \(#1\) must be opt-uints .*item 1 is -1/],
    [Op.ACTIVATE_MANY, [null, 0.5], /argument 'xs' \(#2\) must be f32le .*got 0\.5/],
    [Op.CONFIG_SET, [[1]], /argument 'config' \(#1\) must be map .*got an array of 1/],
    [Op.CONFIG_SET, [null], /argument 'config' \(#1\) must be map/],
    [Op.HELLO, { protocolVersion: 1 }, /hello: arguments must be an array, got a map/],
    [99, [], /unknown op 99/],
    ['frobnicate', [], /unknown op frobnicate/],
  ];
  it.each(bad)('%s %j → message naming the field', (op, args, why) => {
    const msg = validateArgs(op, args);
    expect(msg).toMatch(why);
  });

  it('names the argument for the error detail', () => {
    expect(argumentNameOf(validateArgs(Op.PULSE, [3, -1500, -5])!)).toBe('widthUs');
    expect(argumentNameOf('pulse: expects 3 arguments')).toBeNull();
  });

  it('validates results, including ints arrays', () => {
    expect(validateResult(Op.SELFTEST, [[1, 0.5]])).toMatch(/result 'values' \(#1\) must be ints .*item 1 is 0\.5/);
    expect(validateResult(Op.HEARTBEAT, [1])).toMatch(/heartbeat: expects 2 results \(token, uptimeMs\), got 1/);
  });
});

describe('message encode/decode', () => {
  it('round-trips requests, responses, errors and events', () => {
    const req = encodeRequest(7, Op.ACTIVATE, [2, 0.25]);
    expect(hex(req)).toBe('83070c8202fa3e800000');
    expect(decodeMessage(req, 'host')).toEqual({ kind: 'request', seq: 7, op: Op.ACTIVATE, args: [2, 0.25] });
    const res = encodeResponse(7, Status.OK, [0.5, -1200, 1500, 3]);
    expect(decodeMessage(res)).toEqual({ kind: 'response', seq: 7, status: 0, result: [0.5, -1200, 1500, 3] });
    const err = encodeErrorResponse(8, ErrorCode.BAD_ARGUMENT, 'bad argument', 'widthUs');
    expect(decodeMessage(err, 'board')).toEqual({ kind: 'response', seq: 8, status: 4, result: ['bad argument', 'widthUs'] });
    const ev = encodeEvent(Event.WARNING, [1, 'guard delay']);
    expect(decodeMessage(ev)).toEqual({ kind: 'event', event: Event.WARNING, data: [1, 'guard delay'] });
    expect(hex(encodeMessage({ kind: 'event', event: 2, data: [1, 'x'] }))).toBe(hex(encodeEvent(2, [1, 'x'])));
  });

  it('lets an unknown op through (the board answers UNKNOWN_OP), validates known ones', () => {
    expect(decodeMessage(encodeRequest(1, 200, [1, 2]), 'host')).toMatchObject({ op: 200 });
    expect(codeOf(() => encodeRequest(1, Op.PULSE, [1]))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => encodeRequest(0, Op.STATUS, []))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => encodeRequest(SEQ_MAX + 1, Op.STATUS, []))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => encodeResponse(1, 4, ['only a message']))).toBe('BAD_ARGUMENT');
    expect(codeOf(() => encodeEvent(-1, []))).toBe('BAD_ARGUMENT');
  });

  const shapes: [string, unknown, 'host' | 'board', string][] = [
    ['not an array', { a: 1 }, 'board', 'MSG_SHAPE'],
    ['2 items', [1, 0], 'board', 'MSG_SHAPE'],
    ['4 items', [1, 0, [], 1], 'board', 'MSG_SHAPE'],
    ['seq too big', [SEQ_MAX + 1, 0, []], 'board', 'MSG_SHAPE'],
    ['negative seq', [-1, 0, []], 'board', 'MSG_SHAPE'],
    ['op not an integer', [1, 'hello', []], 'host', 'MSG_SHAPE'],
    ['args not an array', [1, 1, 1], 'host', 'MSG_SHAPE'],
    ['event from the host', [0, 1, []], 'host', 'MSG_SHAPE'],
    ['error result without detail', [1, 4, ['x']], 'board', 'MSG_SHAPE'],
    ['error detail not text', [1, 4, ['x', 3]], 'board', 'MSG_SHAPE'],
  ];
  it.each(shapes)('refuses a message with %s', (_n, value, sender, code) => {
    const err = (() => {
      try {
        decodeMessage(cborEncode(value as never), sender);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(isProtocolError(err, code)).toBe(true);
    expect((err as { errorCode: number }).errorCode).toBe(ErrorCode.BAD_FRAME);
  });

  it('allocation-free header helpers agree with the allocating ones', () => {
    const buf = new Uint8Array(64);
    const w = new CborWriter(buf);
    writeRequestHeader(w, 9, Op.SELECT, 1);
    w.uint(4);
    expect(hex(w.view())).toBe(hex(encodeRequest(9, Op.SELECT, [4])));
    w.reset();
    writeErrorResponse(w, 9, ErrorCode.OUT_OF_LIMITS, 'too much', null);
    expect(hex(w.view())).toBe(hex(encodeErrorResponse(9, ErrorCode.OUT_OF_LIMITS, 'too much', null)));
    const r = new CborReader(encodeRequest(300, Op.PULSE, [1, -2, 5]));
    const h: MessageHeader = { seq: 0, code: 0, count: 0 };
    expect(readMessageHeader(r, h)).toBe(true);
    expect(h).toEqual({ seq: 300, code: Op.PULSE, count: 3 });
    expect([r.readUint(), r.readInt(), r.readUint()]).toEqual([1, -2, 5]);
    const bad = new CborReader(cborEncode([5, 'x', []]));
    expect(readMessageHeader(bad, h)).toBe(false);
    expect(h.seq).toBe(5); // known, so the error can be answered
  });
});

describe('schema hash', () => {
  it('is FNV-1a 32 (reference vectors)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
    // against Math.imul on arbitrary text
    const ref = (s: string) => {
      let h = 0x811c9dc5;
      for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 16777619) >>> 0;
      return h;
    };
    expect(fnv1a32(schemaText(PROTOCOL_SPEC))).toBe(ref(schemaText(PROTOCOL_SPEC)));
    expect(fnv1a32('µA ✓ 😀')).toBe(ref('µA ✓ 😀'));
  });

  it('is stable: pinned for this spec', () => {
    // Changing the spec (codes, names, field names/types, map keys, events, error and warning
    // codes and messages, pulses) must change this number: update it together with the spec
    // (and PROTOCOL_VERSION when the wire changes).
    expect(SCHEMA_HASH).toBe(0x44086daa);
    expect(SCHEMA_HASH).toBe(schemaHashOf(PROTOCOL_SPEC));
    expect(SCHEMA_HASH >>> 0).toBe(SCHEMA_HASH);
    const lines = schemaText(PROTOCOL_SPEC).split('\n');
    expect(lines[12]).toBe('13 activateMany pulses=1 args=channels:opt-uints,xs:f32le result=ys:f32le,deviceTimeMs:uint');
    expect(lines[2]).toMatch(/^3 configGet pulses=0 args= result=config:map\{settleMode:text,settleMs:uint,/);
    expect(lines).toContain('event 1 sweepPoint data=index:uint,currentUa:int,adcCounts:uint,rHallMilliOhm:int');
    expect(lines).toContain('error 4 BAD_ARGUMENT "bad argument"');
    expect(lines[lines.length - 2]).toMatch(/^warning 2 INTERNAL_ERROR "/);
  });

  it('changes when anything in the spec changes, not when entries are reordered', () => {
    const edit = (i: number, change: Partial<OpSpec>): ProtocolSpec => ({ ...PROTOCOL_SPEC, ops: OP_TABLE.map((o, k) => (k === i ? { ...o, ...change } : o)) });
    const pulse = OP_TABLE.findIndex((o) => o.name === 'pulse');
    const hello = OP_TABLE.findIndex((o) => o.name === 'hello');
    const helloKeys = OP_TABLE[hello].result[0].keys ?? [];
    const variants: ProtocolSpec[] = [
      edit(pulse, { pulses: false }),
      edit(pulse, { name: 'pulse2' }),
      edit(pulse, { code: 99 }),
      edit(pulse, { args: OP_TABLE[pulse].args.slice(0, 2) }),
      edit(pulse, { args: OP_TABLE[pulse].args.map((f, k) => (k === 0 ? { ...f, type: 'int' as const } : f)) }),
      edit(pulse, { result: OP_TABLE[pulse].result.map((f, k) => (k === 0 ? { ...f, name: 'applied' } : f)) }),
      // a key of hello's info map renamed
      edit(hello, { result: [{ ...OP_TABLE[hello].result[0], keys: helloKeys.map((f, k) => (k === 0 ? { ...f, name: 'protocol' } : f)) }] }),
      { ...PROTOCOL_SPEC, ops: OP_TABLE.slice(1) },
      { ...PROTOCOL_SPEC, events: PROTOCOL_SPEC.events.map((e, k) => (k === 0 ? { ...e, data: e.data.slice(1) } : e)) },
      { ...PROTOCOL_SPEC, errors: PROTOCOL_SPEC.errors.map((e, k) => (k === 3 ? { ...e, message: 'bad arg' } : e)) },
      { ...PROTOCOL_SPEC, warnings: PROTOCOL_SPEC.warnings.map((e, k) => (k === 0 ? { ...e, name: 'LINK_LOST' } : e)) },
    ];
    const hashes = new Set(variants.map(schemaHashOf));
    expect(hashes.size).toBe(variants.length);
    expect(hashes.has(SCHEMA_HASH)).toBe(false);
    expect(schemaHashOf({ ...PROTOCOL_SPEC, ops: OP_TABLE.slice().reverse(), errors: PROTOCOL_SPEC.errors.slice().reverse() })).toBe(SCHEMA_HASH);
  });
});

/**
 * The firmware bundle on the real twin, over frames: every op answers as specified and every
 * error code the firmware produces is reached by a real request (a double only for INTERNAL,
 * a fault no request can cause).
 */
import { ErrorCode, Event, Op, SelfTest, WarningCode } from '../../protocol/ops';
import { packF32le, unpackF32le } from '../../protocol/f32le';
import { PROTOCOL_VERSION } from '../../protocol/limits';
import { SCHEMA_HASH } from '../../protocol/schema-hash';
import { buildTestBundle, removeBundle, SimClient } from './sim-client';

const VERSION = '3.1.4-e2e';
let bundle = '';
let c: SimClient;

beforeAll(async () => {
  bundle = await buildTestBundle(VERSION);
});
afterAll(() => removeBundle(bundle));
beforeEach(async () => {
  // the firmware's sequencing in model time: the twin's interpreter time per op is left out here
  // (interp=off) and tested in tests/board/interpreter-time.test.ts
  c = await SimClient.open(bundle, 'sim:interp=off', 'frozen');
});
afterEach(async () => {
  expect(c.board.runtime.errors).toEqual([]);
  // every reply and event the firmware sent fits the spec (protocol/ops.ts)
  expect(c.specViolations).toEqual([]);
  await c.close();
});

type Map = { [k: string]: unknown };

const CAL = (ch: number): unknown[] => [ch, 12000, 28000, 5, -30000, -600, 600, -4, 4];

describe('ops', () => {
  test('hello reports versions, board, schema hash and limits', async () => {
    const [info] = (await c.ok(Op.HELLO, [PROTOCOL_VERSION])) as [Map];
    expect(info.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(info.firmwareVersion).toBe(VERSION);
    expect(info.boardId).toBe('nucleon-pico-ref');
    expect(info.channels).toBe(16);
    expect(info.populatedMask).toBe(0x3ff);
    expect(info.schemaHash).toBe(SCHEMA_HASH);
    expect(info.fieldDeltaRMilliOhm).toEqual(new Array(16).fill(500)); // the reference board's 0.5 Ω
    expect(info.limits).toMatchObject({ maxCurrentUa: 30000, minWidthUs: 5, maxWidthUs: 300 });
  });

  test('hello with another protocol version is refused with what to do', async () => {
    const r = await c.request(Op.HELLO, [PROTOCOL_VERSION + 1]);
    expect(r.status).toBe(ErrorCode.VERSION_MISMATCH);
    expect(r.result[0]).toMatch(/flash newer firmware|update the host/);
    expect(r.result[1]).toBe('protocolVersion');
  });

  test('status, heartbeat, safe', async () => {
    const [st] = (await c.ok(Op.STATUS, [])) as [Map];
    expect(st).toMatchObject({ busy: false, queued: 0, pulses: 0 });
    expect((st.stressPermille as number[]).length).toBe(16);
    const [token, uptime] = (await c.ok(Op.HEARTBEAT, [4242])) as number[];
    expect(token).toBe(4242);
    expect(uptime).toBeGreaterThanOrEqual(0);
    await c.ok(Op.SELECT, [2]);
    expect(c.twin.hardware.digitalRead('B7')).toBe(1);
    expect(await c.ok(Op.SAFE, [])).toEqual([true]);
    expect(c.twin.hardware.digitalRead('B7')).toBe(0);
  });

  test('config get/set, all-or-nothing, bad keys and values named', async () => {
    const [cfg] = (await c.ok(Op.CONFIG_GET, [])) as [Map];
    expect(cfg).toMatchObject({ settleMode: 'fixed', guardMode: 'delay', thermalGuard: true, settleMs: 131 });
    const [next] = (await c.ok(Op.CONFIG_SET, [{ settleMode: 'stable', toleranceMilliOhm: 5 }])) as [Map];
    expect(next).toMatchObject({ settleMode: 'stable', toleranceMilliOhm: 5 });
    const bad = await c.request(Op.CONFIG_SET, [{ settleMs: 10, bogus: 1 }]);
    expect(bad.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(bad.result[1]).toBe('bogus');
    const badValue = await c.request(Op.CONFIG_SET, [{ guardMode: 'sometimes' }]);
    expect(badValue.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(badValue.result[1]).toBe('guardMode');
    const [after] = (await c.ok(Op.CONFIG_GET, [])) as [Map];
    expect(after.settleMs).toBe(131); // the refused set changed nothing
  });

  test('select drives the bus; a channel outside the selector is a BAD_ARGUMENT', async () => {
    expect(await c.ok(Op.SELECT, [9])).toEqual([9]);
    expect(c.twin.hardware.digitalRead('B6') * 8 + c.twin.hardware.digitalRead('B3')).toBe(9);
    const r = await c.request(Op.SELECT, [16]);
    expect(r.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(r.result[1]).toBe('channel');
    const t = await c.request(Op.SELECT, ['one']);
    expect(t.status).toBe(ErrorCode.BAD_ARGUMENT);
  });

  test('pulse fires once per request and reports the DAC-quantised current; read waits for settling', async () => {
    // pulse and read in one chunk of link bytes: the read starts as the pulse ends and must wait
    // it out. The board's idle clock is frozen (beforeEach): it failed once on a loaded machine
    // (settle 29 ms) when it followed the wall clock between the pulse's callbacks.
    const ps = c.seq();
    const rs = c.seq();
    const pf = c.frame(ps, Op.PULSE, [1, -30000, 5]);
    const rf = c.frame(rs, Op.READ, [1]);
    const both = new Uint8Array(pf.length + rf.length);
    both.set(pf, 0);
    both.set(rf, pf.length);
    c.board.write(both);
    const [applied, width, waited] = (await c.reply(ps)).result as number[];
    expect(applied).toBe(-30000);
    expect(width).toBe(5);
    expect(waited).toBeGreaterThanOrEqual(0);
    expect(c.twin.counters.pulsesPerChannel[1]).toBe(1);
    const [, rLow, settle] = (await c.reply(rs)).result as number[];
    // it waited for the lock-in (fixed mode: settleMs after the pulse), and what it read was settled: a read long after, with nothing in between, agrees to within noise
    expect(settle).toBeGreaterThan(100);
    const [, rLowLater] = (await c.ok(Op.READ, [1])) as number[];
    expect(Math.abs(rLowLater - rLow)).toBeLessThan(10);
    expect((await c.ok(Op.PULSE, [1, 30000, 5]))[0]).toBe(30000);
    const [, rHigh] = (await c.ok(Op.READ, [1])) as number[];
    // the device switched between the two pulses (ΔR_AHE·η ≈ 0.35 Ω)
    expect(Math.abs(rHigh - rLow)).toBeGreaterThan(100);
    expect(c.twin.counters.pulses).toBe(2);
    expect(c.twin.counters.switchWithSourceOnFaults).toBe(0);
  });

  test('pulse and width limits give OUT_OF_LIMITS naming the field and range, and never pulse', async () => {
    for (const [args, field] of [
      [[0, 30001, 5], 'currentUa'],
      [[0, -30001, 5], 'currentUa'],
      [[0, 1000, 4], 'widthUs'],
      [[0, 1000, 301], 'widthUs'],
    ] as [unknown[], string][]) {
      const r = await c.request(Op.PULSE, args);
      expect(r.status).toBe(ErrorCode.OUT_OF_LIMITS);
      expect(r.result[1]).toBe(field);
      expect(r.result[0]).toMatch(/outside \[/);
    }
    expect(c.twin.counters.gatePulses).toBe(0);
  });

  test('setReset: SET alone above the last current, RESET then SET below it (Fig. 3c)', async () => {
    expect((await c.ok(Op.SET_RESET, [3, 20000, 5]))[0]).toBe(2); // state unknown at boot: RESET+SET
    expect((await c.ok(Op.SET_RESET, [3, 25000, 5]))[0]).toBe(1);
    expect((await c.ok(Op.SET_RESET, [3, 15000, 5]))[0]).toBe(2);
    expect(c.twin.counters.pulsesPerChannel[3]).toBe(5);
  });

  test('sweep streams one point per step on the loop 0 → +peak → −peak → 0', async () => {
    const seq = c.seq();
    c.send(seq, Op.SWEEP, [4, 5, 0, 30000, 12]);
    const r = await c.reply(seq);
    expect(r.status).toBe(0);
    const pts = c.events.filter((e) => e.event === Event.SWEEP_POINT).map((e) => e.data as number[]);
    expect(pts.map((p) => p[0])).toEqual([...Array(12).keys()]);
    expect(pts.map((p) => p[1])).toEqual([10000, 20000, 30000, 20000, 10000, 0, -10000, -20000, -30000, -20000, -10000, 0]);
    expect(r.result[0]).toBe(12);
    expect(r.result[1]).toBeGreaterThanOrEqual(10 * 130); // each pulsed step waits out settling
    expect(c.twin.counters.pulsesPerChannel[4]).toBe(10); // no pulse at 0 µA
    const bad = await c.request(Op.SWEEP, [4, 5, 0, 30000, 1]);
    expect(bad.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(bad.result[1]).toBe('steps');
  });

  test('calibration is stored in flash, survives a reboot, and drives activate/activateMany', async () => {
    const none = await c.request(Op.CAL_GET, [5]);
    expect(none.status).toBe(ErrorCode.NOT_CALIBRATED);
    expect((await c.request(Op.ACTIVATE, [5, 0])).status).toBe(ErrorCode.NOT_CALIBRATED);
    expect(await c.ok(Op.CAL_PUT, CAL(5))).toEqual([true]);
    const bad = await c.request(Op.CAL_PUT, [5, 28000, 12000, 5, -30000, -600, 600, -4, 4]);
    expect(bad.status).toBe(ErrorCode.BAD_ARGUMENT);
    // an x range that is empty as float32 (how the store keeps it) would make every current NaN
    const flat = await c.request(Op.CAL_PUT, [5, 12000, 28000, 5, -30000, -600, 600, 1, 1.00000001]);
    expect(flat.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(flat.result[0]).toMatch(/xMin must be below xMax, both within float32/);
    // reboot: a fresh run of the same program reads Storage again
    const code = require('fs').readFileSync(bundle, 'utf8') as string;
    c.board.runtime.runProgram(code, 'reboot', true);
    expect(await c.ok(Op.CAL_GET, [5])).toEqual([12000, 28000, 5, -30000, -600, 600, -4, 4]);
    const [y, ua, r, t] = (await c.ok(Op.ACTIVATE, [5, 100])) as number[];
    expect(ua).toBe(28000); // x clamped to xMax
    expect(y).toBeGreaterThanOrEqual(0);
    expect(y).toBeLessThanOrEqual(1);
    expect(typeof r).toBe('number');
    expect(t).toBeGreaterThan(0);
    for (let ch = 0; ch < 3; ch++) await c.ok(Op.CAL_PUT, CAL(ch));
    const ys = unpackF32le(((await c.ok(Op.ACTIVATE_MANY, [null, packF32le([-4, 0, 4])])) as [Uint8Array])[0]);
    expect(ys).toHaveLength(3);
    for (const v of ys) expect(v >= 0 && v <= 1).toBe(true);
    const missing = await c.request(Op.ACTIVATE_MANY, [[0, 7], packF32le([0, 0])]);
    expect(missing.status).toBe(ErrorCode.NOT_CALIBRATED);
    const mismatch = await c.request(Op.ACTIVATE_MANY, [[0, 1], packF32le([0])]);
    expect(mismatch.status).toBe(ErrorCode.BAD_ARGUMENT);
  });

  test('selftest primitives', async () => {
    expect(await c.ok(Op.SELFTEST, [SelfTest.SELECT_LINES, 10])).toEqual([[10, 10]]);
    expect(await c.ok(Op.SELFTEST, [SelfTest.DAC, 4095])).toEqual([[4095, 30000]]);
    const [[mean, min, max]] = (await c.ok(Op.SELFTEST, [SelfTest.ADC_NOISE, 32])) as number[][];
    expect(min).toBeLessThanOrEqual(mean);
    expect(max).toBeGreaterThanOrEqual(mean);
    const [[, openVacant]] = (await c.ok(Op.SELFTEST, [SelfTest.OPEN_CHANNEL, 12])) as number[][];
    expect(openVacant).toBe(1);
    expect((await c.request(Op.SELFTEST, [9, 0])).status).toBe(ErrorCode.BAD_ARGUMENT);
    expect((await c.request(Op.SELFTEST, [SelfTest.DAC, 5000])).status).toBe(ErrorCode.BAD_ARGUMENT);
  });

  test('console hands the link back to the REPL after answering', async () => {
    expect(c.board.runtime.consoleDevice).toBe('LoopbackA');
    expect(await c.ok(Op.CONSOLE, [])).toEqual([true]);
    expect(c.board.runtime.consoleDevice).toBe('USB');
  });
});

describe('errors', () => {
  test('UNKNOWN_OP, wrong argument count, trailing bytes', async () => {
    const u = await c.request(99, []);
    expect(u.status).toBe(ErrorCode.UNKNOWN_OP);
    const n = await c.request(Op.PULSE, [1, 1000]);
    expect(n.status).toBe(ErrorCode.BAD_ARGUMENT);
    expect(n.result[1]).toBe('args');
  });

  test('BAD_CRC and BAD_FRAME come back as FRAME_ERROR events and act on nothing', async () => {
    const f = c.frame(c.seq(), Op.PULSE, [0, 20000, 5]);
    f[2] ^= 0x40;
    c.board.write(f);
    c.board.write(Uint8Array.of(0x05, 0x00, 0x01, 0x02, 0x00)); // COBS code pointing past the end
    const notArray = require('../../protocol').encodeFrame(require('../../protocol').cborEncode({ a: 1 }));
    c.board.write(notArray);
    await c.until(() => c.events.filter((e) => e.event === Event.FRAME_ERROR).length >= 3, 'three FRAME_ERROR events');
    const codes = c.events.filter((e) => e.event === Event.FRAME_ERROR).map((e) => e.data[0]);
    expect(codes).toContain(ErrorCode.BAD_CRC);
    expect(codes).toContain(ErrorCode.BAD_FRAME);
    expect(c.twin.counters.gatePulses).toBe(0);
  });

  test('BUSY when the queue is full; the refused seq can be retried', async () => {
    const seqs = [...Array(8).keys()].map(() => c.seq());
    for (const s of seqs) c.send(s, Op.READ, [1]);
    await c.until(() => seqs.every((s) => c.replies.has(s)), 'all replies');
    const statuses = seqs.map((s) => (c.replies.get(s) as { status: number }[])[0].status);
    expect(statuses.filter((s) => s === ErrorCode.BUSY).length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s === 0).length).toBeGreaterThanOrEqual(4);
    const busySeq = seqs[statuses.indexOf(ErrorCode.BUSY)];
    c.send(busySeq, Op.READ, [1]);
    await c.until(() => (c.replies.get(busySeq) as unknown[]).length === 2, 'retry reply');
    expect((c.replies.get(busySeq) as { status: number }[])[1].status).toBe(0);
  });

  test('STORAGE when flash is full', async () => {
    const free = c.twin.storage.freeBytes();
    expect(c.twin.storage.write('filler', 'x'.repeat(free - 40))).toBe(true);
    const r = await c.request(Op.CAL_PUT, CAL(0));
    expect(r.status).toBe(ErrorCode.STORAGE);
    expect((await c.request(Op.CAL_GET, [0])).status).toBe(ErrorCode.NOT_CALIBRATED);
  });

  test('HARDWARE when a select line is stuck: nothing is pulsed into the wrong device', async () => {
    await c.close();
    c = await SimClient.open(bundle, 'sim:fault=stuck-select:0');
    const r = await c.request(Op.PULSE, [1, 20000, 5]);
    expect(r.status).toBe(ErrorCode.HARDWARE);
    expect(c.twin.counters.gatePulses).toBe(0);
    expect(c.twin.hardware.digitalRead('B7')).toBe(0);
  });

  test('INTERNAL on an exception inside the firmware: outputs made safe, firmware keeps answering', async () => {
    await c.ok(Op.SELECT, [2]);
    const hw = c.twin.hardware as unknown as { analogRead(pin: string): number };
    const real = hw.analogRead.bind(hw);
    hw.analogRead = () => {
      hw.analogRead = real;
      throw new Error('ADC bus fault (injected)');
    };
    const r = await c.request(Op.READ, [2]);
    expect(r.status).toBe(ErrorCode.INTERNAL);
    expect(r.result[0]).toMatch(/ADC bus fault/);
    expect(c.twin.hardware.digitalRead('B7')).toBe(0);
    expect(c.events.some((e) => e.event === Event.WARNING && e.data[0] === WarningCode.INTERNAL_ERROR)).toBe(true);
    expect((await c.request(Op.READ, [2])).status).toBe(0);
  });

  test('heartbeat timeout makes the outputs safe and warns', async () => {
    await c.ok(Op.CONFIG_SET, [{ heartbeatTimeoutMs: 500 }]);
    await c.ok(Op.SELECT, [1]);
    expect(c.twin.hardware.digitalRead('B7')).toBe(1);
    // Virtual time, not the wall: the idle board's timers run up to 1 s later at once.
    c.twin.scheduler.advance(1000);
    await c.until(() => c.events.some((e) => e.event === Event.WARNING), 'link-timeout warning', 5000);
    expect(c.events.filter((e) => e.event === Event.WARNING).map((e) => e.data[0])).toEqual([WarningCode.LINK_TIMEOUT]);
    expect(c.twin.hardware.digitalRead('B7')).toBe(0);
  });
});

describe('exactly-once', () => {
  test('a retransmitted pulse gets the stored answer and never a second pulse', async () => {
    const seq = c.seq();
    const f = c.frame(seq, Op.PULSE, [6, 20000, 5]);
    c.board.write(f);
    await c.reply(seq);
    c.board.write(f);
    c.board.write(f);
    await c.until(() => (c.replies.get(seq) as unknown[]).length === 3, 'replayed answers');
    const [a, b, d] = c.replies.get(seq) as unknown[];
    expect(b).toEqual(a);
    expect(d).toEqual(a);
    expect(c.twin.counters.pulsesPerChannel[6]).toBe(1);
  });

  test('a repeat of a request still in progress is ignored; the same seq with new content is a new request', async () => {
    const seq = c.seq();
    const f = c.frame(seq, Op.SWEEP, [7, 5, 0, 20000, 4]);
    c.board.write(f);
    c.board.write(f);
    await c.reply(seq);
    await c.ok(Op.HEARTBEAT, [1]);
    expect(c.replies.get(seq)).toHaveLength(1);
    expect(c.twin.counters.pulsesPerChannel[7]).toBe(2); // 20000, 0, −20000, 0: two pulses
    c.send(seq, Op.PULSE, [7, 20000, 5]);
    await c.until(() => (c.replies.get(seq) as unknown[]).length === 2, 'new request with reused seq');
    expect(c.twin.counters.pulsesPerChannel[7]).toBe(3);
  });
});

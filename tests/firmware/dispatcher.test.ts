/**
 * Dispatcher unit tests on a fake HAL (no twin): the order the firmware drives the pins in,
 * settling logic, the guard's arithmetic, and allocations per request in the hot path.
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import { createFirmware } from '../../firmware/create';
import { firmwareBoardFrom } from '../../firmware/board';
import { settleTimeConstants, stepResponse } from '../../firmware/core/settle-table';
import { loadBoardDefinition } from '../../board/definitions';
import { cborEncode, decodeMessage, encodeFrame, FrameDecoder, Op, ErrorCode, packF32le } from '../../protocol';
import type { CborValue } from '../../protocol';
import { FakeHal } from './fake-hal';
import { ThermalGuard } from '../../firmware/core/thermal-guard';
import { Params } from '../../firmware/core/params';

const board = firmwareBoardFrom(loadBoardDefinition());

type Reply = { status: number; result: unknown[] };

/**
 * A firmware on the fake HAL (`b`: another board, `prepare`: set the HAL up before boot) and
 * `ask`, which sends one request, runs the timers and returns its reply; `reply` reads what the
 * firmware has sent so far for a seq (undefined: nothing yet).
 */
function setup(b = board, prepare?: (hal: FakeHal) => void): { hal: FakeHal; ask: (seq: number, op: number, args: unknown[]) => Reply; reply: (seq: number) => Reply | undefined } {
  const hal = new FakeHal();
  prepare?.(hal);
  const fw = createFirmware(hal, b, '0.0.1-unit');
  fw.start();
  const replies = new Map<number, Reply>();
  const dec = new FrameDecoder({
    onFrame(cbor) {
      const m = decodeMessage(cbor);
      if (m.kind === 'response') replies.set(m.seq, { status: m.status, result: m.result as unknown[] });
    },
    onError() {},
  });
  const reply = (seq: number): Reply | undefined => {
    for (const f of hal.sent.splice(0)) dec.push(f);
    return replies.get(seq);
  };
  const ask = (seq: number, op: number, args: unknown[]): Reply => {
    hal.receive(encodeFrame(cborEncode([seq, op, args as CborValue[]])));
    hal.runOneShots();
    const r = reply(seq);
    if (r === undefined) throw new Error(`no reply to ${seq}`);
    return r;
  };
  return { hal, ask, reply };
}

test('the source is gated off (DAC 0, EN low) before the select lines change, and EN comes back only after', () => {
  const { hal, ask } = setup();
  hal.log.length = 0;
  expect(ask(1, Op.PULSE, [3, -20000, 5]).status).toBe(0);
  const sel = hal.log.indexOf('select 3');
  expect(sel).toBeGreaterThan(0);
  expect(hal.log.slice(0, sel)).toEqual(expect.arrayContaining(['dac 0', 'en 0']));
  expect(hal.log.lastIndexOf('en 0', sel)).toBeGreaterThan(hal.log.lastIndexOf('en 1', sel));
  const gate = hal.log.findIndex((l) => l.startsWith('gate'));
  expect(gate).toBeGreaterThan(sel);
  // the selector's 10 µs settle is the pulse's hardware-timed delay, not a timer
  expect(hal.log[gate]).toBe('gate 5 after 10 dac=2730 pol=1 en=1 ch=3');
  expect(hal.log.slice(gate + 1)).toEqual(['dac 0', 'pol 0']); // amplitude back to 0 right after
  hal.log.length = 0;
  expect(ask(2, Op.PULSE, [3, 20000, 5]).status).toBe(0);
  expect(hal.log.some((l) => l.startsWith('select'))).toBe(false); // same channel: no switching
});

test('fixed settling waits settleMs after the last change; stable mode stops when two readings agree', () => {
  const { hal, ask } = setup();
  const defaultSettle = Math.ceil(settleTimeConstants(board.lockin.filterOrder, board.lockin.settleFraction) * board.lockin.timeConstantMs);
  expect(stepResponse(4, settleTimeConstants(4, 0.999))).toBeCloseTo(0.999, 6);
  expect(settleTimeConstants(4, 0.99)).toBeCloseTo(10.05, 1); // PHYSICS §5 table: n = 4 → 10 τ for 99 %
  const r = ask(1, Op.READ, [2]);
  expect(r.result[2]).toBe(defaultSettle);
  ask(2, Op.CONFIG_SET, [{ settleMode: 'stable', toleranceMilliOhm: 3, sampleIntervalMs: 10 }]);
  // ADC approaches its final value with τ = 10 ms: two 10 ms-apart readings agree within 3 mΩ after ~60 ms
  const t0 = hal.nowValue;
  hal.adc = (now) => Math.round(3000 - 900 * Math.exp(-(now - t0) / 10));
  const s = ask(3, Op.READ, [5]);
  expect(s.status).toBe(0);
  expect(s.result[2]).toBeGreaterThan(20);
  expect(s.result[2]).toBeLessThan(defaultSettle);
});

test('guard refuse mode: THERMAL_GUARD within the fast-network gap, allowed after it', () => {
  const { hal, ask } = setup();
  ask(1, Op.CONFIG_SET, [{ guardMode: 'refuse' }]);
  expect(ask(2, Op.PULSE, [1, 30000, 300]).status).toBe(0);
  const r = ask(3, Op.PULSE, [1, 30000, 300]);
  expect(r.status).toBe(ErrorCode.THERMAL_GUARD);
  hal.advance(board.limits.minGapMsAt300Us + 1);
  expect(ask(4, Op.PULSE, [1, 30000, 300]).status).toBe(0);
});

test('watchdog kicked from housekeeping; heartbeat timeout only while idle', () => {
  const { hal, ask } = setup();
  hal.advance(1000);
  expect(hal.kicks).toBeGreaterThanOrEqual(3);
  ask(1, Op.CONFIG_SET, [{ heartbeatTimeoutMs: 1000 }]);
  ask(2, Op.SELECT, [4]);
  expect(hal.enabled).toBe(true);
  hal.advance(900);
  expect(hal.enabled).toBe(true);
  hal.advance(400);
  expect(hal.enabled).toBe(false);
});

/** Bytes of V8 new-space growth per request (no scavenge in between), best of a few tries. */
function allocatedBytesPerRequest(run: (i: number) => void, n: number): number {
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let best = Infinity;
  for (let attempt = 0; attempt < 5; attempt++) {
    gc();
    const before = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
    for (let i = 0; i < n; i++) run(i);
    const after = v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_used_size ?? 0;
    if (after >= before) best = Math.min(best, (after - before) / n);
  }
  return best;
}

/** Warm-up requests per op before measuring, so the measured code is optimised (TurboFan). */
const WARM_UP = 3000;

test('allocation per request in the hot path (heartbeat, pulse, read, activate, activateMany), measured', () => {
  const hal = new FakeHal();
  hal.logging = false;
  hal.keepSent = false;
  const fw = createFirmware(hal, board, '0.0.1-alloc');
  fw.start();
  for (let ch = 0; ch < 10; ch++) hal.receive(encodeFrame(cborEncode([1 + ch, Op.CAL_PUT, [ch, 12000, 28000, 5, -30000, -600, 600, -4, 4]])));
  const frames = (op: number, args: CborValue[]): Uint8Array[] => Array.from({ length: 400 }, (_, i) => encodeFrame(cborEncode([100 + i, op, args])));
  const figures: { [op: string]: number } = {};
  let answers = 0;
  for (const [name, op, args] of [
    ['heartbeat', Op.HEARTBEAT, [7]],
    ['pulse', Op.PULSE, [0, 20000, 5]],
    ['read', Op.READ, [0]],
    ['activate', Op.ACTIVATE, [0, 0.5]],
    ['activateMany', Op.ACTIVATE_MANY, [null, packF32le([0.1, -0.2, 0.3, 0.45, -0.5, 0.6, 0.7, -0.8, 0.9, 0.95])]],
  ] as [string, number, CborValue[]][]) {
    const fs = frames(op, args);
    const sentBefore = hal.sentBytes;
    for (let i = 0; i < WARM_UP; i++) {
      hal.receive(fs[i % 400]);
      hal.runOneShots();
    }
    // every request was answered (a response frame is at least 8 bytes), so the path is the real one
    expect(hal.sentBytes - sentBefore).toBeGreaterThanOrEqual(8 * WARM_UP);
    answers += WARM_UP;
    figures[name] = allocatedBytesPerRequest((i) => {
      hal.receive(fs[(WARM_UP + i) % 400]);
      hal.runOneShots();
    }, 300);
  }
  expect(answers).toBe(5 * WARM_UP);
  expect(fw.activations).toBeGreaterThanOrEqual(WARM_UP * 11);
  // eslint-disable-next-line no-console
  console.log('bytes allocated per request (V8 new space, fake HAL):', JSON.stringify(figures));
  // No per-request closures or strings. What remains: the copy of exactly its length each
  // queued request and each cached answer gets (the exactly-once cache and the queue keep
  // compact copies instead of preallocated 512-byte slots: ~410 variables more free on a Pico),
  // the views the native copies take (protocol 2 frames are COBS-coded a run at a time with
  // indexOf + set(subarray): one view per link chunk and per COBS block each way, ~100 bytes
  // each in V8; on Espruino a view is one variable, freed at once, where a JS statement per byte
  // cost far more), and V8 boxing non-integer float temporaries (stress, gaps, waits). Measured:
  // heartbeat ≈ 700, pulse ≈ 1 200, read ≈ 1 220, activate ≈ 1 390, activateMany ≈ 4.8 kB. A
  // per-evaluation array or a second frame-sized buffer per request would still trip the bounds.
  const bounds: { [op: string]: number } = { heartbeat: 1100, read: 1700, pulse: 1700, activate: 2200, activateMany: 7000 };
  for (const [name, v] of Object.entries(figures)) expect(v).toBeLessThan(bounds[name]);
});

test('activateMany: a pulse that must wait longer than the hardware-timed delay goes to a timer, the batch still runs whole', () => {
  // a selector that settles in 8 ms (> MAX_PULSE_DELAY_MS): each evaluation's first pulse after a
  // channel switch waits for a timer, and PulseSeq takes the group from there; the next
  // evaluations go back to the straight-line path. Same batch with the usual 10 µs settle as reference.
  const run = (switchSettleUs: number): { ys: number[]; gates: string[]; wasTimer: boolean } => {
    let t = 0;
    const { hal, ask, reply } = setup({ ...board, selector: { ...board.selector, switchSettleUs } }, (h) => {
      h.adc = () => 1000 + 500 * (t++ % 4);
    });
    for (let ch = 0; ch < 3; ch++) expect(ask(1 + ch, Op.CAL_PUT, [ch, 12000, 28000, 5, -30000, 400, 1600, -4, 4]).status).toBe(0);
    hal.log.length = 0;
    hal.receive(encodeFrame(cborEncode([9, Op.ACTIVATE_MANY, [null, packF32le([-1, 2, 0.5])]])));
    const syncGates = hal.log.filter((l) => l.startsWith('gate')).length;
    hal.runOneShots();
    const r = reply(9);
    expect(r?.status).toBe(0);
    const gates = hal.log.filter((l) => l.startsWith('gate'));
    return { ys: (r?.result[0] as number[]) ?? [], gates, wasTimer: syncGates === 0 };
  };
  const ref = run(10);
  const slow = run(8000);
  // boot: every channel's state unknown, so each evaluation is RESET+SET
  expect(ref.gates).toHaveLength(6);
  expect(slow.gates).toHaveLength(6);
  // every group fires from a timer callback (the batch's own); the usual settle is a
  // hardware-timed delay inside the pulse call, the slow one a timer of PulseSeq's: after it the
  // RESET fires at once, the SET after the fast network's gap (hardware-timed)
  expect(ref.wasTimer).toBe(true);
  expect(slow.wasTimer).toBe(true);
  for (let i = 0; i < 6; i += 2) {
    expect(ref.gates[i]).toMatch(/after 10 /);
    expect(slow.gates[i]).not.toMatch(/after/);
    expect(slow.gates[i + 1]).toMatch(/after \d+ /);
  }
  // the same currents on the same channels, and the same readings
  expect(slow.gates.map((g) => g.replace(/ after \d+/, ''))).toEqual(ref.gates.map((g) => g.replace(/ after \d+/, '')));
  expect(slow.ys).toEqual(ref.ys);
});

test("activateMany's straight-line fire step books each group as ThermalGuard.record does", () => {
  // the fire step books the guard inline (a call costs the interpreter more than the booking):
  // its stress, booking time and fast-network gap must be what record gives for the same groups
  const hal = new FakeHal();
  let t = 0;
  hal.adc = () => 1000 + 500 * (t++ % 4);
  const fw = createFirmware(hal, board, '0.0.1-unit');
  fw.start();
  const ends: number[] = [];
  const pair = hal.pulsePair.bind(hal);
  hal.pulsePair = (first, second, widthUs, delayUs, gapUs) => {
    const end = pair(first, second, widthUs, delayUs, gapUs);
    ends.push(end);
    return end;
  };
  const send = (seq: number, op: number, args: CborValue[]): void => {
    hal.receive(encodeFrame(cborEncode([seq, op, args])));
    hal.runOneShots();
  };
  const width = 40;
  send(1, Op.CAL_PUT, [0, 12000, 28000, width, -30000, 400, 1600, -4, 4]);
  send(2, Op.CAL_PUT, [1, -8000, 9000, width, 0, 400, 1600, -4, 4]);
  // channel 0 twice (its second group relaxes the first's stress and waits its gap), falling
  // inputs so every group is RESET+SET
  send(3, Op.ACTIVATE_MANY, [[0, 1, 0], packF32le([3, 2, -1])]);
  expect(ends).toHaveLength(3);
  const ref = new ThermalGuard(new Params(board));
  const p = new Params(board);
  const gapMs = Math.ceil(ref.gapMs(width) * 1000) / 1000;
  const groupMj = (ua: number, resetUa: number): number => (ua * ua + resetUa * resetUa) * width * ref.energyK;
  const setUa = (lo: number, hi: number, x: number): number => Math.round(lo + ((x + 4) / 8) * (hi - lo));
  ref.record(0, groupMj(setUa(12000, 28000, 3), -30000), gapMs, ends[0]);
  ref.record(1, groupMj(setUa(-8000, 9000, 2), -p.maxCurrentUa), gapMs, ends[1]);
  ref.record(0, groupMj(setUa(12000, 28000, -1), -30000), gapMs, ends[2]);
  for (const ch of [0, 1]) {
    expect(fw.guard.stressMj[ch]).toBeGreaterThan(0);
    expect(fw.guard.stressMj[ch]).toBe(ref.stressMj[ch]);
    expect(fw.guard.stressAtMs[ch]).toBe(ref.stressAtMs[ch]);
    expect(fw.guard.nextAllowedMs[ch]).toBe(ref.nextAllowedMs[ch]);
  }
});

test("an exception after activateMany's timer callback handed its batch back is not that callback's: the next request is answered once", () => {
  // activateMany (seq 1) runs; configGet (seq 2) waits in the queue. When the batch ends, the
  // callback hands it to the executor, which answers it and starts seq 2. seq 2's answer goes
  // out, then the link write throws: that exception is not the batch's (no INTERNAL answer for
  // a request already answered, no second run of seq 2).
  const { hal, ask, reply } = setup();
  for (let ch = 0; ch < 3; ch++) expect(ask(1 + ch, Op.CAL_PUT, [ch, 12000, 28000, 5, -30000, 400, 1600, -4, 4]).status).toBe(0);
  hal.receive(encodeFrame(cborEncode([10, Op.ACTIVATE_MANY, [null, packF32le([-1, 2, 0.5])]])));
  hal.receive(encodeFrame(cborEncode([11, Op.CONFIG_GET, []])));
  const write = hal.linkWrite.bind(hal);
  let writes = 0;
  hal.linkWrite = (bytes, length) => {
    write(bytes, length);
    // the second answer of the run is seq 11's
    if (++writes === 2) throw new Error('link write failed');
  };
  expect(() => hal.runOneShots()).toThrow('link write failed');
  hal.linkWrite = write;
  hal.runOneShots();
  const seen: number[] = [];
  const dec = new FrameDecoder({
    onFrame(cbor) {
      const m = decodeMessage(cbor);
      if (m.kind === 'response') seen.push(m.seq, m.status);
    },
    onError() {},
  });
  for (const f of hal.sent) dec.push(f);
  expect(seen).toEqual([10, 0, 11, 0]);
  expect(reply(11)?.status).toBe(0);
});

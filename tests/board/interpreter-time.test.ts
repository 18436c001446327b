/**
 * The twin charges the firmware's interpreter time per op from the board's cost table
 * (board/twin/interpreter-time.ts, measured on the real interpreter by `make costs`).
 */
import * as P from '../../protocol';
import { boardDefinitionFile } from '../../board/definitions';
import { loadInterpreterCosts, type InterpreterCosts } from '../../board/definitions/costs';
import { InterpreterTime } from '../../board/twin/interpreter-time';
import { VirtualScheduler } from '../../board/twin';
import { openBoard } from '../../host/open';
import { calibrate } from '../../host/calibration/calibrate';

const binary = (b: Uint8Array): string => String.fromCharCode(...b);
const frame = (seq: number, op: number, args: P.CborValue[]): Uint8Array => P.encodeFrame(P.encodeRequest(seq, op, args));

function table(): InterpreterCosts {
  const c = loadInterpreterCosts(boardDefinitionFile());
  if (c === undefined) throw new Error('the reference board has no cost table: make costs');
  return c;
}

test('the reference board has a measured cost table with every op the firmware answers', () => {
  const c = table();
  expect(c.board).toBe('nucleon-pico-ref');
  expect(c.measured.ratio).toBeGreaterThan(1);
  for (const name of ['hello', 'status', 'read', 'pulse', 'activate', 'activateMany']) expect(c.ops[name].syncMs + c.ops[name].callbackMs).toBeGreaterThan(0);
});

test('link data is charged the syncMs of each request it completes, once, whatever the chunking', () => {
  const c = table();
  const t = new InterpreterTime(c);
  const hello = frame(1, P.Op.HELLO, [P.PROTOCOL_VERSION]);
  expect(t.onLinkData(binary(hello.subarray(0, 3)))).toBe(0);
  expect(t.onLinkData(binary(hello.subarray(3)))).toBeCloseTo(c.ops.hello.syncMs, 9);
  const two = new Uint8Array([...frame(2, P.Op.STATUS, []), ...frame(3, P.Op.SAFE, [])]);
  expect(t.onLinkData(binary(two))).toBeCloseTo(c.ops.status.syncMs + c.ops.safe.syncMs, 9);
  const bad = frame(4, P.Op.HELLO, [1]);
  bad[2] ^= 0x10;
  expect(t.onLinkData(binary(bad))).toBe(0);
  expect(t.chargedMs).toBeCloseTo(c.ops.hello.syncMs + c.ops.status.syncMs + c.ops.safe.syncMs, 9);
});

test('timer callbacks are charged per callback of the last op that waits; status and heartbeat do not change it', () => {
  const c = table();
  const t = new InterpreterTime(c);
  t.onLinkData(binary(frame(1, P.Op.ACTIVATE_MANY, [null, P.packF32le([0.5])])));
  t.onLinkData(binary(frame(2, P.Op.STATUS, [])));
  const per = c.ops.activateMany.callbackMs / c.ops.activateMany.callbacks;
  expect(t.onTimer(false)).toBeCloseTo(per, 9);
  expect(t.onTimer(true)).toBeCloseTo(c.housekeepingMs, 9);
});

test('busy time moves the clock without firing timers; they fire afterwards, late', () => {
  const s = new VirtualScheduler({ idle: 'frozen' });
  const fired: number[] = [];
  s.setTimer(() => fired.push(s.nowMs()), 5);
  s.busy(8);
  expect(fired).toEqual([]);
  expect(s.nowMs()).toBe(8);
  s.advance(0);
  expect(fired).toEqual([8]);
  s.dispose();
});

test('an activateMany on the twin takes longer in device time with interpreter time charged, by at most its table cost', async () => {
  const c = table();
  const device: number[] = [];
  for (const spec of ['sim:seed=4,interp=off', 'sim:seed=4']) {
    const board = await openBoard(spec);
    try {
      await calibrate(board, 2, { steps: 60 });
      device.push((await board.activateMany([0.5, -0.5], [2, 2])).deviceTimeMs);
    } finally {
      await board.close();
    }
  }
  const [off, on] = device;
  expect(on).toBeGreaterThan(off);
  expect(on - off).toBeLessThanOrEqual(c.ops.activateMany.syncMs + c.ops.activateMany.callbackMs + 1);
}, 120_000);

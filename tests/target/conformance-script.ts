/**
 * The request script of the conformance test: every op of the table with valid arguments, every
 * error code the firmware answers with, and retransmissions. Each step is a chunk of link bytes
 * and the virtual time to advance after it. The script is data: the same steps go to the bundle
 * on the real interpreter and in the twin's surface.
 */
import * as P from '../../protocol';
import type { FirmwareBoard } from '../../firmware/board';
import { Requests, READ_ADVANCE_MS } from './requests';

export interface ScriptStep {
  name: string;
  bytes: Uint8Array;
  advanceMs: number;
  /** What the step must produce (checked on both sides, besides the two sides agreeing). */
  expect?: { status?: number; anyStatus?: number; event?: number; eventCode?: number };
}

export function conformanceScript(board: FirmwareBoard): ScriptStep[] {
  const req = new Requests();
  const s: ScriptStep[] = [];
  const ok = (name: string, op: number, args: P.CborValue[], advanceMs = 0): void => {
    s.push({ name, bytes: req.frame(op, args), advanceMs, expect: { status: P.Status.OK } });
  };
  const err = (name: string, op: number, args: P.CborValue[], status: number, advanceMs = 0): void => {
    s.push({ name, bytes: req.raw(op, args), advanceMs, expect: { status } });
  };
  const E = P.ErrorCode;
  const uaPerCode = board.dac.fullScaleUa / ((1 << board.dac.bits) - 1);
  const window = (ch: number): [number, number] => [Math.round((1300 + 20 * ch) * uaPerCode) - 200, Math.round((1300 + 20 * ch + 280) * uaPerCode) + 200];

  ok('hello', P.Op.HELLO, [P.PROTOCOL_VERSION]);
  err('hello with another protocol version', P.Op.HELLO, [P.PROTOCOL_VERSION + 1], E.VERSION_MISMATCH);
  ok('status', P.Op.STATUS, []);
  ok('configGet', P.Op.CONFIG_GET, []);
  ok('configSet stable settling', P.Op.CONFIG_SET, [{ settleMode: 'stable', adcSamples: 4 }]);
  err('configSet bad choice', P.Op.CONFIG_SET, [{ settleMode: 'sometimes' }], E.BAD_ARGUMENT);
  ok('heartbeat', P.Op.HEARTBEAT, [12345]);
  ok('select 2', P.Op.SELECT, [2], 100);
  ok('read 2', P.Op.READ, [2], READ_ADVANCE_MS);
  ok('read vacant 12', P.Op.READ, [12], READ_ADVANCE_MS);
  ok('pulse +', P.Op.PULSE, [2, 15000, 5], 100);
  ok('pulse - wide', P.Op.PULSE, [2, -12000, 300], 100);
  ok('read after pulses', P.Op.READ, [2], READ_ADVANCE_MS);
  ok('setReset', P.Op.SET_RESET, [2, 11000, 20], 100);
  ok('setReset lower (RESET then SET)', P.Op.SET_RESET, [2, 9000, 20], 100);
  ok('sweep 24 points', P.Op.SWEEP, [1, 5, -20000, 20000, 24], 60_000);
  for (let t = 1; t <= 4; t++) ok(`selftest ${t}`, P.Op.SELFTEST, [t, t === 1 ? 5 : t === 2 ? 100 : t === 3 ? 4 : 12], READ_ADVANCE_MS);
  err('activate before calibration', P.Op.ACTIVATE, [0, 0.5], E.NOT_CALIBRATED, 100);
  err('calGet before calibration', P.Op.CAL_GET, [0], E.NOT_CALIBRATED);
  for (const ch of board.populated) {
    const [lo, hi] = window(ch);
    ok(`calPut ${ch}`, P.Op.CAL_PUT, [ch, lo, hi, 5, -30000, -300 + ch, 250 + ch, -6, 6], 10);
  }
  ok('calGet 3', P.Op.CAL_GET, [3]);
  ok('activate 3', P.Op.ACTIVATE, [3, 0.5], 20_000);
  ok('activate 4 low x', P.Op.ACTIVATE, [4, -4.75], 20_000);
  ok('activateMany all', P.Op.ACTIVATE_MANY, [null, P.packF32le([0.5, -1.25, 2.5, 0.75, -3, 1.5, -0.5, 3.5, -2, 0.25])], 120_000);
  ok('activateMany three channels', P.Op.ACTIVATE_MANY, [[7, 1, 5], P.packF32le([0.125, -0.375, 5.5])], 60_000);
  // retransmission of the last request (same seq, same bytes): the cached answer, no second pulse
  const lastSeq = req.lastSeq;
  s.push({
    name: 'retransmitted activateMany',
    bytes: req.frameWithSeq(lastSeq, P.Op.ACTIVATE_MANY, [[7, 1, 5], P.packF32le([0.125, -0.375, 5.5])]),
    advanceMs: 60_000,
    expect: { status: P.Status.OK },
  });
  // a retransmission of a pulse while it is still the latest
  ok('pulse to retransmit', P.Op.PULSE, [6, 14000, 5], 100);
  s.push({ name: 'retransmitted pulse', bytes: req.frameWithSeq(req.lastSeq, P.Op.PULSE, [6, 14000, 5]), advanceMs: 100, expect: { status: P.Status.OK } });

  // errors
  const badCrc = req.frame(P.Op.STATUS, []);
  badCrc[badCrc.length - 2] ^= 0x01;
  s.push({ name: 'bad CRC', bytes: badCrc, advanceMs: 0, expect: { event: P.Event.FRAME_ERROR, eventCode: E.BAD_CRC } });
  s.push({ name: 'bad COBS', bytes: new Uint8Array([0x05, 0x81, 0x01, 0x00]), advanceMs: 0, expect: { event: P.Event.FRAME_ERROR } });
  s.push({ name: 'not a request (CBOR map)', bytes: P.encodeFrame(P.cborEncode({ a: 1 })), advanceMs: 0, expect: { event: P.Event.FRAME_ERROR, eventCode: E.BAD_FRAME } });
  s.push({ name: 'op is text', bytes: P.encodeFrame(P.cborEncode([900, 'pulse', []])), advanceMs: 0, expect: { status: E.BAD_FRAME } });
  err('unknown op', 99, [], E.UNKNOWN_OP);
  err('read with a text channel', P.Op.READ, ['zero'], E.BAD_ARGUMENT);
  err('pulse with two arguments', P.Op.PULSE, [1, 1000], E.BAD_ARGUMENT);
  err('pulse beyond the current limit', P.Op.PULSE, [1, 45000, 5], E.OUT_OF_LIMITS);
  err('pulse too wide', P.Op.PULSE, [1, 10000, 1000], E.OUT_OF_LIMITS);
  err('activateMany with a vacant (uncalibrated) channel', P.Op.ACTIVATE_MANY, [[1, 12], P.packF32le([0.5, 0.5])], E.NOT_CALIBRATED);
  ok('guard: refuse', P.Op.CONFIG_SET, [{ guardMode: 'refuse' }]);
  err('sweep past the thermal budget', P.Op.SWEEP, [0, 300, -30000, 30000, 400], E.THERMAL_GUARD, 1000);
  // busy: a burst of slow requests in one chunk fills the queue while the first one settles
  const burst: Uint8Array[] = [];
  for (let i = 0; i < 9; i++) burst.push(req.frame(P.Op.READ, [i % 10]));
  s.push({ name: 'burst of nine reads (queue full → BUSY)', bytes: new Uint8Array(Buffer.concat(burst)), advanceMs: 30_000, expect: { anyStatus: E.BUSY } });
  ok('safe', P.Op.SAFE, []);
  ok('status at the end', P.Op.STATUS, []);
  ok('housekeeping for 2 s', P.Op.HEARTBEAT, [1], 2000);
  ok('console (hands the link back)', P.Op.CONSOLE, []);
  return s;
}

/**
 * Fuzz: the SDK with arguments outside what it accepts. Each input is a valid call with one
 * argument replaced by a value that cannot be accepted (wrong type, NaN or ±Infinity, not an
 * integer, beyond the protocol's bounds, x beyond the accepted range, too many values, a vacant
 * channel for calibrate). On every input: the call returns a promise (never throws at once) that
 * rejects with a TypeError (NOT_POPULATED for a vacant channel) whose message names the
 * argument; no frame is sent (the Board's request counter) and no pulse is fired (the twin's).
 */
import { openBoard } from '../../host/open';
import type { Board } from '../../host/client/board';
import { calibrate } from '../../host/calibration/calibrate';
import { Neuron } from '../../host/calibration/neuron';
import { isNucleonError } from '../../host/errors';
import { simBehind } from '../host/sim-fixtures';
import { checkMessage, fuzzCount, fuzzTimeoutMs, runInputs, type FuzzRng } from './fuzz-kit';

const COUNT = fuzzCount(1000);

/** A value no integer argument in [lo, hi] accepts. */
function badInt(rng: FuzzRng, lo: number, hi: number): unknown {
  return rng.pick<unknown>([lo - 1, hi + 1, lo - rng.int(2, 1e6), hi + rng.int(2, 1e6), lo + 0.5, NaN, Infinity, -Infinity, String(lo), null, undefined, true, [lo], { v: lo }, 2 ** 53, -(2 ** 53)]);
}

/** A value no x accepts on a calibrated channel (its accepted range is about ±111). */
function badX(rng: FuzzRng): unknown {
  return rng.pick<unknown>([NaN, Infinity, -Infinity, '0.5', null, undefined, [0.5], {}, 1e6, -1e6, 1e30, -1e30, Number.MAX_VALUE, 112 + rng.next() * 1e9, -(112 + rng.next() * 1e9)]);
}

type Call = { name: string; run: (board: Board) => Promise<unknown>; code: 'TypeError' | 'NOT_POPULATED' };

function randomCall(rng: FuzzRng): Call {
  const op = rng.int(0, 10);
  const ch = (): unknown => badInt(rng, 0, 15);
  const valid = { channel: 0, currentUa: 1000, widthUs: 5 };
  const withBad = (o: Record<string, unknown>, key: string, v: unknown): Record<string, unknown> => ({ ...o, [key]: v });
  switch (op) {
    case 0: {
      const a = rng.chance(0.5) ? [ch(), 0.5] : [0, badX(rng)];
      return { name: `activate(${String(a[0])}, ${String(a[1])})`, run: (b) => b.activate(a[0] as number, a[1] as number), code: 'TypeError' };
    }
    case 1: {
      const k = rng.int(0, 4);
      let xs: unknown = [0.5];
      let chans: unknown = null;
      if (k === 0) xs = rng.pick<unknown>([[], new Array(rng.int(17, 40)).fill(0), 'xs', null, 3]);
      else if (k === 1) xs = [badX(rng)]; // null channels: xs[0] goes to channel 0, the calibrated one
      else if (k === 2) chans = [0, 0, 0];
      else if (k === 3) chans = [ch()];
      else {
        xs = [0.1, badX(rng)];
        chans = [0, 0];
      }
      return { name: `activateMany(${JSON.stringify(xs)?.slice(0, 60)}, ${JSON.stringify(chans)})`, run: (b) => b.activateMany(xs as number[], chans as number[] | null), code: 'TypeError' };
    }
    case 2:
    case 3: {
      const key = rng.pick(['channel', 'currentUa', 'widthUs', 'whole']);
      const o: unknown = key === 'whole' ? rng.pick<unknown>([null, 5, 'pulse', [1]]) : withBad(valid, key, key === 'channel' ? ch() : key === 'currentUa' ? badInt(rng, -30000, 30000) : badInt(rng, 5, 300));
      const which = op === 2 ? 'pulse' : 'setReset';
      return { name: `${which}(${JSON.stringify(o)})`, run: (b) => (op === 2 ? b.pulse(o as never) : b.setReset(o as never)), code: 'TypeError' };
    }
    case 4: {
      const base: Record<string, unknown> = { channel: 0, widthUs: 5, peakUa: 20000, steps: 50 };
      const key = rng.pick(['channel', 'widthUs', 'peakUa', 'steps', 'startUa']);
      const v = key === 'channel' ? ch() : key === 'widthUs' ? badInt(rng, 5, 300) : key === 'steps' ? badInt(rng, 1, 1000) : badInt(rng, -30000, 30000);
      if (key === 'startUa' && v === undefined) return { name: 'sweep(null)', run: (b) => b.sweep(null as never), code: 'TypeError' };
      const o = withBad(base, key, v);
      return { name: `sweep(${JSON.stringify(o)})`, run: (b) => b.sweep(o as never), code: 'TypeError' };
    }
    case 5: {
      const c = ch();
      const which = rng.pick(['read', 'select', 'calGet']);
      return { name: `${which}(${String(c)})`, run: (b) => (which === 'read' ? b.read(c as number) : which === 'select' ? b.select(c as number) : b.calGet(c as number)), code: 'TypeError' };
    }
    case 6: {
      const base: Record<string, unknown> = { channel: 0, iLowUa: 1000, iHighUa: 2000, widthUs: 5, resetUa: -3000, rLowOhm: 1, rHighOhm: 2, xMin: -5, xMax: 5 };
      const key = rng.pick(Object.keys(base).concat(['order']));
      const o =
        key === 'order'
          ? rng.chance(0.5) ? { ...base, iLowUa: 3000 } : { ...base, xMin: 6 }
          : withBad(base, key, ['rLowOhm', 'rHighOhm', 'xMin', 'xMax'].includes(key) ? rng.pick<unknown>([NaN, Infinity, '1', null]) : key === 'channel' ? ch() : key === 'widthUs' ? badInt(rng, 5, 300) : badInt(rng, -30000, 30000));
      return { name: `calPut(${JSON.stringify(o)})`, run: (b) => b.calPut(o as never), code: 'TypeError' };
    }
    case 7: {
      const a = [badInt(rng, 0, 255), rng.int(0, 3)];
      const b2 = [rng.int(0, 3), rng.pick<unknown>([2 ** 31, -(2 ** 31) - 1, 0.5, NaN, 'x'])];
      const args = rng.chance(0.5) ? a : b2;
      return { name: `selftest(${String(args[0])}, ${String(args[1])})`, run: (b) => b.selftest(args[0] as number, args[1] as number), code: 'TypeError' };
    }
    case 8: {
      const c = ch();
      return { name: `Neuron.open(${String(c)})`, run: (b) => Neuron.open(b, c as number), code: 'TypeError' };
    }
    case 9: {
      const vacant = rng.int(10, 15);
      return { name: `calibrate(${vacant}) (vacant)`, run: (b) => calibrate(b, vacant, { steps: 20 }), code: 'NOT_POPULATED' };
    }
    default: {
      const c = ch();
      return { name: `calibrate(${String(c)})`, run: (b) => calibrate(b, c as number), code: 'TypeError' };
    }
  }
}

describe('fuzz: SDK calls with arguments out of range', () => {
  let board: Board;

  beforeAll(async () => {
    board = await openBoard('sim:seed=73');
    await calibrate(board, 0, { steps: 100 });
  }, 120000);

  afterAll(async () => {
    await board?.close();
  });

  test(
    `${COUNT} calls`,
    async () => {
      const twin = simBehind(board).twin;
      const c = await runInputs('sdk', COUNT, async (rng) => {
        const call = randomCall(rng);
        const pulses = twin.counters.pulses;
        const requests = board.counters.requests;
        let promise: Promise<unknown>;
        try {
          promise = call.run(board);
        } catch (err) {
          throw new Error(`${call.name} threw at once instead of rejecting: ${String(err)}`);
        }
        let error: unknown = null;
        try {
          await promise;
        } catch (err) {
          error = err;
        }
        if (error === null) throw new Error(`${call.name} was accepted`);
        const ok = call.code === 'TypeError' ? error instanceof TypeError : isNucleonError(error, call.code);
        if (!ok) throw new Error(`${call.name}: expected ${call.code}, got ${String(error)}`);
        checkMessage(call.name, (error as Error).message);
        if (board.counters.requests !== requests) throw new Error(`${call.name}: ${board.counters.requests - requests} frame(s) sent`);
        if (twin.counters.pulses !== pulses) throw new Error(`${call.name}: pulsed`);
        return 'refused';
      });
      expect(c.refused).toBe(COUNT);
      // the board still works
      expect((await board.activate(0, 0.5)).y).toBeGreaterThanOrEqual(0);
    },
    fuzzTimeoutMs(COUNT, 5),
  );
});

/**
 * Issue 14, "SDK and server disagree on x": activate(0, 1e30) in the SDK fired pulses (clamped
 * into the window) while the server refused the same x with 422. One policy (host/client/
 * x-range.ts) in both, the accepted range in the error; and activateMany with 17 values is a
 * TypeError before any frame is sent.
 */
import { openBoard } from '../../host/open';
import type { Board } from '../../host/client/board';
import { calibrate } from '../../host/calibration/calibrate';
import { Neuron } from '../../host/calibration/neuron';
import { startServer, type RunningServer } from '../../host/server/server';
import { errorOf, request } from '../server/helpers';
import { simBehind } from './sim-fixtures';
import { rejection } from './rejection';

/** "x in [a, b] is clamped…": the accepted range as the message states it. */
function acceptedText(message: string): string {
  const m = /x in \[[^\]]+\] is clamped/.exec(message);
  if (!m) throw new Error(`no accepted range in: ${message}`);
  return m[0];
}

describe('SDK and server disagree on x (issue 14)', () => {
  let board: Board;
  let server: RunningServer;

  beforeAll(async () => {
    board = await openBoard('sim:seed=17');
    await calibrate(board, 0, { steps: 100 });
    // the server's board: the same seed, calibrated the same way
    server = await startServer({ boards: ['sim:seed=17'], port: 0 });
    expect((await request(server.url, '/v1/neurons/b0:0/calibrate', { body: { steps: 100 }, timeoutMs: 60000 })).status).toBe(200);
  }, 120000);

  afterAll(async () => {
    await server?.close();
    await board?.close();
  });

  const pulses = (): number => simBehind(board).twin.counters.pulses;

  test('activate(0, 1e30) is a TypeError with the accepted range, the same range the server states; no pulse, no frame', async () => {
    const before = pulses();
    const requests = board.counters.requests;
    const err = await rejection(board.activate(0, 1e30));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/^activate: x = 1e\+30 is out of range for channel 0: x in the calibrated range \[-5\.29\d*, 5\.29\d*\] maps onto ΔI; x in \[-11\d\.\d+, 11\d\.\d+\] is clamped to the nearer end; anything farther is refused$/);
    expect(pulses()).toBe(before);
    expect(board.counters.requests).toBe(requests);

    const r = await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: 1e30 } });
    expect(r.status).toBe(422);
    const e = errorOf(r);
    expect(e.code).toBe('OUT_OF_RANGE');
    // the calibrated range is ±ln 199 on every calibration, so both state the same accepted range
    expect(acceptedText(e.message)).toBe(acceptedText(err.message));
  });

  test('x just inside the clamp margin is accepted by both and clamped; just outside is refused by both', async () => {
    const cal = await board.calGet(0);
    const span = cal.xMax - cal.xMin;
    const inside = cal.xMax + 9.9 * span;
    const outside = cal.xMax + 10.1 * span;
    const ok = await board.activate(0, inside);
    expect(ok.y).toBeGreaterThan(0.9);
    expect((await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: inside } })).status).toBe(200);
    await expect(board.activate(0, outside)).rejects.toThrow(TypeError);
    expect((await request(server.url, '/v1/neurons/b0:0/activate', { body: { x: outside } })).status).toBe(422);
    // the same through Neuron and activateMany
    const neuron = await Neuron.open(board, 0);
    await expect(neuron.activate(-1e30)).rejects.toThrow(/^activate: x = -1e\+30 is out of range for channel 0/);
    await expect(board.activateMany([0, 1e30], [0, 0])).rejects.toThrow(/activateMany: xs\[1\] = 1e\+30 is out of range for channel 0/);
  });

  test('xPolicy strict accepts only the calibrated range, as --x-policy strict', async () => {
    const strict = await openBoard('sim:seed=17', { xPolicy: 'strict' });
    try {
      await calibrate(strict, 0, { steps: 100 });
      await expect(strict.activate(0, 6)).rejects.toThrow(/x = 6 is out of range for channel 0: x must lie in the calibrated range \[-5\.29\d*, 5\.29\d*\] \(x policy strict\)/);
      expect((await strict.activate(0, 5)).y).toBeGreaterThan(0.9);
    } finally {
      await strict.close();
    }
  });

  test('activateMany with 17 values is a TypeError before any frame is sent', async () => {
    const requests = board.counters.requests;
    const err = await rejection(board.activateMany(new Array(17).fill(0)));
    expect(err).toBeInstanceOf(TypeError);
    expect(err.message).toMatch(/activateMany: xs must be an array of 1\.\.16 numbers \(one per channel of this board\), got 17 values/);
    await expect(board.activateMany(new Array(17).fill(0), new Array(17).fill(0))).rejects.toThrow(TypeError);
    expect(board.counters.requests).toBe(requests);
  });
});

/**
 * The Board client, calibration and Neuron against the twin running the firmware bundle.
 */
import { openBoard, calibrate, Neuron, analogSigmoid } from '../../host';
import type { Board } from '../../host';
import { simBehind as twinOf } from './sim-fixtures';
import { PROTOCOL_VERSION } from '../../protocol/limits';

describe('Board on the twin', () => {
  let board: Board;
  beforeAll(async () => {
    board = await openBoard('sim:seed=3');
  });
  afterAll(async () => {
    await board?.close();
  });

  test('hello reports the reference board, ten populated channels, the host protocol', async () => {
    expect(board.info.protocolVersion).toBe(PROTOCOL_VERSION);
    expect(board.info.boardId).toBe('nucleon-pico-ref');
    expect(board.info.populated).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(board.info.limits.maxCurrentUa).toBe(30000);
  });

  test('pulse, read, select and setReset go through; the board limit is the firmware’s OUT_OF_LIMITS', async () => {
    expect(await board.select(2)).toBe(2);
    const before = twinOf(board).twin.counters.pulses;
    const p = await board.pulse({ channel: 2, currentUa: -30000, widthUs: 5 });
    expect(p.appliedUa).toBe(-30000);
    expect(twinOf(board).twin.counters.pulses).toBe(before + 1);
    const low = await board.read(2);
    await board.pulse({ channel: 2, currentUa: 30000, widthUs: 5 });
    const high = await board.read(2);
    expect(Math.abs(high.rHallOhm - low.rHallOhm)).toBeGreaterThan(0.1);
    const sr = await board.setReset({ channel: 2, currentUa: 15000, widthUs: 5 });
    expect(sr.pulses).toBe(2); // 15 mA after 30 mA: RESET then SET
    await expect(board.pulse({ channel: 2, currentUa: 30000, widthUs: 400 })).rejects.toThrow(TypeError);
  });

  test('calibrate sweeps, builds the analog sigmoid, stores it; Neuron activates on the device', async () => {
    const points: number[] = [];
    const cal = await calibrate(board, 0, { onPoint: (p) => points.push(p.index) });
    expect(points.length).toBeGreaterThan(100);
    expect(cal.stored).toBe(true);
    // PHYSICS §2: ΔI99 at 5 µs ≈ 13.5 mA (device-to-device sd ≈ 0.3 mA), residual ≈ 0.08.
    expect(cal.deltaI99Ua).toBeGreaterThan(10000);
    expect(cal.deltaI99Ua).toBeLessThan(17000);
    expect(cal.residual).toBeLessThan(0.2);
    expect(cal.hysteresisUa).toBeGreaterThan(20000);
    const stored = await board.calGet(0);
    expect(stored.iLowUa).toBe(cal.iLowUa);
    expect(stored.iHighUa).toBe(cal.iHighUa);
    const neuron = await Neuron.open(board, 0);
    const ys = await neuron.activateMany([-5, 0, 5]);
    expect(ys[0]).toBeLessThan(0.2);
    expect(ys[2]).toBeGreaterThan(0.8);
    const f = analogSigmoid(cal);
    expect(Math.abs(ys[1] - f(0))).toBeLessThan(0.25);
  });

  test('an uncalibrated channel says NOT_CALIBRATED', async () => {
    await expect(Neuron.open(board, 7)).rejects.toMatchObject({ code: 'NOT_CALIBRATED' });
  });
});

describe('exactly-once under a lossy link (twin fault link-loss)', () => {
  // link-loss is per byte (docs/twin.md): 1 % loses ~15 % of the short pulse frames and most
  // attempts at the ~150-byte hello, hence the generous retry count.
  test('every pulse request is applied exactly once although frames are lost both ways', async () => {
    const board = await openBoard('sim:seed=5,fault=link-loss:0.01', { timeoutsMs: { pulse: 60, hello: 60, safe: 60 }, retries: 40 });
    const twin = twinOf(board).twin;
    const before = twin.counters.pulsesPerChannel[1];
    const n = 30;
    for (let i = 0; i < n; i++) await board.pulse({ channel: 1, currentUa: i % 2 ? 8000 : -8000, widthUs: 5 });
    expect(twin.counters.pulsesPerChannel[1] - before).toBe(n);
    expect(board.counters.retransmits).toBeGreaterThan(0);
    await board.close();
  });
});

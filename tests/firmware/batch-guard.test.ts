/**
 * activateMany in guard refuse mode runs whole or not at all: the pre-check sums every pulse
 * of the batch per channel (SET, or RESET+SET after the last current on that channel), and an
 * admitted batch waits out the fast-network gap between its own pulses instead of failing
 * part-way. On the twin, counting the pulses that reached the devices.
 */
import { ErrorCode, Op } from '../../protocol/ops';
import { packF32le, unpackF32le } from '../../protocol/f32le';
import { loadBoardDefinition } from '../../board/definitions';
import { SimClient, useSimClient } from './sim-client';

const def = loadBoardDefinition();
const client = useSimClient('7.1.0-batch');
let c: SimClient;
beforeEach(() => {
  c = client();
});

/** E = I²·R·τ in mJ, as the firmware books it (PHYSICS §4). */
const energyMj = (ua: number, widthUs: number): number => (ua * 1e-6) ** 2 * def.limits.channelResistanceOhm * widthUs * 1e-6 * 1000;

const WIDTH_US = 300;
// calibration: x ∈ [−4, 4] → [12, 28] mA at 300 µs, RESET at −30 mA; x = 0 → 20 mA
const CAL = [0, 12000, 28000, WIDTH_US, -30000, -600, 600, -4, 4];

test('a batch that fits each pulse alone but not all of them is refused before any pulse', async () => {
  const limitMj = def.limits.guardFraction * def.limits.stressMaxMj;
  const preloadMj = energyMj(30000, WIDTH_US);
  const pairMj = energyMj(20000, WIDTH_US) + energyMj(-30000, WIDTH_US); // RESET+SET at x = 0
  // stress the channel to just below where one more RESET+SET pair still fits
  const preloads = Math.floor((limitMj - 2.5 * pairMj) / preloadMj);
  expect(preloads).toBeGreaterThan(10);
  await c.ok(Op.CAL_PUT, CAL);
  await c.ok(Op.CONFIG_SET, [{ thermalGuard: false }]);
  for (let i = 0; i < preloads; i++) await c.ok(Op.PULSE, [0, 30000, WIDTH_US]);
  await c.ok(Op.READ, [0]); // a settled read: the fast-network gap after the last preload has passed
  await c.ok(Op.CONFIG_SET, [{ thermalGuard: true, guardMode: 'refuse' }]);
  const stressMj = preloads * preloadMj;
  expect(stressMj + pairMj).toBeLessThan(limitMj); // one evaluation alone would be allowed
  expect(stressMj + 16 * pairMj).toBeGreaterThan(limitMj); // sixteen are not
  const before = c.twin.counters.pulsesPerChannel[0];
  const r = await c.request(Op.ACTIVATE_MANY, [new Array(16).fill(0), packF32le(new Array(16).fill(0))]);
  expect(r.status).toBe(ErrorCode.THERMAL_GUARD);
  expect(r.result[0]).toMatch(/channel 0 .*nothing was pulsed/);
  expect(c.twin.counters.pulsesPerChannel[0]).toBe(before);
  // the same evaluation alone, and a pair of them, still run (each is RESET+SET after 30 mA / 20 mA)
  const ys = unpackF32le(((await c.ok(Op.ACTIVATE_MANY, [[0, 0], packF32le([0, 0])])) as [Uint8Array])[0]);
  expect(ys).toHaveLength(2);
  expect(c.twin.counters.pulsesPerChannel[0]).toBe(before + 4);
});

test('the pre-check follows the SET / RESET+SET rule in order: rising inputs need one RESET only', async () => {
  const limitMj = def.limits.guardFraction * def.limits.stressMaxMj;
  await c.ok(Op.CAL_PUT, CAL);
  const xs = [-4, -2, 0, 2, 4];
  const currents = xs.map((x) => 12000 + ((x + 4) / 8) * 16000);
  const resetMj = energyMj(-30000, WIDTH_US);
  const setsMj = currents.reduce((s, ua) => s + energyMj(ua, WIDTH_US), 0);
  // after a −30 mA pulse: rising inputs are SET only; falling ones need a RESET before all but the first
  const risingMj = setsMj;
  const fallingMj = setsMj + 4 * resetMj;
  // preload so that the rising batch fits with margin and the falling one does not
  const preloadMj = energyMj(-30000, WIDTH_US);
  const preloads = Math.floor((limitMj - risingMj - 0.1) / preloadMj);
  expect(preloads * preloadMj + risingMj).toBeLessThan(limitMj - 0.09);
  expect(preloads * preloadMj + fallingMj).toBeGreaterThan(limitMj + 0.1);
  await c.ok(Op.CONFIG_SET, [{ thermalGuard: false }]);
  for (let i = 0; i < preloads; i++) await c.ok(Op.PULSE, [0, -30000, WIDTH_US]); // last current −30 mA
  await c.ok(Op.READ, [0]); // a settled read: the fast-network gap after the last preload has passed
  await c.ok(Op.CONFIG_SET, [{ thermalGuard: true, guardMode: 'refuse' }]);
  const before = c.twin.counters.pulsesPerChannel[0];
  const falling = await c.request(Op.ACTIVATE_MANY, [[0, 0, 0, 0, 0], packF32le(xs.slice().reverse())]);
  expect(falling.status).toBe(ErrorCode.THERMAL_GUARD);
  expect(c.twin.counters.pulsesPerChannel[0]).toBe(before);
  // after −30 mA the first SET is above the last current: no RESET at all, then each rises
  const ys = unpackF32le(((await c.ok(Op.ACTIVATE_MANY, [[0, 0, 0, 0, 0], packF32le(xs)])) as [Uint8Array])[0]);
  expect(ys).toHaveLength(5);
  expect(c.twin.counters.pulsesPerChannel[0]).toBe(before + 5);
});

test('an admitted batch waits out the fast-network gap between its own pulses (refuse mode, no settling)', async () => {
  await c.ok(Op.CAL_PUT, [1, 12000, 28000, 5, -30000, -600, 600, -4, 4]);
  // settleMs 0: each read is immediate, so the next pulse on the channel comes within the gap
  await c.ok(Op.CONFIG_SET, [{ guardMode: 'refuse', settleMs: 0 }]);
  const before = c.twin.counters.pulsesPerChannel[1];
  const ys = unpackF32le(((await c.ok(Op.ACTIVATE_MANY, [[1, 1, 1, 1], packF32le([0, 1, 2, 3])])) as [Uint8Array])[0]);
  expect(ys).toHaveLength(4);
  // first evaluation after boot: RESET+SET; then rising currents: SET only
  expect(c.twin.counters.pulsesPerChannel[1]).toBe(before + 5);
});

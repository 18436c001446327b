/**
 * status reports the gate pulses the firmware applied per channel since boot and the neuron
 * evaluations it completed, so the server and trainer can attribute pulses exactly: checked
 * against the twin's own counters (pulses that reached a device) after a mix of pulsing ops.
 */
import { ErrorCode, Op } from '../../protocol/ops';
import { packF32le } from '../../protocol/f32le';
import { SimClient, useSimClient } from './sim-client';

const client = useSimClient('7.2.0-status');
let c: SimClient;
beforeEach(() => {
  c = client();
});

type Status = { pulses: number; pulsesPerChannel: number[]; activations: number };

async function status(): Promise<Status> {
  const [st] = (await c.ok(Op.STATUS, [])) as [Status];
  return st;
}

const CAL = (ch: number): unknown[] => [ch, 12000, 28000, 5, -30000, -600, 600, -4, 4];

test('pulsesPerChannel and activations match the twin after pulse, setReset, sweep, activate, activateMany', async () => {
  const boot = await status();
  expect(boot.pulsesPerChannel).toEqual(new Array(16).fill(0));
  expect(boot.activations).toBe(0);
  await c.ok(Op.PULSE, [2, 20000, 5]);
  await c.ok(Op.PULSE, [2, 0, 5]); // 0 µA fires nothing
  await c.ok(Op.SET_RESET, [3, 15000, 5]); // after boot: RESET+SET
  await c.ok(Op.SWEEP, [4, 5, 0, 20000, 8]); // 8 steps through 0 → ±20 mA → 0: two at 0 µA
  for (const ch of [0, 1, 5]) await c.ok(Op.CAL_PUT, CAL(ch));
  await c.ok(Op.ACTIVATE, [5, 0]);
  await c.ok(Op.ACTIVATE_MANY, [[0, 1, 0, 0], packF32le([0, 0, 1, -1])]);
  // a refused batch adds neither pulses nor evaluations
  expect((await c.request(Op.ACTIVATE_MANY, [[0, 7], packF32le([0, 0])])).status).toBe(ErrorCode.NOT_CALIBRATED);
  const st = await status();
  const twin = c.twin.counters.pulsesPerChannel;
  expect(st.pulsesPerChannel).toHaveLength(16);
  expect(st.pulsesPerChannel).toEqual(Array.from({ length: 16 }, (_, ch) => twin[ch] ?? 0));
  expect(st.pulsesPerChannel.reduce((s, v) => s + v, 0)).toBe(st.pulses);
  expect(st.pulses).toBe(c.twin.counters.pulses);
  // the figures themselves, from the SET / RESET+SET rule
  expect(st.pulsesPerChannel.slice(0, 6)).toEqual([
    2 + 1 + 2, // ch 0: x 0 (RESET+SET, first), x 1 (SET, higher), x −1 (RESET+SET)
    2, // ch 1: first evaluation
    1,
    2,
    6, // ch 4: the sweep's non-zero steps
    2, // ch 5: activate after boot
  ]);
  expect(st.activations).toBe(1 + 4);
});

test('pulses on a channel without a device are counted by the firmware, not by the twin', async () => {
  await c.ok(Op.PULSE, [12, 20000, 5]);
  const st = await status();
  expect(st.pulsesPerChannel[12]).toBe(1);
  expect(c.twin.counters.pulsesPerChannel[12] ?? 0).toBe(0);
});

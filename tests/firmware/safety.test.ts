/**
 * Limits and the thermal guard cannot be bypassed by any request: random request sequences
 * (fast-check, seeded) over every pulsing op with arbitrary values, observed at the pins —
 * the DAC words on SPI and the gate pulses the twin receives (spies that call through).
 */
import fc from 'fast-check';
import { ErrorCode, Op } from '../../protocol/ops';
import { packF32le } from '../../protocol/f32le';
import { loadBoardDefinition } from '../../board/definitions';
import { buildTestBundle, removeBundle, SimClient } from './sim-client';

const def = loadBoardDefinition();
const MAX_CODE = 4095;
let bundle = '';

beforeAll(async () => {
  bundle = await buildTestBundle('7.0.0-safety');
});
afterAll(() => removeBundle(bundle));

interface GatePulse {
  channel: number;
  code: number;
  widthUs: number;
}

/** Records every gate pulse with the DAC code and selected channel it fired with. */
function watchPins(c: SimClient): GatePulse[] {
  const hw = c.twin.hardware;
  const pulses: GatePulse[] = [];
  let code = 0;
  const spi = hw.spiWrite.bind(hw);
  hw.spiWrite = (bus, data, cs) => {
    if (cs === def.pins.dacCs) code = ((data[0] & 0x0f) << 8) | data[1];
    spi(bus, data, cs);
  };
  const pulse = hw.digitalPulse.bind(hw);
  hw.digitalPulse = (pin, level, widthMs) => {
    // a high segment is a pulse; a low one (the hardware-timed delay before a pulse) is not
    if (pin === def.pins.gate && level === 1 && widthMs > 0) {
      let ch = 0;
      for (const p of def.pins.select) ch = (ch << 1) | hw.digitalRead(p);
      pulses.push({ channel: ch, code, widthUs: widthMs * 1000 });
    }
    pulse(pin, level, widthMs);
  };
  return pulses;
}

const anyInt = fc.oneof(fc.integer({ min: -40000, max: 40000 }), fc.integer(), fc.constantFrom(0, 4, 5, 300, 301, 30000, 30001, -30001));
const request = fc.oneof(
  fc.tuple(fc.constant(Op.PULSE), fc.tuple(fc.nat(15), anyInt, anyInt)),
  fc.tuple(fc.constant(Op.SET_RESET), fc.tuple(fc.nat(15), anyInt, anyInt)),
  fc.tuple(fc.constant(Op.SWEEP), fc.tuple(fc.nat(15), anyInt, anyInt, anyInt, fc.integer({ min: 0, max: 40 }))),
  fc.tuple(fc.constant(Op.CAL_PUT), fc.tuple(fc.nat(15), anyInt, anyInt, anyInt, anyInt, anyInt, anyInt, fc.double(), fc.double())),
  fc.tuple(fc.constant(Op.ACTIVATE), fc.tuple(fc.nat(15), fc.double({ noNaN: true }))),
  fc.tuple(fc.constant(Op.ACTIVATE_MANY), fc.tuple(fc.constant(null), fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 4 }).map((xs) => packF32le(xs)))),
);

test('no request sequence drives more than maxCurrentUa or a width outside the board limits', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(request, { minLength: 5, maxLength: 25 }), async (reqs) => {
      const c = await SimClient.open(bundle);
      const seen = watchPins(c);
      try {
        for (const [op, args] of reqs) {
          const r = await c.request(op, args as unknown[]);
          expect(r.status === 0 || Object.values(ErrorCode).includes(r.status as never)).toBe(true);
        }
        for (const p of seen) {
          expect(p.code).toBeLessThanOrEqual(MAX_CODE);
          expect((p.code / MAX_CODE) * def.dac.fullScaleUa).toBeLessThanOrEqual(def.limits.maxCurrentUa + 1e-6);
          expect(p.widthUs).toBeGreaterThanOrEqual(def.limits.minWidthUs - 1e-9);
          expect(p.widthUs).toBeLessThanOrEqual(def.limits.maxWidthUs + 1e-9);
        }
        expect(c.twin.counters.switchWithSourceOnFaults).toBe(0);
        expect(c.board.runtime.errors).toEqual([]);
      } finally {
        await c.close();
      }
    }),
    { seed: 4242, numRuns: 12 },
  );
}, 120000);

function energyMj(p: GatePulse): number {
  const amps = (p.code / MAX_CODE) * def.dac.fullScaleUa * 1e-6;
  return amps * amps * def.limits.channelResistanceOhm * p.widthUs * 1e-6 * 1000;
}

test.each(['refuse', 'delay'])('thermal guard (%s mode): pulse, setReset, sweep and activate together never push a channel past guardFraction·S_max', async (mode) => {
  const c = await SimClient.open(bundle);
  const seen = watchPins(c);
  const limitMj = def.limits.guardFraction * def.limits.stressMaxMj;
  try {
    await c.ok(Op.CONFIG_SET, [{ guardMode: mode, maxGuardDelayMs: 1000 }]);
    await c.ok(Op.CAL_PUT, [0, 20000, 30000, 300, -30000, -600, 600, -1, 1]);
    const statuses = new Set<number>();
    let guardRefusals = 0;
    for (let i = 0; i < 60; i++) {
      const pick = i % 4;
      const r =
        pick === 0
          ? await c.request(Op.PULSE, [0, 30000, 300])
          : pick === 1
            ? await c.request(Op.SET_RESET, [0, 25000 + (i % 3) * 2000, 300])
            : pick === 2
              ? await c.request(Op.SWEEP, [0, 300, 0, 30000, 8])
              : await c.request(Op.ACTIVATE, [0, (i % 5) / 5]);
      statuses.add(r.status);
      if (r.status === ErrorCode.THERMAL_GUARD) guardRefusals++;
      else expect(r.status).toBe(0);
      const total = seen.filter((p) => p.channel === 0).reduce((s, p) => s + energyMj(p), 0);
      // decay over the test's few virtual minutes is < 1 % of a 4 h τ: the undecayed sum bounds S
      expect(total).toBeLessThanOrEqual(limitMj * 1.01);
    }
    expect(guardRefusals).toBeGreaterThan(0); // the budget was really reached
    const [st] = (await c.ok(Op.STATUS, [])) as [{ stressPermille: number[] }];
    expect(st.stressPermille[0]).toBeLessThanOrEqual(Math.round(def.limits.guardFraction * 1000));
  } finally {
    await c.close();
  }
}, 120000);

/**
 * examples/bringup-johnny-five.ts on the twin: johnny-five Pins walk the channels, the Sensor
 * on A0 sees devices on populated channels and mid-scale on vacant ones, and the wiring stages
 * pass (or, with a stuck select line, fail naming it).
 */
import { wiringBringup } from '../../examples/bringup-johnny-five';
import { REAL_BOARD, twinSpec } from './bringup-helpers';

const t = REAL_BOARD === undefined ? test : test.skip;
const quiet = (): void => undefined;

t('the wiring stages pass as a johnny-five script on a healthy twin', async () => {
  const r = await wiringBringup(twinSpec(), quiet);
  expect(r.stages.map((s) => [s.name, s.passed])).toEqual([
    ['select-lines', true],
    ['lock-in', true],
  ]);
  // vacant channels 10–15 read the ADC's mid-scale (no Hall voltage); devices read their R_H
  for (const c of r.sensorCounts.slice(10)) expect(Math.abs(c - 2048)).toBeLessThan(4);
  const devices = r.sensorCounts.slice(0, 10);
  expect(Math.max(...devices) - Math.min(...devices)).toBeGreaterThan(50);
}, 60000);

t('…and name a stuck select line', async () => {
  const r = await wiringBringup(twinSpec('stuck-select:2'), quiet);
  expect(r.passed).toBe(false);
  expect(r.stages[0].message).toMatch(/select line S2 .* stuck low/);
}, 60000);

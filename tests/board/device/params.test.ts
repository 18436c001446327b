/** The parameter set: PHYSICS defaults, every parameter documented with unit and tag, checks. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { DEVICE_DEFAULTS, DEVICE_PARAM_DOCS, deviceParams, isTwinError, type DeviceParams } from '../../../board/twin/device';

describe('device parameters', () => {
  it('carries the PHYSICS.md defaults', () => {
    expect(DEVICE_DEFAULTS.grainCount).toBe(500);
    expect(DEVICE_DEFAULTS.i50At5UsMa).toBe(20);
    expect(DEVICE_DEFAULTS.logisticScaleMa).toBe(1.275);
    expect(DEVICE_DEFAULTS.fieldFreeRatio).toBe(0.691);
    expect(DEVICE_DEFAULTS.tKelvin).toBe(300);
    expect(DEVICE_DEFAULTS.tCurieK).toBe(800);
    expect(DEVICE_DEFAULTS.kTh).toBe(0.5);
    expect(DEVICE_DEFAULTS.stressMaxMj).toBe(9);
    expect(DEVICE_DEFAULTS.stressTauS).toBe(14400);
    expect(DEVICE_DEFAULTS.model).toBe('default');
    // Logistic ΔI99 = 2·s·ln 199 = 13.5 mA.
    expect(2 * DEVICE_DEFAULTS.logisticScaleMa * Math.log(199)).toBeCloseTo(13.5, 1);
  });

  it('documents every parameter with a unit, a tag and a note', () => {
    for (const key of Object.keys(DEVICE_DEFAULTS) as (keyof DeviceParams)[]) {
      const doc = DEVICE_PARAM_DOCS[key];
      expect(doc).toBeDefined();
      expect(doc?.unit.length).toBeGreaterThan(0);
      expect(['S', 'C', 'E', 'G']).toContain(doc?.tag);
      expect(doc?.note.length).toBeGreaterThan(10);
    }
    expect(DEVICE_PARAM_DOCS.stressMaxMj?.note).toMatch(/phenomenological/);
  });

  it('applies overrides and rejects impossible values', () => {
    expect(deviceParams({ deltaRAheOhm: 0.8 }).deltaRAheOhm).toBe(0.8);
    const bad: Partial<DeviceParams>[] = [
      { grainCount: 2.5 }, { grainCount: -1 }, { kTh: 0 }, { fieldFreeRatio: 1.2 }, { tCurieK: 250 },
      { deltaRAheOhm: NaN }, { stressDamageCeiling: 1 }, { model: 'fast' as unknown as 'default' },
      { wallBarrierReductionFrac: 1 },
    ];
    for (const b of bad) {
      let caught: unknown;
      try {
        deviceParams(b);
      } catch (e) {
        caught = e;
      }
      expect(isTwinError(caught, 'DEVICE_PARAM')).toBe(true);
    }
  });
});

describe('docs/twin-device.md', () => {
  it('lists every parameter', () => {
    const text = readFileSync(join(__dirname, '../../../docs/twin-device.md'), 'utf8');
    for (const key of Object.keys(DEVICE_DEFAULTS)) expect(text).toContain(`\`${key}\``);
  });
});

import { Adc } from '../../board/twin/adc';
import { Mcp48x2Dac, mcp4822WordA } from '../../board/twin/dac';
import { CurrentSource } from '../../board/twin/current-source';
import { Selector } from '../../board/twin/selector';
import { Rng } from '../../board/twin/rng';

describe('ADC', () => {
  const params = { bits: 12, referenceV: 3.3, gain: 0.165, offsetV: 1.65, noiseRmsCounts: 0 };

  it('maps aux ±10 V onto 0..4095 and 0 V to mid-scale', () => {
    const adc = new Adc(params, new Rng(1));
    expect(adc.counts(-10)).toBe(0);
    expect(adc.counts(10)).toBe(4095);
    expect(adc.counts(0)).toBe(2048); // 1.65/3.3·4095 = 2047.5 → 2048
    expect(adc.fraction(10)).toBe(1);
  });

  it('clips beyond the rails and quantises to whole counts', () => {
    const adc = new Adc(params, new Rng(1));
    expect(adc.counts(50)).toBe(4095);
    expect(adc.counts(-50)).toBe(0);
    const oneCountV = 3.3 / 4095 / 0.165;
    expect(adc.counts(3 * oneCountV) - adc.counts(0)).toBe(3);
    const counts = adc.fraction(1.234) * 4095;
    expect(Math.abs(counts - Math.round(counts))).toBeLessThan(1e-9);
  });

  it('noise has the configured rms in counts', () => {
    const adc = new Adc({ ...params, noiseRmsCounts: 2 }, new Rng(3));
    const xs = Array.from({ length: 5000 }, () => adc.counts(0) - 2047.5);
    const rms = Math.sqrt(xs.reduce((a, x) => a + x * x, 0) / xs.length);
    expect(rms).toBeGreaterThan(1.9);
    expect(rms).toBeLessThan(2.2);
  });
});

describe('MCP4822 DAC + Howland pump', () => {
  it('decodes channel A, gain, SHDN and 12-bit data from the 16-bit word', () => {
    const dac = new Mcp48x2Dac(12);
    dac.write(mcp4822WordA(4095));
    expect([dac.code, dac.gain, dac.active]).toEqual([4095, 2, true]);
    dac.write(new Uint8Array([0x30 | 0x08, 0x00])); // A, gain 1×, active, data 0x800
    expect([dac.code, dac.gain, dac.active]).toEqual([0x800, 1, true]);
    dac.write(new Uint8Array([0x00, 0x10])); // SHDN = 0
    expect(dac.active).toBe(false);
    expect(dac.fractionOfFullScale()).toBe(0);
    dac.write(new Uint8Array([0x9f, 0xff])); // DAC B: ignored
    expect(dac.code).toBe(0x010);
    dac.write(new Uint8Array([0x1f])); // short frame ignored
    dac.write(new Uint8Array([0x1f, 0xff, 0x00]));
    expect(dac.badFrames).toBe(2);
    expect(dac.code).toBe(0x010);
  });

  it('quantises the current to fullScale/4095 steps and honours polarity', () => {
    const dac = new Mcp48x2Dac(12);
    const pump = new CurrentSource({ fullScaleUa: 30000, complianceV: 20, riseTimeNs: 250 }, dac);
    const stepUa = 30000 / 4095;
    dac.write(mcp4822WordA(2730)); // 20 mA nominal
    expect(pump.setpointA() * 1e6).toBeCloseTo(2730 * stepUa, 6);
    dac.write(mcp4822WordA(2731));
    expect(pump.setpointA() * 1e6 - 2730 * stepUa).toBeCloseTo(stepUa, 6);
    pump.polarity = 1;
    expect(pump.setpointA()).toBeLessThan(0);
    expect(pump.pulseCurrentA(500, 5e-6)).toBeCloseTo(-2731 * stepUa * 1e-6, 12);
  });

  it('clips at the compliance V/R_load and flags it', () => {
    const dac = new Mcp48x2Dac(12);
    const pump = new CurrentSource({ fullScaleUa: 30000, complianceV: 20, riseTimeNs: 250 }, dac);
    dac.write(mcp4822WordA(4095));
    expect(pump.pulseCurrentA(500, 5e-6)).toBeCloseTo(0.03, 9);
    expect(pump.lastClipped).toBe(false);
    expect(pump.pulseCurrentA(1000, 5e-6)).toBeCloseTo(0.02, 12);
    expect(pump.lastClipped).toBe(true);
    pump.polarity = 1;
    expect(pump.pulseCurrentA(2000, 5e-6)).toBeCloseTo(-0.01, 12);
  });

  it('a gate shorter than the rise time does not reach full amplitude; dead-dac gives nothing', () => {
    const dac = new Mcp48x2Dac(12);
    const pump = new CurrentSource({ fullScaleUa: 30000, complianceV: 20, riseTimeNs: 250 }, dac);
    dac.write(mcp4822WordA(4095));
    expect(pump.pulseCurrentA(300, 125e-9)).toBeCloseTo(0.015, 9);
    pump.dead = true;
    expect(pump.pulseCurrentA(300, 5e-6)).toBe(0);
  });
});

describe('Selector', () => {
  it('channel from the select bits, EN gates the path, vacant and open channels have none', () => {
    const sel = new Selector(16, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    sel.drive(0, 1);
    sel.drive(2, 1);
    expect(sel.channel).toBe(5);
    expect(sel.hasPath()).toBe(false);
    sel.enabled = true;
    expect(sel.hasPath()).toBe(true);
    sel.drive(3, 1); // 13: vacant
    expect(sel.channel).toBe(13);
    expect(sel.hasPath()).toBe(false);
    sel.drive(3, 0);
    sel.openChannel(5);
    expect(sel.hasPath()).toBe(false);
  });

  it('a stuck select line reads low and maps channels onto others', () => {
    const sel = new Selector(16, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    sel.stickLow(1);
    expect(sel.drive(1, 1)).toBe(false); // stuck: channel unchanged
    expect(sel.lineLevel(1)).toBe(0);
    expect(sel.drivenLevel(1)).toBe(1);
    sel.drive(0, 1);
    expect(sel.channel).toBe(1); // 3 → 1
  });
});

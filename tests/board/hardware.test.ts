import { createTwin, type BoardTwin } from '../../board/twin';
import { stepResponse } from '../../board/twin/lowpass';
import { enable, meanCounts, pulseUs, readCounts, resetSetCounts, selectChannel, setCurrentUa } from './twin-helpers';

const twins: BoardTwin[] = [];
function make(spec = 'sim:seed=3'): BoardTwin {
  const twin = createTwin(spec, { idle: 'frozen' });
  twins.push(twin);
  return twin;
}
afterEach(() => {
  while (twins.length > 0) twins.pop()?.dispose();
});

/** Expected ADC counts for a Hall resistance, from the chain's parameters (no noise). */
function countsFor(twin: BoardTwin, rOhm: number): number {
  const p = twin.chainParams;
  const aux = Math.max(-p.lockinAuxRangeV, Math.min(p.lockinAuxRangeV, (p.lockinExcitationUaRms * 1e-6 * rOhm + p.lockinAuxPreoffsetV) * p.lockinAuxScale + p.lockinAuxOffsetV));
  return ((p.adcOffsetV + p.adcGain * aux) / p.adcReferenceV) * (2 ** p.adcBits - 1);
}

function rH(twin: BoardTwin, ch: number): number {
  return (twin.device(ch) as NonNullable<ReturnType<BoardTwin['device']>>).rHallOhm(twin.scheduler.nowMs() / 1000);
}

describe('BoardHardware through the pins', () => {
  it('a settled read equals the chain arithmetic for the selected device', () => {
    const twin = make();
    enable(twin, true);
    for (const ch of [0, 4, 9]) {
      selectChannel(twin, ch);
      twin.scheduler.advance(200);
      expect(Math.abs(meanCounts(twin, 20, 50) - countsFor(twin, rH(twin, ch)))).toBeLessThan(1.5);
    }
    // analogRead is counts / 4095
    const f = twin.hardware.analogRead('A1');
    expect(Math.abs(f * 4095 - Math.round(f * 4095))).toBeLessThan(1e-9);
  });

  it('lock-in lag after a channel change: reading at t = k·τ follows S_4(k) between the two devices', () => {
    const twin = make('sim:seed=3,adcNoiseRmsCounts=0,lockinNoiseNvRtHz=0');
    enable(twin, true);
    // channels 1 and 2 differ by many counts at seed 3
    selectChannel(twin, 1);
    twin.scheduler.advance(500);
    const c1 = countsFor(twin, rH(twin, 1));
    const c2 = countsFor(twin, rH(twin, 2));
    expect(Math.abs(c2 - c1)).toBeGreaterThan(100);
    selectChannel(twin, 2); // 1 = 0001 → 2 = 0010: two select writes at the same instant
    let lastK = 0;
    for (const k of [1, 2, 3, 4, 6, 9.2, 14]) {
      twin.scheduler.advance((k - lastK) * twin.chainParams.lockinTauMs);
      lastK = k;
      const expected = c1 + (c2 - c1) * stepResponse(4, k);
      expect(Math.abs(readCounts(twin) - expected)).toBeLessThanOrEqual(1);
    }
  });

  it('a vacant channel reads ≈ 0 Ω (mid-scale) with larger noise than a device', () => {
    const twin = make('sim:seed=3,adcNoiseRmsCounts=0');
    enable(twin, true);
    const spread = (ch: number): { mean: number; sd: number } => {
      selectChannel(twin, ch);
      twin.scheduler.advance(500);
      const xs: number[] = [];
      for (let i = 0; i < 300; i++) {
        twin.scheduler.advance(200);
        xs.push(twin.hardware.lockin.xVolts(twin.scheduler.nowMs() / 1000));
      }
      const mean = xs.reduce((a, x) => a + x, 0) / xs.length;
      return { mean, sd: Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / xs.length) };
    };
    const device = spread(5);
    const vacant = spread(12);
    expect(Math.abs(vacant.mean)).toBeLessThan(3 * vacant.sd / Math.sqrt(300) * 5);
    expect(Math.abs(vacant.mean / 50e-6)).toBeLessThan(0.005); // |R| < 5 mΩ: no device there
    expect(vacant.sd).toBeGreaterThan(5 * device.sd);
    expect(Math.abs(meanCounts(twin, 50, 100) - countsFor(twin, 0))).toBeLessThan(2);
  });

  it('EN off: no path, the pulse reaches no device; EN on: counted per channel', () => {
    const twin = make();
    selectChannel(twin, 4);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    expect(twin.counters.pulses).toBe(0);
    expect(twin.counters.gatePulsesWithoutPath).toBe(1);
    enable(twin, true);
    twin.scheduler.advance(10);
    pulseUs(twin, 5);
    twin.scheduler.advance(10);
    selectChannel(twin, 7);
    pulseUs(twin, 5);
    twin.scheduler.advance(10);
    selectChannel(twin, 14); // vacant
    pulseUs(twin, 5);
    expect(twin.counters.pulses).toBe(2);
    expect(twin.counters.pulsesPerChannel[4]).toBe(1);
    expect(twin.counters.pulsesPerChannel[7]).toBe(1);
    expect(twin.counters.gatePulses).toBe(4);
    expect(twin.device(4)?.pulseCount()).toBe(1);
  });

  it('a full ±30 mA loop switches the device and the read follows; the gate pin reads high during the pulse', () => {
    const twin = make();
    enable(twin, true);
    selectChannel(twin, 6);
    setCurrentUa(twin, -30000);
    pulseUs(twin, 5);
    expect(twin.hardware.digitalRead('B1')).toBe(1);
    twin.scheduler.advance(0.01);
    expect(twin.hardware.digitalRead('B1')).toBe(0);
    twin.scheduler.advance(200);
    const low = meanCounts(twin, 10, 20);
    setCurrentUa(twin, 30000);
    pulseUs(twin, 5);
    twin.scheduler.advance(200);
    const high = meanCounts(twin, 10, 20);
    expect(twin.device(6)?.magnetization()).toBeGreaterThan(0.9);
    expect(high - low).toBeGreaterThan(150);
  });

  it('switching select or EN while the gate is high counts a switch-with-source-on fault', () => {
    const twin = make();
    enable(twin, true);
    selectChannel(twin, 1);
    setCurrentUa(twin, 10000);
    pulseUs(twin, 300);
    selectChannel(twin, 2); // same instant: the pulse is still running
    expect(twin.counters.switchWithSourceOnFaults).toBeGreaterThan(0);
    const before = twin.counters.switchWithSourceOnFaults;
    twin.scheduler.advance(0.1);
    enable(twin, false); // 100 µs into a 300 µs pulse
    expect(twin.counters.switchWithSourceOnFaults).toBe(before + 1);
    twin.scheduler.advance(1);
    enable(twin, true);
    selectChannel(twin, 3);
    expect(twin.counters.switchWithSourceOnFaults).toBe(before + 1);
  });

  it('a pulse gated before the selector settled (switchSettleUs) is counted, one after is not', () => {
    const twin = make();
    enable(twin, true);
    selectChannel(twin, 2);
    setCurrentUa(twin, 5000);
    pulseUs(twin, 5); // same instant as the switch
    expect(twin.counters.pulsesBeforeSelectorSettled).toBe(1);
    twin.scheduler.advance(1);
    selectChannel(twin, 3);
    twin.scheduler.advance(twin.definition.selector.switchSettleUs / 1000);
    pulseUs(twin, 5);
    expect(twin.counters.pulsesBeforeSelectorSettled).toBe(1);
    expect(twin.counters.pulses).toBe(2);
  });

  it('a train digitalPulse(GATE, 0, [delay, width]) holds the gate low for the delay, then fires one pulse after the selector settled', () => {
    const twin = make();
    enable(twin, true);
    selectChannel(twin, 2);
    setCurrentUa(twin, 5000);
    const settleMs = twin.definition.selector.switchSettleUs / 1000;
    const gate = twin.definition.pins.gate;
    // the surface splits a train into its segments, alternating from the given level
    twin.hardware.digitalPulse(gate, 0, settleMs);
    twin.hardware.digitalPulse(gate, 1, 0.005);
    expect(twin.hardware.digitalRead(gate)).toBe(0); // still in the low segment
    twin.scheduler.advance(settleMs + 0.001);
    expect(twin.hardware.digitalRead(gate)).toBe(1);
    twin.scheduler.advance(0.005);
    expect(twin.hardware.digitalRead(gate)).toBe(0);
    expect(twin.counters.pulses).toBe(1);
    expect(twin.counters.pulsesBeforeSelectorSettled).toBe(0); // the delay covered the settle
  });

  it('a second digitalPulse queues behind the running one, as Espruino does', () => {
    const twin = make();
    enable(twin, true);
    selectChannel(twin, 0);
    setCurrentUa(twin, 5000);
    pulseUs(twin, 100);
    pulseUs(twin, 100);
    twin.scheduler.advance(0.15);
    expect(twin.hardware.digitalRead('B1')).toBe(1); // second pulse runs until 200 µs
    twin.scheduler.advance(0.1);
    expect(twin.hardware.digitalRead('B1')).toBe(0);
    expect(twin.counters.pulsesPerChannel[0]).toBe(2);
  });

  it('the compliance clip limits the current: 5 V into ≈ 600 Ω cannot switch a device that 20 V can', () => {
    const run = (spec: string): number => {
      const twin = make(spec);
      enable(twin, true);
      selectChannel(twin, 3);
      const before = twin.device(3)?.magnetization() ?? Number.NaN;
      expect(before).toBeGreaterThan(0.9); // a fresh device starts saturated +M_z
      setCurrentUa(twin, -30000);
      pulseUs(twin, 5);
      twin.scheduler.advance(50);
      expect(twin.counters.compliancePulses).toBe(spec.includes('dacComplianceV') ? 1 : 0);
      return twin.device(3)?.magnetization() ?? Number.NaN;
    };
    expect(run('sim:seed=3')).toBeLessThan(-0.9);
    expect(run('sim:seed=3,dacComplianceV=5')).toBeGreaterThan(0.9);
  });

  it('DAC quantisation reaches the device: one code step is fullScale/4095', () => {
    const twin = make();
    setCurrentUa(twin, 20000);
    const code = twin.hardware.dac.code;
    expect(code).toBe(Math.round((20000 / 30000) * 4095));
    expect(twin.hardware.source.setpointA()).toBeCloseTo((code * 30e-3) / 4095, 12);
    setCurrentUa(twin, 20003); // less than half a step (7.3 µA) away: same code
    expect(twin.hardware.dac.code).toBe(code);
  });

  it('analogRead on a pin that is not the ADC is an unknown-pin error', () => {
    const twin = make();
    expect(() => twin.hardware.analogRead('B3')).toThrow(expect.objectContaining({ code: 'UNKNOWN_PIN' }));
  });
});

describe('ADC span of the reference board (docs/twin.md arithmetic)', () => {
  it('each nominal device loop spans ≥ 200 counts without clipping', () => {
    for (const seed of [1, 2]) {
      const twin = make(`sim:seed=${seed},deltaRAheRelSd=0`);
      enable(twin, true);
      for (const ch of twin.definition.populated) {
        selectChannel(twin, ch);
        const { low, high } = resetSetCounts(twin, 8, 10);
        expect(high - low).toBeGreaterThanOrEqual(200);
        expect(low).toBeGreaterThan(0);
        expect(high).toBeLessThan(4095);
      }
    }
  });
});

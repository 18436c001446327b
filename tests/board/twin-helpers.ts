/** Drives a twin's pins the way the firmware would (through PinLevelHardware only). */
import { EspruinoRuntime } from '../../board/twin/espruino/runtime';
import { createTwin, type BoardTwin } from '../../board/twin';
import { mcp4822WordA } from '../../board/twin/dac';

export function selectChannel(twin: BoardTwin, channel: number): void {
  const pins = twin.definition.pins.select; // [S3, S2, S1, S0]
  for (let i = 0; i < 4; i++) twin.hardware.digitalWrite(pins[i], ((channel >> (3 - i)) & 1) as 0 | 1);
}

export function enable(twin: BoardTwin, on: boolean): void {
  twin.hardware.digitalWrite(twin.definition.pins.enable, on ? 1 : 0);
}

/** Sets polarity and DAC for a signed current in µA (code rounded like a firmware would). */
export function setCurrentUa(twin: BoardTwin, currentUa: number): void {
  const def = twin.definition;
  twin.hardware.digitalWrite(def.pins.polarity, currentUa < 0 ? 1 : 0);
  const code = Math.round((Math.abs(currentUa) / def.dac.fullScaleUa) * (2 ** def.dac.bits - 1));
  twin.hardware.spiWrite(def.pins.dacSpi, mcp4822WordA(code), def.pins.dacCs);
}

export function pulseUs(twin: BoardTwin, widthUs: number): void {
  twin.hardware.digitalPulse(twin.definition.pins.gate, 1, widthUs / 1000);
}

export function readCounts(twin: BoardTwin): number {
  return Math.round(twin.hardware.analogRead(twin.definition.pins.adc) * (2 ** twin.definition.adc.bits - 1));
}

/** Mean of n ADC readings spaced `gapMs` apart (advancing virtual time). */
export function meanCounts(twin: BoardTwin, n: number, gapMs: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    twin.scheduler.advance(gapMs);
    sum += readCounts(twin);
  }
  return sum / n;
}

/**
 * RESET then SET the selected device with full-scale 5 µs pulses, reading the settled ADC after
 * each (200 ms to settle, then n readings `gapMs` apart): the device's switching contrast.
 */
export function resetSetCounts(twin: BoardTwin, n: number, gapMs: number): { low: number; high: number } {
  const maxUa = twin.definition.dac.fullScaleUa;
  setCurrentUa(twin, -maxUa);
  pulseUs(twin, 5);
  twin.scheduler.advance(200);
  const low = meanCounts(twin, n, gapMs);
  setCurrentUa(twin, maxUa);
  pulseUs(twin, 5);
  twin.scheduler.advance(200);
  const high = meanCounts(twin, n, gapMs);
  return { low, high };
}

export interface TwinRuntime {
  twin: BoardTwin;
  runtime: EspruinoRuntime;
}

/**
 * Registers hooks giving each test a fresh frozen twin (seed 1) with the Espruino runtime on it,
 * both closed after the test. Returns the current test's pair.
 */
export function useEspruinoTwin(): () => TwinRuntime {
  let current: TwinRuntime | undefined;
  beforeEach(() => {
    // small test programs, not the firmware: the firmware's interpreter cost table does not apply
    const twin = createTwin('sim:seed=1,interp=off', { idle: 'frozen' });
    current = { twin, runtime: new EspruinoRuntime(twin) };
  });
  afterEach(() => {
    const done = current as TwinRuntime;
    current = undefined;
    done.runtime.close();
    done.twin.dispose();
  });
  return () => {
    if (!current) throw new Error('no twin outside a test');
    return current;
  };
}

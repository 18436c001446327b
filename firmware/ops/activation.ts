/**
 * The standalone neuron (calibration → sigmoid): x clamped to [xMin, xMax] maps linearly onto
 * [iLowUa, iHighUa]; after setReset and a settled read, y = (R − rLow)/(rHigh − rLow) in [0, 1].
 */
import { CAL_I_HIGH, CAL_I_LOW, CAL_R_HIGH, CAL_R_LOW } from '../core/cal-store';
import type { Firmware } from '../core/firmware';

export function activationCurrentUa(fw: Firmware, channel: number, x: number): number {
  const xMin = fw.cal.xMin[channel];
  const xMax = fw.cal.xMax[channel];
  const xc = x < xMin ? xMin : x > xMax ? xMax : x;
  const lo = fw.cal.get(channel, CAL_I_LOW);
  const hi = fw.cal.get(channel, CAL_I_HIGH);
  const ua = Math.round(lo + ((xc - xMin) / (xMax - xMin)) * (hi - lo));
  const max = fw.params.maxCurrentUa;
  return ua > max ? max : ua < -max ? -max : ua;
}

export function activationY(fw: Firmware, channel: number, rMilliOhm: number): number {
  const rLow = fw.cal.get(channel, CAL_R_LOW);
  const rHigh = fw.cal.get(channel, CAL_R_HIGH);
  const y = (rMilliOhm - rLow) / (rHigh - rLow);
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

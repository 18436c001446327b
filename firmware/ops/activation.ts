/**
 * The standalone neuron (calibration → sigmoid): x clamped to [xMin, xMax] maps linearly onto
 * [iLowUa, iHighUa]; after setReset and a settled read, y = (R − rLow)/(rHigh − rLow) in [0, 1].
 */
import { CAL_STRIDE, CAL_I_HIGH, CAL_I_LOW, CAL_R_HIGH, CAL_R_LOW } from '../core/cal-store';
import type { OpContext } from '../core/op-context';

export function activationCurrentUa(fw: OpContext, channel: number, x: number): number {
  const cal = fw.cal;
  const xMin = cal.xMin[channel];
  const xMax = cal.xMax[channel];
  const xc = x < xMin ? xMin : x > xMax ? xMax : x;
  // the calibration's fields read in place (CalStore.get is a call per field)
  const at = channel * CAL_STRIDE;
  const lo = cal.ints[at + CAL_I_LOW];
  const hi = cal.ints[at + CAL_I_HIGH];
  const ua = Math.round(lo + ((xc - xMin) / (xMax - xMin)) * (hi - lo));
  const max = fw.params.maxCurrentUa;
  return ua > max ? max : ua < -max ? -max : ua;
}

export function activationY(fw: OpContext, channel: number, rMilliOhm: number): number {
  const at = channel * CAL_STRIDE;
  const ints = fw.cal.ints;
  const rLow = ints[at + CAL_R_LOW];
  const rHigh = ints[at + CAL_R_HIGH];
  const y = (rMilliOhm - rLow) / (rHigh - rLow);
  return y < 0 ? 0 : y > 1 ? 1 : y;
}

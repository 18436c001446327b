/** Results of the Board client's ops, in host units (Ω, µA, µs, ms). */

export interface PulseOptions {
  channel: number;
  /** Signed: positive SETs, negative RESETs. */
  currentUa: number;
  widthUs: number;
  /**
   * Wall time to wait for the answer, per attempt (default: the op's timeout). Raise it when
   * the thermal guard may hold the pulse longer (config maxGuardDelayMs).
   */
  timeoutMs?: number;
}

export interface PulseResult {
  appliedUa: number;
  widthUs: number;
  /** Time the firmware waited (thermal guard / minimum gap) before the pulse. */
  waitedMs: number;
}

export interface ReadResult {
  adcCounts: number;
  rHallOhm: number;
  settleMs: number;
}

export interface SetResetResult {
  /** 1 (SET only) or 2 (RESET then SET). */
  pulses: number;
  appliedUa: number;
  waitedMs: number;
}

export interface SweepOptions {
  channel: number;
  widthUs: number;
  /** First current of the loop (default −peakUa). */
  startUa?: number;
  /** Largest |current| of the loop. */
  peakUa: number;
  /** Points in the loop. */
  steps: number;
  /** Wall time to wait for the next point or the answer, per attempt (default: sweep's timeout). */
  timeoutMs?: number;
}

export interface SweepPoint {
  index: number;
  currentUa: number;
  adcCounts: number;
  rHallOhm: number;
}

export interface SweepResult {
  points: SweepPoint[];
  deviceTimeMs: number;
}

/** A calibration as the board stores it (calPut / calGet). */
export interface StoredCalibration {
  channel: number;
  iLowUa: number;
  iHighUa: number;
  widthUs: number;
  resetUa: number;
  rLowOhm: number;
  rHighOhm: number;
  xMin: number;
  xMax: number;
}

export interface ActivateResult {
  y: number;
  currentUa: number;
  rHallOhm: number;
  deviceTimeMs: number;
}

export interface ActivateManyResult {
  ys: number[];
  deviceTimeMs: number;
}

export interface HeartbeatResult {
  token: number;
  uptimeMs: number;
}

export type ConfigMap = Record<string, unknown>;

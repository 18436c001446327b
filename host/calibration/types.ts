/**
 * Calibration of one channel: the measured loop, the chosen ΔI window and the analog sigmoid
 * built from it (DESIGN §7). Shared with the trainer (analog activation).
 */

/** One point of an R_H–I loop. */
export interface LoopPoint {
  currentUa: number;
  rHallOhm: number;
}

export interface Calibration {
  channel: number;
  widthUs: number;
  /** ΔI window on the SET branch: the analog sigmoid maps x ∈ [xMin, xMax] onto [iLowUa, iHighUa]. */
  iLowUa: number;
  iHighUa: number;
  /** RESET current (negative) applied before each SET in the setReset scheme. */
  resetUa: number;
  /** R_H at the low (y = 0) and high (y = 1) saturated ends of the selected branch. */
  rLowOhm: number;
  rHighOhm: number;
  xMin: number;
  xMax: number;
  /** the selected branch points, increasing current, used for the analog sigmoid */
  points: LoopPoint[];
  /** Width of the smallest current range holding ≥ 99 % of the branch's change. */
  deltaI99Ua: number;
  /** Loop ΔR over the device's full ΔR if known, else over the saturated loop (≤ 1). */
  switchingRatio: number;
  /** Max |y_measured − logistic(x)| over the points inside the window. */
  residual: number;
  /** Distance between the SET and RESET branches' half-switching currents. */
  hysteresisUa: number;
  /** True when calPut stored it on the board. */
  stored: boolean;
}

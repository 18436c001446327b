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
  /** ΔR of the current-induced loop: |R_H at the SET branch's high end − at its low end| (Ω). */
  loopDeltaROhm: number;
  /**
   * The device's field-induced full ΔR_AHE,H (Ω) the ratio was taken against (board
   * definition via hello, or the caller's value), null when not known.
   */
  fieldDeltaROhm: number | null;
  /**
   * The paper's switching ratio ΔR_AHE,I / ΔR_AHE,H: loop ΔR over the field-induced full ΔR
   * (≈ 0.69 in the paper). NaN when the field ΔR is not known (JSON: null) — the board
   * cannot apply a field, so it comes from the chip's characterisation.
   */
  switchingRatio: number;
  /**
   * Loop ΔR over the full R span the sweep itself saw (1 %–99 % quantiles of R_H): ≈ 1 for a
   * loop that saturates, lower when the sweep does not reach saturation. Not the paper's ratio.
   */
  loopSaturation: number;
  /** Max |y_measured − logistic(x)| over the points inside the window. */
  residual: number;
  /** Distance between the SET and RESET branches' half-switching currents. */
  hysteresisUa: number;
  /** True when calPut stored it on the board. */
  stored: boolean;
}

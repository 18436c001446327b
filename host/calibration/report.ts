/**
 * How calibration figures are shown: NaN (not known) as null in JSON, and the switching ratio
 * in words that say what it was taken against.
 */

/** `v` when finite, else null (JSON.stringify would write NaN as null anyway; this says so). */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/** "switching ratio 0.690 (of ΔR_AHE 0.500 Ω)", or why there is none. */
export function ratioText(switchingRatio: number | null, fieldDeltaROhm: number | null): string {
  if (switchingRatio === null || fieldDeltaROhm === null) return 'switching ratio unknown (no field ΔR_AHE for this channel in the board definition)';
  return `switching ratio ${switchingRatio.toFixed(3)} (of ΔR_AHE ${fieldDeltaROhm.toFixed(3)} Ω)`;
}

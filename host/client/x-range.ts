/**
 * The one x policy of the SDK and the server: a neuron's calibrated input range [xMin, xMax]
 * maps linearly onto its ΔI window. With `clamp` (default) x may lie up to CLAMP_MARGIN_SPANS
 * window widths beyond either end and the board clamps it to the end; anything farther (x =
 * 1e30) is refused as a likely units mistake. With `strict` only [xMin, xMax] is accepted.
 */
export type XPolicy = 'clamp' | 'strict';

export const X_POLICIES: readonly XPolicy[] = ['clamp', 'strict'];

/**
 * In clamp mode x may lie this many window widths (xMax − xMin) beyond either end and is
 * clamped to the end by the board; anything farther is refused as a likely units mistake.
 */
export const CLAMP_MARGIN_SPANS = 10;

export interface XRange {
  /** The calibrated input range: x here maps linearly onto ΔI. */
  calibrated: { min: number; max: number };
  /** What is accepted; outside `calibrated` it is clamped to the nearer end. */
  accepted: { min: number; max: number };
  policy: XPolicy;
}

export function xRangeOf(cal: { xMin: number; xMax: number }, policy: XPolicy): XRange {
  const span = cal.xMax - cal.xMin;
  const margin = policy === 'clamp' ? CLAMP_MARGIN_SPANS * span : 0;
  return {
    calibrated: { min: cal.xMin, max: cal.xMax },
    accepted: { min: cal.xMin - margin, max: cal.xMax + margin },
    policy,
  };
}

function fmt(v: number): string {
  return Number(v.toPrecision(6)).toString();
}

/** Why x is refused (the accepted range in words), or null when it is accepted. */
export function xRefusal(x: number, range: XRange): string | null {
  const { accepted, calibrated } = range;
  if (x >= accepted.min && x <= accepted.max) return null;
  return range.policy === 'strict'
    ? `x must lie in the calibrated range [${fmt(calibrated.min)}, ${fmt(calibrated.max)}] (x policy strict)`
    : `x in the calibrated range [${fmt(calibrated.min)}, ${fmt(calibrated.max)}] maps onto ΔI; ` +
        `x in [${fmt(accepted.min)}, ${fmt(accepted.max)}] is clamped to the nearer end; anything farther is refused`;
}

/** Whether an accepted x lies outside the calibrated range (the board clamps it). */
export function isClamped(x: number, range: XRange): boolean {
  return x < range.calibrated.min || x > range.calibrated.max;
}

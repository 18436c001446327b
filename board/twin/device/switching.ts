/**
 * Thermally activated switching of one grain (PHYSICS §2):
 *   r = f0·exp(−E/k_B T),  E = Δ·k_B·T0·κ·max(0, 1 − |I|/(κ·I_c0)),  κ(T) = 1 − (T − T0)/(T_K − T0),
 *   P = 1 − exp(−∫ r dt).
 * All currents here are device currents in mA (the centre-of-width current factor is folded into
 * each grain's I_c0 when the device is drawn).
 */
export const LN2 = Math.LN2;
/** ln(ln 2): ∫ r dt = ln 2 is the 50 % point. */
export const LN_LN2 = Math.log(Math.LN2);
/**
 * Fast-form band: with x = g·(|I| − I50), P = 1 − exp(−ln2·e^x). Below X_LOW, P < 7·10⁻⁵ and the
 * grain is left alone; above X_HIGH, P > 1 − 10⁻¹¹ and it switches without a draw.
 */
export const X_LOW = -9.5;
export const X_HIGH = 3.6;

export interface RateConstants {
  readonly f0Hz: number;
  readonly t0K: number;
  readonly tCurieK: number;
}

/** ln ∫ r dt over a pulse given its step temperatures (K), each step dtS long. */
export function lnRateIntegral(
  iMa: number,
  ic0Ma: number,
  delta: number,
  tempsK: Float64Array,
  steps: number,
  dtS: number,
  rc: RateConstants,
): number {
  const span = rc.tCurieK - rc.t0K;
  const dt0 = delta * rc.t0K;
  let sum = 0;
  for (let s = 0; s < steps; s++) {
    const t = tempsK[s];
    const kappa = 1 - (t - rc.t0K) / span;
    if (kappa <= 0) {
      sum += 1;
      continue;
    }
    const red = 1 - iMa / (kappa * ic0Ma);
    sum += red > 0 ? Math.exp((-dt0 * kappa * red) / t) : 1;
  }
  return sum > 0 ? Math.log(sum * dtS * rc.f0Hz) : -Infinity;
}

/** Switching probability from ln ∫ r dt. */
export function probabilityFromLnPhi(lnPhi: number): number {
  return -Math.expm1(-Math.exp(lnPhi));
}

/**
 * Root of a monotone function f on [lo, hi] (f(lo) and f(hi) of opposite sign) by the Illinois
 * variant of regula falsi; tolerance in x.
 */
export function solveMonotone(f: (x: number) => number, lo: number, hi: number, tolX: number): number {
  let flo = f(lo);
  let fhi = f(hi);
  if (flo === 0) return lo;
  if (fhi === 0) return hi;
  if (Math.sign(flo) === Math.sign(fhi)) return Math.abs(flo) < Math.abs(fhi) ? lo : hi;
  let side = 0;
  let xPrev = NaN;
  for (let it = 0; it < 100; it++) {
    // Bisection guard when a side is infinite (rate underflow far from threshold).
    let x = Number.isFinite(flo) && Number.isFinite(fhi) ? (lo * fhi - hi * flo) / (fhi - flo) : 0.5 * (lo + hi);
    if (!(x > lo && x < hi)) x = 0.5 * (lo + hi);
    const fx = f(x);
    if (fx === 0 || hi - lo < tolX || Math.abs(x - xPrev) < 0.5 * tolX) return x;
    xPrev = x;
    if (Math.sign(fx) === Math.sign(flo)) {
      lo = x;
      flo = fx;
      if (side === -1) fhi *= 0.5;
      side = -1;
    } else {
      hi = x;
      fhi = fx;
      if (side === 1) flo *= 0.5;
      side = 1;
    }
    if (hi - lo < tolX) return 0.5 * (lo + hi);
  }
  return 0.5 * (lo + hi);
}

/** Set by solveNear: the secant slope of f near the root (NaN when it fell back to bracketing). */
export const lastSecant = { slope: NaN };

/**
 * Root of a monotone f near a good guess: secant steps from (guess, guess + stepX), kept inside
 * [lo, hi]; falls back to the bracketing solver when the secant does not settle in 12 steps.
 */
export function solveNear(
  f: (x: number) => number,
  guess: number,
  stepX: number,
  lo: number,
  hi: number,
  tolX: number,
): number {
  const clamp = (x: number): number => Math.min(hi, Math.max(lo, x));
  let x0 = clamp(guess);
  let f0 = f(x0);
  let x1 = clamp(x0 + stepX);
  if (x1 === x0) x1 = clamp(x0 - stepX);
  let f1 = f(x1);
  lastSecant.slope = NaN;
  for (let it = 0; it < 12; it++) {
    if (!Number.isFinite(f0) || !Number.isFinite(f1) || f1 === f0) break;
    const slope = (f1 - f0) / (x1 - x0);
    const x2 = clamp(x1 - f1 / slope);
    if (Math.abs(x2 - x1) < tolX) {
      // The slope of the last secant pair, both within a few steps of the root.
      lastSecant.slope = Math.abs(x1 - x0) > 1e-7 ? slope : NaN;
      return x2;
    }
    x0 = x1;
    f0 = f1;
    x1 = x2;
    f1 = f(x2);
    if (f1 === 0) return x1;
  }
  return solveMonotone(f, lo, hi, tolX);
}

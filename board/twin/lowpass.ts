/**
 * n cascaded identical RC stages (a lock-in demodulator's low-pass), advanced analytically:
 * with the input u held constant, the deviations e_k = y_k − u evolve as
 *   e_k(t) = e^(−t/τ) · Σ_{j=1..k} e_j(0) · (t/τ)^(k−j) / (k−j)!
 * so a step from 0 to u gives y_n(t) = u · S_n(t), S_n(t) = 1 − e^(−t/τ) Σ_{k<n} (t/τ)^k / k!
 * (PHYSICS §5). No time step, no allocation per update.
 */
export const MAX_FILTER_ORDER = 8;

export class CascadeLowPass {
  readonly order: number;
  readonly tauS: number;
  private readonly y: Float64Array;
  private readonly e0: Float64Array;
  private readonly powers: Float64Array;

  constructor(order: number, tauS: number) {
    if (!Number.isInteger(order) || order < 1 || order > MAX_FILTER_ORDER) throw new RangeError(`filter order must be 1..${MAX_FILTER_ORDER}, got ${order}`);
    if (!(tauS > 0)) throw new RangeError(`filter time constant must be > 0 s, got ${tauS}`);
    this.order = order;
    this.tauS = tauS;
    this.y = new Float64Array(order);
    this.e0 = new Float64Array(order);
    this.powers = new Float64Array(order);
  }

  /** Output of the last stage. */
  get output(): number {
    return this.y[this.order - 1];
  }

  /** Sets every stage to `value` (settled). */
  reset(value: number): void {
    this.y.fill(value);
  }

  /** Advances by dtS with the input held at `input`. */
  advance(dtS: number, input: number): void {
    if (!(dtS > 0)) return;
    const n = this.order;
    const x = dtS / this.tauS;
    const decay = Math.exp(-x);
    if (decay === 0) {
      this.y.fill(input);
      return;
    }
    // powers[m] = x^m / m!
    let p = 1;
    for (let m = 0; m < n; m++) {
      this.powers[m] = p;
      p = (p * x) / (m + 1);
    }
    for (let k = 0; k < n; k++) this.e0[k] = this.y[k] - input;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      for (let j = 0; j <= k; j++) sum += this.e0[j] * this.powers[k - j];
      this.y[k] = input + decay * sum;
    }
  }

  saveState(): number[] {
    return Array.from(this.y);
  }

  loadState(state: readonly number[]): void {
    if (state.length !== this.order || state.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new TypeError(`low-pass state must be ${this.order} finite numbers`);
    }
    this.y.set(state);
  }
}

/** S_n(t): the n-stage step response (PHYSICS §5). */
export function stepResponse(order: number, tOverTau: number): number {
  let term = 1;
  let sum = 0;
  for (let k = 0; k < order; k++) {
    sum += term;
    term = (term * tOverTau) / (k + 1);
  }
  return 1 - Math.exp(-tOverTau) * sum;
}

/** Noise-equivalent bandwidth of n RC stages: NEBW·τ = C(2n−2, n−1) / 4^n (0.078 for n = 4). */
export function nebwHz(order: number, tauS: number): number {
  let binom = 1;
  for (let k = 1; k <= order - 1; k++) binom = (binom * (order - 1 + k)) / k;
  return binom / Math.pow(4, order) / tauS;
}

/** Smallest t/τ with S_n(t) >= fraction (bisection; t/τ = 9.2 for n = 4 at 0.999). */
export function settleTimeOverTau(order: number, fraction: number): number {
  let lo = 0;
  let hi = 200;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (stepResponse(order, mid) >= fraction) hi = mid;
    else lo = mid;
  }
  return hi;
}

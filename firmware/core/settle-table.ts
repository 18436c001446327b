/**
 * Lock-in settling (PHYSICS §5): an n-stage RC low-pass has the step response
 * S_n(t) = 1 − e^(−t/τ)·Σ_{k<n} (t/τ)^k / k!. `settleTimeConstants(n, fraction)` solves
 * S_n(x) = fraction for x = t/τ by bisection (run once at boot).
 */
export function stepResponse(order: number, x: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < order; k++) {
    term = (term * x) / k;
    sum += term;
  }
  return 1 - Math.exp(-x) * sum;
}

export function settleTimeConstants(order: number, fraction: number): number {
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (stepResponse(order, mid) < fraction) lo = mid;
    else hi = mid;
  }
  return hi;
}

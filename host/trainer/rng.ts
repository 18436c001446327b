/**
 * Seeded randomness for the trainer: weight init and example order. mulberry32 (32-bit state,
 * fast, good enough for shuffling and init); independent streams derive from (seed, stream).
 */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
}

/** A seed for stream `stream` of run seed `seed` (splitmix32-style mixing). */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed >>> 0) ^ Math.imul(stream + 1, 0x9e3779b9);
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

export const STREAM_INIT = 0;
/** Order of epoch e uses stream STREAM_ORDER + e. */
export const STREAM_ORDER = 1000;

/** Fills `order` with a seeded permutation of 0..order.length-1 (Fisher–Yates). */
export function shuffledOrder(order: Uint32Array, seed: number, epoch: number): void {
  const n = order.length;
  for (let i = 0; i < n; i++) order[i] = i;
  const rng = new Rng(deriveSeed(seed, STREAM_ORDER + epoch));
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}

/**
 * The paper's network: inputs → 10 sigmoid hidden neurons → 10 softmax outputs, MSE loss
 * L = ½ Σ (ŷ − y)² per example, online gradient descent. The hidden activation is applied
 * outside this class (ideal, analog, or measured on a board): the trainer calls
 * `hiddenPre` → activation → `outputs` → `backward`. All buffers are allocated once.
 *
 * Gradient through the hidden neuron: dy/dx = y·(1 − y) of the hidden output that was actually
 * used (the measured y for live, the analog table's y for analog). y is clamped to [0, 1] for
 * the derivative only, so a noisy reading slightly outside never flips a gradient's sign.
 */
import { Rng, deriveSeed, STREAM_INIT } from './rng';

export const HIDDEN = 10;
export const OUTPUTS = 10;

export interface Weights {
  w1: Float32Array;
  b1: Float32Array;
  w2: Float32Array;
  b2: Float32Array;
}

export interface InitOptions {
  seed: number;
  /** Hidden neurons (default HIDDEN, the paper's ten). */
  hidden?: number;
  /** W1 ~ U(±w1Scale/√inputs), W2 ~ U(±w2Scale/√hidden); biases 0. */
  w1Scale: number;
  w2Scale: number;
}

export const DEFAULT_INIT = { w1Scale: 1, w2Scale: 1 };

export class Network {
  readonly inputs: number;
  /** Hidden neurons N of the inputs-N-10 network. */
  readonly hiddenSize: number;
  readonly weights: Weights;
  /** Current example: input pixels (0..1) and the indices of the non-zero ones. */
  readonly x: Float32Array;
  private readonly nz: Int32Array;
  private nzCount = 0;
  /** Hidden pre-activations, hidden outputs, output logits, softmax outputs. */
  readonly pre: Float32Array;
  readonly hidden: Float32Array;
  readonly logits = new Float32Array(OUTPUTS);
  readonly yhat = new Float32Array(OUTPUTS);
  /** ∂L/∂logits and ∂L/∂pre of the last backward (for gradient checks). */
  readonly dLogits = new Float32Array(OUTPUTS);
  readonly dPre: Float32Array;

  constructor(inputs: number, init: InitOptions) {
    const nh = init.hidden ?? HIDDEN;
    if (!Number.isInteger(nh) || nh < 1) throw new TypeError(`Network: hidden must be a positive integer, got ${nh}`);
    this.inputs = inputs;
    this.hiddenSize = nh;
    this.pre = new Float32Array(nh);
    this.hidden = new Float32Array(nh);
    this.dPre = new Float32Array(nh);
    this.weights = {
      w1: new Float32Array(nh * inputs),
      b1: new Float32Array(nh),
      w2: new Float32Array(OUTPUTS * nh),
      b2: new Float32Array(OUTPUTS),
    };
    this.x = new Float32Array(inputs);
    this.nz = new Int32Array(inputs);
    const rng = new Rng(deriveSeed(init.seed, STREAM_INIT));
    const a1 = init.w1Scale / Math.sqrt(inputs);
    const a2 = init.w2Scale / Math.sqrt(nh);
    for (let i = 0; i < this.weights.w1.length; i++) this.weights.w1[i] = rng.uniform(-a1, a1);
    for (let i = 0; i < this.weights.w2.length; i++) this.weights.w2[i] = rng.uniform(-a2, a2);
  }

  /** Loads example `index` of `images` (bytes) into x, scaled to 0..1. */
  loadInput(images: Uint8Array, index: number): void {
    const n = this.inputs;
    const base = index * n;
    const x = this.x;
    const nz = this.nz;
    let c = 0;
    for (let i = 0; i < n; i++) {
      const v = images[base + i];
      if (v !== 0) {
        x[i] = v / 255;
        nz[c++] = i;
      } else x[i] = 0;
    }
    this.nzCount = c;
  }

  /** pre = W1·x + b1. Zero pixels are skipped: the result is the same as the dense sum. */
  hiddenPre(): Float32Array {
    const nh = this.hiddenSize;
    const { w1, b1 } = this.weights;
    const n = this.inputs;
    const x = this.x;
    const nz = this.nz;
    const c = this.nzCount;
    for (let j = 0; j < nh; j++) {
      let s = b1[j];
      const row = j * n;
      for (let k = 0; k < c; k++) {
        const i = nz[k];
        s += w1[row + i] * x[i];
      }
      this.pre[j] = s;
    }
    return this.pre;
  }

  /** logits = W2·hidden + b2, yhat = softmax(logits). Returns the arg-max class. */
  outputs(): number {
    const nh = this.hiddenSize;
    const { w2, b2 } = this.weights;
    const h = this.hidden;
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < OUTPUTS; k++) {
      let s = b2[k];
      const row = k * nh;
      for (let j = 0; j < nh; j++) s += w2[row + j] * h[j];
      this.logits[k] = s;
      if (s > max) {
        max = s;
        arg = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < OUTPUTS; k++) {
      const e = Math.exp(this.logits[k] - max);
      this.yhat[k] = e;
      sum += e;
    }
    for (let k = 0; k < OUTPUTS; k++) this.yhat[k] /= sum;
    return arg;
  }

  /** ½ Σ (ŷ − onehot(label))² of the current outputs. */
  loss(label: number): number {
    let l = 0;
    for (let k = 0; k < OUTPUTS; k++) {
      const d = this.yhat[k] - (k === label ? 1 : 0);
      l += d * d;
    }
    return 0.5 * l;
  }

  /** Computes dLogits and dPre for the current example (no update). */
  gradients(label: number): void {
    const nh = this.hiddenSize;
    const y = this.yhat;
    let s = 0;
    for (let k = 0; k < OUTPUTS; k++) s += (y[k] - (k === label ? 1 : 0)) * y[k];
    for (let k = 0; k < OUTPUTS; k++) this.dLogits[k] = y[k] * (y[k] - (k === label ? 1 : 0) - s);
    const w2 = this.weights.w2;
    for (let j = 0; j < nh; j++) {
      let g = 0;
      for (let k = 0; k < OUTPUTS; k++) g += w2[k * nh + j] * this.dLogits[k];
      let h = this.hidden[j];
      if (h < 0) h = 0;
      else if (h > 1) h = 1;
      this.dPre[j] = g * h * (1 - h);
    }
  }

  /** One online gradient-descent step from the current example. */
  backward(label: number, lr: number): void {
    const nh = this.hiddenSize;
    this.gradients(label);
    const { w1, b1, w2, b2 } = this.weights;
    const h = this.hidden;
    for (let k = 0; k < OUTPUTS; k++) {
      const g = lr * this.dLogits[k];
      const row = k * nh;
      for (let j = 0; j < nh; j++) w2[row + j] -= g * h[j];
      b2[k] -= g;
    }
    const n = this.inputs;
    const x = this.x;
    const nz = this.nz;
    const c = this.nzCount;
    for (let j = 0; j < nh; j++) {
      const g = lr * this.dPre[j];
      if (g === 0) continue;
      const row = j * n;
      for (let k = 0; k < c; k++) {
        const i = nz[k];
        w1[row + i] -= g * x[i];
      }
      b1[j] -= g;
    }
  }
}

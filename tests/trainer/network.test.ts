import { Network, HIDDEN, OUTPUTS } from '../../host/trainer/network';
import { IdealActivation, TabulatedSigmoid, idealSigmoid } from '../../host/trainer/activation';
import { Rng } from '../../host/trainer/rng';

const INPUTS = 20;

function randomImage(seed: number): Uint8Array {
  const rng = new Rng(seed);
  const img = new Uint8Array(INPUTS);
  for (let i = 0; i < INPUTS; i++) img[i] = rng.next() < 0.4 ? 0 : Math.floor(rng.next() * 256);
  return img;
}

function lossAt(net: Network, label: number): number {
  new IdealActivation().apply(net.hiddenPre(), net.hidden);
  net.outputs();
  return net.loss(label);
}

describe('network gradients', () => {
  test('backprop matches central finite differences for every parameter kind', () => {
    const net = new Network(INPUTS, { seed: 3, w1Scale: 2, w2Scale: 6 });
    const img = randomImage(9);
    const label = 4;
    net.loadInput(img, 0);
    lossAt(net, label);
    net.gradients(label);
    const dLogits = Float64Array.from(net.dLogits);
    const dPre = Float64Array.from(net.dPre);
    const h = Float64Array.from(net.hidden);
    const x = Float64Array.from(net.x);
    const analytic = (name: string, idx: number): number => {
      if (name === 'b2') return dLogits[idx];
      if (name === 'w2') return dLogits[Math.floor(idx / HIDDEN)] * h[idx % HIDDEN];
      if (name === 'b1') return dPre[idx];
      return dPre[Math.floor(idx / INPUTS)] * x[idx % INPUTS];
    };
    let checked = 0;
    const eps = 1e-2;
    for (const name of ['w1', 'b1', 'w2', 'b2'] as const) {
      const arr = net.weights[name];
      for (let idx = 0; idx < arr.length; idx += name === 'w1' ? 7 : 1) {
        const orig = arr[idx];
        arr[idx] = orig + eps;
        const up = lossAt(net, label);
        arr[idx] = orig - eps;
        const down = lossAt(net, label);
        arr[idx] = orig;
        const numeric = (up - down) / (2 * eps);
        const a = analytic(name, idx);
        expect(Math.abs(a - numeric)).toBeLessThan(2e-4 + 0.02 * Math.abs(numeric));
        checked++;
      }
    }
    expect(checked).toBe(149);
    // The check is not vacuous: gradients are not all ~0.
    expect(Math.max(...Array.from(dPre).map(Math.abs))).toBeGreaterThan(1e-3);
  });

  test('a step against the gradient lowers the example loss', () => {
    const net = new Network(INPUTS, { seed: 5, w1Scale: 1, w2Scale: 1 });
    net.loadInput(randomImage(2), 0);
    const before = lossAt(net, 7);
    net.backward(7, 0.5);
    expect(lossAt(net, 7)).toBeLessThan(before);
  });

  test('softmax outputs sum to 1 and the arg-max is the largest logit', () => {
    const net = new Network(INPUTS, { seed: 8, w1Scale: 5, w2Scale: 5 });
    net.loadInput(randomImage(4), 0);
    new IdealActivation().apply(net.hiddenPre(), net.hidden);
    const arg = net.outputs();
    expect(net.yhat.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(net.logits[arg]).toBe(Math.max(...Array.from(net.logits)));
    expect(net.yhat.length).toBe(OUTPUTS);
  });

  test('skipping zero pixels gives the dense sum exactly', () => {
    const net = new Network(INPUTS, { seed: 11, w1Scale: 2, w2Scale: 1 });
    const img = randomImage(12);
    net.loadInput(img, 0);
    const pre = Float32Array.from(net.hiddenPre());
    for (let j = 0; j < HIDDEN; j++) {
      let s = net.weights.b1[j];
      for (let i = 0; i < INPUTS; i++) s += net.weights.w1[j * INPUTS + i] * net.x[i];
      expect(pre[j]).toBe(Math.fround(s));
    }
  });

  test('same seed, same init; different seed, different init', () => {
    const a = new Network(INPUTS, { seed: 1, w1Scale: 1, w2Scale: 1 });
    const b = new Network(INPUTS, { seed: 1, w1Scale: 1, w2Scale: 1 });
    const c = new Network(INPUTS, { seed: 2, w1Scale: 1, w2Scale: 1 });
    expect(Array.from(a.weights.w1)).toEqual(Array.from(b.weights.w1));
    expect(Array.from(a.weights.w1)).not.toEqual(Array.from(c.weights.w1));
  });
});

describe('tabulated sigmoid', () => {
  test('interpolates within 1e-6 of the function and holds the ends outside the window', () => {
    const t = new TabulatedSigmoid(idealSigmoid, -5, 5);
    for (let x = -5; x <= 5; x += 0.37) expect(Math.abs(t.at(x) - idealSigmoid(x))).toBeLessThan(1e-6);
    expect(t.at(-40)).toBeCloseTo(idealSigmoid(-5), 6);
    expect(t.at(40)).toBeCloseTo(idealSigmoid(5), 6);
    expect(t.at(NaN)).toBeCloseTo(idealSigmoid(-5), 6);
    expect(() => new TabulatedSigmoid(idealSigmoid, 1, 1)).toThrow(TypeError);
  });
});

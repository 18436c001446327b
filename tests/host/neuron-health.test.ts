/**
 * The health rules the trainer's spares and `nucleon serve` share (host/calibration/neuron-health.ts).
 */
import { NeuronHealth, linkFailure } from '../../host/calibration/neuron-health';
import { NucleonError } from '../../host/errors';

/** Seeded uniform numbers (a plain LCG: the test needs spread, not quality). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

describe('NeuronHealth', () => {
  it('never flags a healthy sigmoid with noise, nor a saturated one', () => {
    const rnd = lcg(7);
    const h = new NeuronHealth(-5.3, 5.3);
    for (let i = 0; i < 20000; i++) {
      const x = -5.3 + 10.6 * rnd();
      const y = Math.min(1, Math.max(0, 1 / (1 + Math.exp(-x)) + (rnd() - 0.5) * 0.02));
      expect(h.reading(x, y)).toBeNull();
    }
    const sat = new NeuronHealth(-5.3, 5.3);
    for (let i = 0; i < 1000; i++) expect(sat.reading(5.3 - 0.5 * rnd(), 1)).toBeNull();
  });

  it('flags an output that stays put while x sweeps its range, and keeps the failure', () => {
    const rnd = lcg(3);
    const h = new NeuronHealth(-5.3, 5.3);
    let failure = null;
    let at = -1;
    for (let i = 0; i < 100 && failure === null; i++) {
      failure = h.reading(-5.3 + 10.6 * rnd(), 0.92 + 0.003 * rnd());
      at = i;
    }
    expect(at).toBe(31); // the window's 32nd reading
    expect(failure?.rule).toBe('stuck');
    expect(failure?.reason).toMatch(/output stuck: over its last 32 readings x went from -\d\.\d\d to \d\.\d\d \(the calibrated sigmoid moves 0\.99 over that\) while y stayed in \[0\.92\d, 0\.92\d\]/);
    expect(h.reading(0, 0.5)).toBe(failure);
  });

  it('judges the x the neuron saw: a narrow x that still moves the sigmoid counts, saturation does not', () => {
    const rnd = lcg(5);
    const narrow = new NeuronHealth(-5.3, 5.3);
    let failure = null;
    for (let i = 0; i < 32; i++) failure = narrow.reading(-0.6 + 1.2 * rnd(), 0.93);
    expect(failure?.rule).toBe('stuck');
    const healthyNarrow = new NeuronHealth(-5.3, 5.3);
    for (let i = 0; i < 2000; i++) {
      const x = -0.6 + 1.2 * rnd();
      expect(healthyNarrow.reading(x, 1 / (1 + Math.exp(-x)) + (rnd() - 0.5) * 0.02)).toBeNull();
    }
  });

  it('does not flag a device whose sigmoid lies off the logistic but still follows x (a shrunk loop: y = 0.3·σ(x))', () => {
    const rnd = lcg(11);
    const h = new NeuronHealth(-5.3, 5.3);
    for (let i = 0; i < 500; i++) {
      const x = -1.5 + 3 * rnd();
      expect(h.reading(x, 0.3 / (1 + Math.exp(-x)))).toBeNull();
    }
  });

  it('flags y outside [0, 1] at once', () => {
    expect(new NeuronHealth(-1, 1).reading(0, Number.NaN)?.rule).toBe('out-of-window');
    expect(new NeuronHealth(-1, 1).reading(0, 1.5)?.rule).toBe('out-of-window');
  });

  it('link errors fail at once; device errors after three in a row; a good reading resets the count', () => {
    const lost = new NucleonError('DISCONNECTED', 'sim: the link dropped', { disconnected: true });
    expect(linkFailure(lost)?.reason).toContain('board link lost (DISCONNECTED');
    expect(new NeuronHealth(-1, 1).error(lost)?.rule).toBe('link');
    const h = new NeuronHealth(-1, 1);
    const nc = new NucleonError('NOT_CALIBRATED', 'channel 3 is not calibrated');
    expect(h.error(nc)).toBeNull();
    expect(h.error(nc)).toBeNull();
    h.reading(0, 0.5);
    expect(h.error(nc)).toBeNull();
    expect(h.error(nc)).toBeNull();
    expect(h.error(nc)?.reason).toBe('3 requests in a row failed (last: NOT_CALIBRATED: channel 3 is not calibrated)');
    expect(new NeuronHealth(-1, 1).error(new NucleonError('BAD_ARGUMENT', 'x'))).toBeNull();
  });
});

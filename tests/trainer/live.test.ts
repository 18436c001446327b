/**
 * The live and analog paths through the real stack: SDK → frames → firmware bundle on the twin
 * → device models. Small subsets; the full runs are the demo's and the bench's.
 */
import { loadMnist, headOf } from '../../host/trainer/mnist';
import { train } from '../../host/trainer/trainer';
import { IdealActivation, AnalogActivation, TabulatedSigmoid, idealSigmoid } from '../../host/trainer/activation';
import { LiveActivation } from '../../host/trainer/live';
import { BoardNeurons } from '../../host/trainer/board-neurons';
import { openCalibrated, neuronChannels } from '../../host/trainer/board-session';
import { analogSigmoid } from '../../host/calibration/sigmoid';
import { HIDDEN } from '../../host/trainer/network';

const mnist = loadMnist();
const trainSet = headOf(mnist.train, 300);
const testSet = headOf(mnist.test, 100);
const quiet = (): void => undefined;

describe('live training on the twin', () => {
  test('ten calibrated devices, one activateMany frame per example, board-reported pulses and device time', async () => {
    const { board, calibrations } = await openCalibrated('sim:seed=11', (b) => neuronChannels(b, HIDDEN), quiet);
    try {
      expect(calibrations.map((c) => c.channel)).toEqual(board.info.populated.slice(0, 10));
      const neurons = new BoardNeurons(board, calibrations.map((c) => c.channel), HIDDEN);
      await neurons.start();
      const requestsBefore = board.counters.requests;
      const live = await train({ train: trainSet, test: testSet, activation: new LiveActivation(neurons), seed: 2, lr: 0.1 });
      const frames = board.counters.requests - requestsBefore;
      // One frame per example (train + test) plus the status reads for the pulse counter.
      expect(frames).toBeGreaterThanOrEqual(400);
      expect(frames).toBeLessThanOrEqual(403);
      expect(live.evaluations).toBe(4000);
      // SET (1 pulse) or RESET+SET (2 pulses) per evaluation, counted by the firmware.
      expect(live.pulses).toBeGreaterThan(4000);
      expect(live.pulses).toBeLessThan(8000);
      expect(live.deviceTimeS).toBeGreaterThan(0);
      // It learns about as well as the ideal sigmoid on the same 300 examples.
      const ideal = await train({ train: trainSet, test: testSet, activation: new IdealActivation(), seed: 2, lr: 0.1 });
      // (300 examples is early: the ideal's running rate is ≈ 0.22 here, so the floor is relative
      // to it, and above chance, 0.10 ± 0.02, by a margin; a fixed 0.2 sat on that edge)
      expect(live.trainRunningAcc).toBeGreaterThan(0.15);
      expect(live.trainRunningAcc).toBeGreaterThan(ideal.trainRunningAcc - 0.05);
      expect(Math.abs(live.testAcc - ideal.testAcc)).toBeLessThan(0.15);
    } finally {
      await board.close();
    }
  });

  test('the analog sigmoid from channel 0 differs only slightly from the ideal one', async () => {
    const { board, calibrations } = await openCalibrated('sim:seed=11', (b) => [b.info.populated[0]], quiet);
    await board.close();
    const cal = calibrations[0];
    const curve = new TabulatedSigmoid(analogSigmoid(cal), cal.xMin, cal.xMax);
    let worst = 0;
    for (let x = cal.xMin; x <= cal.xMax; x += 0.05) worst = Math.max(worst, Math.abs(curve.at(x) - idealSigmoid(x)));
    expect(worst).toBeGreaterThan(0.005);
    expect(worst).toBeLessThan(0.2);
    const opts = { train: headOf(mnist.train, 2000), test: headOf(mnist.test, 500), seed: 2, lr: 0.1 };
    const analog = await train({ ...opts, activation: new AnalogActivation(curve) });
    const ideal = await train({ ...opts, activation: new IdealActivation() });
    expect(analog.testAcc).toBeGreaterThan(0.4);
    expect(Math.abs(analog.testAcc - ideal.testAcc)).toBeLessThan(0.08);
    // Not the ideal network under another name: the hidden outputs differ.
    expect(Array.from(analog.network.weights.w2)).not.toEqual(Array.from(ideal.network.weights.w2));
  });
});

/**
 * Live training saturates neurons on purpose: a pre-activation far beyond the calibrated range
 * must still evaluate (clamped to the range, as the board would), although the SDK refuses such
 * an x from a user (issue 14's one x policy).
 */
import { openBoard } from '../../host/open';
import { calibrate } from '../../host/calibration/calibrate';
import { BoardNeurons } from '../../host/trainer/board-neurons';

test('BoardNeurons clamps x into each channel\'s calibrated range: the same y as the range end', async () => {
  const board = await openBoard('sim:seed=19');
  try {
    await calibrate(board, 0, { steps: 100 });
    await calibrate(board, 1, { steps: 100 });
    await expect(board.activateMany([1e30, -1e30], [0, 1])).rejects.toThrow(TypeError);
    const neurons = new BoardNeurons(board, [0, 1], 2);
    await neurons.start();
    const out = new Float32Array(2);
    await neurons.activateMany(Float32Array.from([1e30, -1e30]), out);
    expect(out[0]).toBeGreaterThan(0.9);
    expect(out[1]).toBeLessThan(0.1);
    const c0 = await board.calGet(0);
    const c1 = await board.calGet(1);
    const ends = await board.activateMany([c0.xMax, c1.xMin], [0, 1]);
    expect(Math.abs(ends.ys[0] - out[0])).toBeLessThan(0.05);
    expect(Math.abs(ends.ys[1] - out[1])).toBeLessThan(0.05);
  } finally {
    await board.close();
  }
});

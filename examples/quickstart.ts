/**
 * Nucleon quickstart: open a board, calibrate one neuron, use it, leave the board safe.
 *   npx ts-node examples/quickstart.ts [SPEC]     (SPEC defaults to `sim`, the digital twin)
 * Prints one JSON line at the end (tests/host/quickstart.test.ts runs this file).
 */
import { calibrate, Neuron, openBoard, analogSigmoid } from '../host';

async function main(spec: string): Promise<void> {
  const board = await openBoard(spec);
  try {
    console.log(`board ${board.info.boardId}, firmware ${board.info.firmwareVersion}, channels ${board.info.populated.join(',')}`);

    // One loop sweep → ΔI99 window, analog sigmoid, quality; stored on the board.
    const cal = await calibrate(board, 0, { widthUs: 5 });
    console.log(`channel 0: ΔI99 ${(cal.deltaI99Ua / 1000).toFixed(2)} mA, residual ${cal.residual.toFixed(3)}, stored ${cal.stored}`);

    // The analog sigmoid runs on the host; the live one on the device.
    const analog = analogSigmoid(cal);
    const neuron = await Neuron.open(board, 0);
    const xs = [-4, -1, 0, 1, 4];
    const live = await neuron.activateMany(xs);
    for (let i = 0; i < xs.length; i++) console.log(`x=${xs[i]}: analog ${analog(xs[i]).toFixed(3)}, live ${live[i].toFixed(3)}`);

    console.log(JSON.stringify({ deltaI99Ua: cal.deltaI99Ua, residual: cal.residual, stored: cal.stored, xs, live, analog: xs.map(analog) }));
  } finally {
    await board.close(); // sends `safe`: source gated off, channels disconnected
  }
}

main(process.argv[2] ?? 'sim').catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});

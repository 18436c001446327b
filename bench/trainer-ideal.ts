/**
 * Trainer speed, ideal sigmoid, one pass over MNIST's 60 000 training examples, in one run:
 *   - nucleon's trainer (host/trainer: Network + train loop, progress and curve bookkeeping on)
 *   - a plain Float32Array online-SGD loop written here (dense, the obvious code)
 *   - TensorFlow.js (tfjs-core + tfjs-backend-cpu, pure JS), batch 1, same network and loss
 *     (fewer examples: it is slow; examples/s is what is compared)
 * and, when the twin is available, live neuron evaluations per second of wall time through
 * the whole stack (SDK → frames → firmware bundle on the twin → device models).
 *
 *   node -r ts-node/register/transpile-only bench/trainer-ideal.ts [--tf N] [--live N]
 */
import * as path from 'path';
import { loadMnist, type DataSet } from '../host/trainer/mnist';
import { train, evaluate, DEFAULT_LR } from '../host/trainer/trainer';
import { IdealActivation } from '../host/trainer/activation';
import { Rng } from '../host/trainer/rng';
import { openBoard } from '../host/open';
import { calibrate } from '../host/calibration/calibrate';
import type { BenchFigure } from './figure';

interface Figure {
  name: string;
  examples: number;
  seconds: number;
  perS: number;
  testAcc?: number;
}

function argNumber(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The baseline: dense forward/backward over plain Float32Arrays, nothing else. */
function plainLoop(trainSet: DataSet, testSet: DataSet, lr: number, seed: number): Figure {
  const P = trainSet.pixels;
  const H = 10;
  const K = 10;
  const rng = new Rng(seed);
  const w1 = new Float32Array(H * P).map(() => rng.uniform(-1, 1) / Math.sqrt(P));
  const b1 = new Float32Array(H);
  const w2 = new Float32Array(K * H).map(() => rng.uniform(-1, 1) / Math.sqrt(H));
  const b2 = new Float32Array(K);
  const x = new Float32Array(P);
  const h = new Float32Array(H);
  const y = new Float32Array(K);
  const dA = new Float32Array(K);
  const dH = new Float32Array(H);
  const forward = (set: DataSet, n: number): number => {
    for (let i = 0; i < P; i++) x[i] = set.images[n * P + i] / 255;
    for (let j = 0; j < H; j++) {
      let s = b1[j];
      for (let i = 0; i < P; i++) s += w1[j * P + i] * x[i];
      h[j] = 1 / (1 + Math.exp(-s));
    }
    let max = -Infinity;
    let arg = 0;
    for (let k = 0; k < K; k++) {
      let s = b2[k];
      for (let j = 0; j < H; j++) s += w2[k * H + j] * h[j];
      y[k] = s;
      if (s > max) {
        max = s;
        arg = k;
      }
    }
    let sum = 0;
    for (let k = 0; k < K; k++) sum += y[k] = Math.exp(y[k] - max);
    for (let k = 0; k < K; k++) y[k] /= sum;
    return arg;
  };
  const t0 = performance.now();
  for (let n = 0; n < trainSet.count; n++) {
    const label = trainSet.labels[n];
    forward(trainSet, n);
    let s = 0;
    for (let k = 0; k < K; k++) s += (y[k] - (k === label ? 1 : 0)) * y[k];
    for (let k = 0; k < K; k++) dA[k] = y[k] * (y[k] - (k === label ? 1 : 0) - s);
    for (let j = 0; j < H; j++) {
      let g = 0;
      for (let k = 0; k < K; k++) g += w2[k * H + j] * dA[k];
      dH[j] = g * h[j] * (1 - h[j]);
    }
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < H; j++) w2[k * H + j] -= lr * dA[k] * h[j];
      b2[k] -= lr * dA[k];
    }
    for (let j = 0; j < H; j++) {
      for (let i = 0; i < P; i++) w1[j * P + i] -= lr * dH[j] * x[i];
      b1[j] -= lr * dH[j];
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  let right = 0;
  for (let n = 0; n < testSet.count; n++) if (forward(testSet, n) === testSet.labels[n]) right++;
  return { name: 'plain Float32Array loop', examples: trainSet.count, seconds, perS: trainSet.count / seconds, testAcc: right / testSet.count };
}

/**
 * tfjs-core's CommonJS bundle ships without gradient definitions (the union package
 * @tensorflow/tfjs registers them from ESM files Node cannot load directly), so the ESM
 * `register_all_gradients` is bundled to CommonJS with esbuild and run once. The gradients
 * register in tfjs's global registry, shared with the core bundle.
 */
function registerTfGradients(): void {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const esbuild = require('esbuild') as typeof import('esbuild');
  const Module = require('module') as { new (id: string): NodeModule & { _compile(code: string, file: string): void; paths: string[] }; _nodeModulePaths(dir: string): string[] };
  /* eslint-enable @typescript-eslint/no-require-imports */
  const entry = require.resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  const out = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent' });
  const m = new Module(entry);
  m.filename = entry;
  m.paths = Module._nodeModulePaths(path.dirname(entry));
  m._compile(out.outputFiles[0].text, entry);
}

async function tfjs(trainSet: DataSet, n: number, lr: number): Promise<Figure> {
  const tf = await import('@tensorflow/tfjs-core');
  registerTfGradients();
  await import('@tensorflow/tfjs-backend-cpu');
  await tf.setBackend('cpu');
  const P = trainSet.pixels;
  const w1 = tf.variable(tf.randomUniform([P, 10], -1 / Math.sqrt(P), 1 / Math.sqrt(P), 'float32', 1));
  const b1 = tf.variable(tf.zeros([10]));
  const w2 = tf.variable(tf.randomUniform([10, 10], -1 / Math.sqrt(10), 1 / Math.sqrt(10), 'float32', 2));
  const b2 = tf.variable(tf.zeros([10]));
  const opt = tf.train.sgd(lr);
  const WARMUP = 200;
  let t0 = performance.now();
  for (let e = 0; e < n + WARMUP; e++) {
    if (e === WARMUP) t0 = performance.now();
    const ex = e % trainSet.count;
    const label = trainSet.labels[ex];
    tf.tidy(() => {
      const x = tf.div(tf.tensor2d(trainSet.images.subarray(ex * P, (ex + 1) * P), [1, P], 'float32'), 255);
      const target = tf.cast(tf.oneHot(tf.tensor1d([label], 'int32'), 10), 'float32');
      opt.minimize(() => {
        const hidden = tf.sigmoid(tf.add(tf.matMul(x, w1), b1));
        const yhat = tf.softmax(tf.add(tf.matMul(hidden, w2), b2));
        return tf.mul(0.5, tf.sum(tf.square(tf.sub(yhat, target))));
      });
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  return { name: 'TensorFlow.js cpu (pure JS), batch 1', examples: n, seconds, perS: n / seconds };
}

async function liveEvaluations(evaluationsWanted: number): Promise<Figure> {
  const board = await openBoard('sim');
  try {
    const channels = board.info.populated.slice(0, 10);
    for (const ch of channels) await calibrate(board, ch);
    const rng = new Rng(5);
    const xs = new Array<number>(channels.length).fill(0);
    const frames = Math.ceil(evaluationsWanted / channels.length);
    const t0 = performance.now();
    let deviceMs = 0;
    for (let f = 0; f < frames; f++) {
      for (let j = 0; j < xs.length; j++) xs[j] = rng.uniform(-6, 6);
      deviceMs += (await board.activateMany(xs, channels)).deviceTimeMs;
    }
    const seconds = (performance.now() - t0) / 1000;
    const n = frames * channels.length;
    process.stderr.write(`  live device time: ${(deviceMs / 1000 / frames).toFixed(2)} s per example of ${channels.length} evaluations (what a real board would take)\n`);
    return { name: 'live neuron evaluations on the twin (activateMany, 10 per frame)', examples: n, seconds, perS: n / seconds };
  } finally {
    await board.close();
  }
}

function line(f: Figure): string {
  return `  ${f.name.padEnd(62)} ${String(f.examples).padStart(6)} in ${f.seconds.toFixed(2).padStart(7)} s = ${f.perS
    .toFixed(0)
    .padStart(7)} /s${f.testAcc !== undefined ? `   test ${(100 * f.testAcc).toFixed(1)} %` : ''}`;
}

export interface TrainerBench {
  ours: Figure;
  plain: Figure;
  tf: Figure;
  live: Figure;
  liveDeviceSPerExample?: number;
}

export async function measureTrainer(opts: { tfExamples?: number; liveEvaluations?: number } = {}): Promise<TrainerBench> {
  const data = loadMnist();
  const lr = DEFAULT_LR;
  const noTest = { ...data.test, count: 0 };
  // Warm-up pass (JIT), then the measured one.
  await train({ train: { ...data.train, count: 5000 }, test: noTest, activation: new IdealActivation() });
  const t0 = performance.now();
  const r = await train({ train: data.train, test: noTest, activation: new IdealActivation(), lr, seed: 1 });
  const seconds = (performance.now() - t0) / 1000;
  const testAcc = await evaluate(r.network, data.test, new IdealActivation());
  const ours: Figure = { name: 'nucleon trainer (host/trainer)', examples: r.trainExamples, seconds, perS: r.trainExamples / seconds, testAcc };
  plainLoop({ ...data.train, count: 5000 }, { ...data.test, count: 0 }, lr, 1);
  const plain = plainLoop(data.train, data.test, lr, 1);
  const tf = await tfjs(data.train, opts.tfExamples ?? 3000, lr);
  const live = await liveEvaluations(opts.liveEvaluations ?? 20000);
  return { ours, plain, tf, live };
}

/** For `make bench`'s table (bench/figure.ts). */
export async function benchTrainer(): Promise<BenchFigure[]> {
  const m = await measureTrainer();
  const out: BenchFigure[] = [
    { group: 'trainer', name: 'ideal training, 60 000 MNIST examples', value: m.ours.perS, unit: 'examples/s', note: `test ${(100 * (m.ours.testAcc ?? NaN)).toFixed(1)} %` },
    { group: 'trainer', name: 'plain Float32Array loop (baseline, same run)', value: m.plain.perS, unit: 'examples/s' },
    { group: 'trainer', name: 'TensorFlow.js cpu, batch 1 (same run)', value: m.tf.perS, unit: 'examples/s' },
    { group: 'trainer', name: 'trainer / plain loop', value: m.ours.perS / m.plain.perS, unit: '×', against: 'target ≥ 0.67× (within 1.5×)' },
    { group: 'trainer', name: 'trainer / TensorFlow.js', value: m.ours.perS / m.tf.perS, unit: '×' },
  ];
  out.push({ group: 'trainer', name: 'live neuron evaluations on the twin (activateMany)', value: m.live.perS, unit: 'evaluations/s', against: 'target ≥ 30 000 /s' });
  return out;
}

export async function main(): Promise<void> {
  console.log(`trainer bench (ideal sigmoid, 784-10-10, online SGD lr ${DEFAULT_LR}, node ${process.version})`);
  const m = await measureTrainer({ tfExamples: argNumber('tf', 3000), liveEvaluations: argNumber('live', 20000) });
  console.log(line(m.ours));
  console.log(line(m.plain));
  console.log(line(m.tf));
  console.log(`  ratio nucleon / plain loop: ${(m.ours.perS / m.plain.perS).toFixed(2)}× examples/s (target ≥ 1/1.5 = 0.67×)`);
  console.log(`  ratio nucleon / TensorFlow.js: ${(m.ours.perS / m.tf.perS).toFixed(0)}× examples/s`);
  console.log(`${line(m.live)}   (target ≥ 30 000 /s)`);
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}

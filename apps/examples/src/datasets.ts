/**
 * The repository's datasets (`/datasets`, see its README) read from disk
 * with a small CSV reader, plus the plain-JavaScript helpers the examples
 * share: a seeded shuffled train/test split and standardization with the
 * training split's statistics.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { uniformGenerator } from '@layerwise/tensors';

/** A table of features and one target per row. */
export interface Table {
  /** One row of features per sample. */
  x: number[][];
  /** One target per sample (a class index, or a value for regression). */
  y: number[];
  /** Class names, when the file names them (index = label). */
  classNames: string[];
}

/**
 * The path of a file in the repository's `datasets/` folder. This module
 * sits in `apps/examples/src` (tests) or `apps/examples/dist` (built), three
 * levels below the repository root either way.
 */
export function datasetUrl(file: string): URL {
  return new URL(`../../../datasets/${file}`, import.meta.url);
}

/**
 * Parses comma-separated numbers, one row per line (blank lines skipped),
 * `.gz` files gunzipped first. Every cell must be a number; `skipRows`
 * leading rows (a header) are returned apart, unparsed.
 */
export function readCsv(file: string | URL, skipRows = 0): { header: string[][]; rows: number[][] } {
  const bytes = readFileSync(file);
  const name = typeof file === 'string' ? file : file.pathname;
  const text = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = lines.slice(0, skipRows).map((line) => line.split(',').map((c) => c.trim()));
  const rows = lines.slice(skipRows).map((line, i) =>
    line.split(',').map((cell, j) => {
      const v = Number(cell);
      if (cell.trim() === '' || !Number.isFinite(v)) {
        throw new Error(`${name}: row ${i + skipRows + 1}, column ${j + 1}: '${cell}' is not a number.`);
      }
      return v;
    }),
  );
  const width = rows[0]?.length ?? 0;
  const ragged = rows.findIndex((r) => r.length !== width);
  if (ragged >= 0) {
    throw new Error(`${name}: row ${ragged + skipRows + 1} has ${rows[ragged].length} cells, expected ${width}.`);
  }
  return { header, rows };
}

/**
 * The scikit-learn layout of `iris.csv` and `breast_cancer.csv`: a first row
 * `nSamples,nFeatures,className0,className1,...`, then the features and the
 * label of each sample. Checks the counts against the first row.
 */
function readSklearnCsv(file: string): Table {
  const { header, rows } = readCsv(datasetUrl(file), 1);
  const [nSamples, nFeatures, ...classNames] = header[0];
  if (rows.length !== Number(nSamples) || rows[0].length !== Number(nFeatures) + 1) {
    throw new Error(
      `${file}: the header says ${nSamples} x ${nFeatures} (+ label), found ${rows.length} x ${rows[0]?.length ?? 0}.`,
    );
  }
  return { x: rows.map((r) => r.slice(0, -1)), y: rows.map((r) => r[r.length - 1]), classNames };
}

/** Iris (Fisher 1936): 150 x 4 measurements in cm (sepal length, sepal width, petal length, petal width), 3 species. */
export function loadIris(): Table {
  return readSklearnCsv('iris.csv');
}

/** Breast Cancer Wisconsin (Diagnostic): 569 x 30 features, label 0 = malignant, 1 = benign. */
export function loadBreastCancer(): Table {
  return readSklearnCsv('breast_cancer.csv');
}

/** Optical handwritten digits: 1797 x 64 pixels (8x8, values 0..16), label 0..9. */
export function loadDigits(): Table {
  const { rows } = readCsv(datasetUrl('digits.csv.gz'));
  return {
    x: rows.map((r) => r.slice(0, 64)),
    y: rows.map((r) => r[64]),
    classNames: Array.from({ length: 10 }, (_, i) => String(i)),
  };
}

/** A train/test split of a table. */
export interface Split {
  xTrain: number[][];
  yTrain: number[];
  xTest: number[][];
  yTest: number[];
}

/**
 * Shuffles the rows with a seeded generator (Fisher-Yates) and keeps the
 * first `1 - testFraction` for training and the rest for testing.
 */
export function trainTestSplit(x: number[][], y: number[], testFraction: number, seed: number): Split {
  const random = uniformGenerator(seed);
  const order = x.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const nTest = Math.round(x.length * testFraction);
  const train = order.slice(0, x.length - nTest);
  const test = order.slice(x.length - nTest);
  return {
    xTrain: train.map((i) => x[i]),
    yTrain: train.map((i) => y[i]),
    xTest: test.map((i) => x[i]),
    yTest: test.map((i) => y[i]),
  };
}

/** Per-column mean and (population) standard deviation. */
export interface Standardizer {
  mean: number[];
  std: number[];
  /** `(x - mean) / std` per column (a column with std 0 is only centred). */
  transform(x: number[][]): number[][];
}

/** Column statistics of `x` (the training split: the test split must not leak into them). */
export function fitStandardizer(x: number[][]): Standardizer {
  const n = x.length;
  const d = x[0].length;
  const mean = Array.from({ length: d }, (_, j) => x.reduce((s, r) => s + r[j], 0) / n);
  const std = mean.map((m, j) => Math.sqrt(x.reduce((s, r) => s + (r[j] - m) ** 2, 0) / n));
  return {
    mean,
    std,
    transform: (rows) => rows.map((r) => r.map((v, j) => (v - mean[j]) / (std[j] > 0 ? std[j] : 1))),
  };
}

/** The mean of a list of numbers. */
export function meanOf(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * The digits dataset (UCI Optical Recognition of Handwritten Digits, the copy
 * scikit-learn ships): 1797 grey 8x8 images of the digits 0-9, read from
 * `datasets/digits.csv.gz` at the repository root.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { uniformGenerator } from '@layerwise/tensors';

/** Pixels per image (8x8). */
export const PIXELS = 64;
/** Number of classes (the digits 0-9). */
export const CLASSES = 10;

/**
 * Where the dataset lies: `datasets/digits.csv.gz` three levels above this
 * module (`apps/demo/src/` when the tests run the source, `apps/demo/dist/`
 * when the demo runs the build).
 */
export const digitsPath = fileURLToPath(new URL('../../../datasets/digits.csv.gz', import.meta.url));

/** Images and labels, one row per image. */
export interface Digits {
  /** `n * 64` pixels, row-major 8x8 per image, scaled from 0..16 to [0, 1]. */
  x: Float32Array;
  /** `n` labels 0..9. */
  y: Int32Array;
  /** Number of images. */
  n: number;
}

/** Reads and parses `digits.csv.gz` (no header; 64 integers 0..16 then the label on each row). */
export function loadDigits(path: string = digitsPath): Digits {
  const lines = gunzipSync(readFileSync(path)).toString('utf8').trim().split('\n');
  const n = lines.length;
  const x = new Float32Array(n * PIXELS);
  const y = new Int32Array(n);
  lines.forEach((line, i) => {
    const values = line.split(',').map(Number);
    if (values.length !== PIXELS + 1 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`${path}, line ${i + 1}: expected ${PIXELS} pixels and a label, got '${line.slice(0, 60)}'.`);
    }
    for (let j = 0; j < PIXELS; j++) x[i * PIXELS + j] = values[j] / 16;
    y[i] = values[PIXELS];
  });
  return { x, y, n };
}

/**
 * A seeded, stratified train/test split: each class gives `testFraction` of
 * its images (rounded) to the test set. Both parts are shuffled.
 */
export function trainTestSplit(data: Digits, testFraction: number, seed: number): { train: Digits; test: Digits } {
  const random = uniformGenerator(seed);
  const shuffle = (a: number[]): number[] => {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  };
  const byClass = Array.from({ length: CLASSES }, () => [] as number[]);
  for (let i = 0; i < data.n; i++) byClass[data.y[i]].push(i);
  const trainIdx: number[] = [];
  const testIdx: number[] = [];
  for (const indices of byClass) {
    shuffle(indices);
    const k = Math.round(indices.length * testFraction);
    testIdx.push(...indices.slice(0, k));
    trainIdx.push(...indices.slice(k));
  }
  const take = (indices: number[]): Digits => {
    const x = new Float32Array(indices.length * PIXELS);
    const y = new Int32Array(indices.length);
    indices.forEach((from, to) => {
      x.set(data.x.subarray(from * PIXELS, (from + 1) * PIXELS), to * PIXELS);
      y[to] = data.y[from];
    });
    return { x, y, n: indices.length };
  };
  return { train: take(shuffle(trainIdx)), test: take(shuffle(testIdx)) };
}

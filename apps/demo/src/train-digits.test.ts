import '@layerwise/backend-cpu';
import '@layerwise/backend-wasm';
import { memory, setBackend } from '@layerwise/tensors';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Digits, loadDigits, PIXELS, trainTestSplit } from './digits.js';
import { trainDigits } from './train-digits.js';

describe('digits dataset', () => {
  let data: Digits;
  beforeAll(() => {
    data = loadDigits();
  });

  it('reads 1797 images of 64 pixels in [0, 1] with labels 0..9, every class present', () => {
    expect(data.n).toBe(1797);
    expect(data.x.length).toBe(1797 * PIXELS);
    expect(Math.min(...data.x)).toBe(0);
    expect(Math.max(...data.x)).toBe(1);
    const counts = new Array(10).fill(0);
    for (const label of data.y) counts[label]++;
    // scikit-learn's load_digits: 178 zeros, 182 ones, ..., 180 nines.
    expect(counts).toEqual([178, 182, 177, 183, 181, 182, 181, 179, 174, 180]);
  });

  it('splits stratified and seeded: disjoint, 20% of each class held out, the same for the same seed', () => {
    const a = trainTestSplit(data, 0.2, 1);
    const b = trainTestSplit(data, 0.2, 1);
    const c = trainTestSplit(data, 0.2, 2);
    expect(a.train.n + a.test.n).toBe(1797);
    expect(a.test.n).toBe(359); // 20% of each class, rounded
    expect(a.test.y).toEqual(b.test.y);
    expect(a.test.x).toEqual(b.test.x);
    expect(c.test.x).not.toEqual(a.test.x);
    const testCounts = new Array(10).fill(0);
    for (const label of a.test.y) testCounts[label]++;
    for (const k of testCounts) expect(k).toBeGreaterThanOrEqual(35);
    // Every image lands in exactly one part: the pixel sums add up.
    const sum = (x: Float32Array) => x.reduce((s, v) => s + v, 0);
    expect(sum(a.train.x) + sum(a.test.x)).toBeCloseTo(sum(data.x), 0);
  });
});

describe.each(['wasm', 'cpu'])('trainDigits on %s', (backend) => {
  it('reaches at least 95% accuracy on the held-out test images and leaks no tensor', async () => {
    await setBackend(backend);
    const before = memory().numTensors;
    const result = await trainDigits({ epochs: 15 });
    expect(result.testSamples).toBe(359);
    expect(result.params).toBe(64 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
    expect(result.testAccuracy).toBeGreaterThanOrEqual(0.95);
    expect(result.trainAccuracy).toBeGreaterThan(0.95);
    expect(result.testLoss).toBeLessThan(0.2);
    expect(memory().numTensors).toBe(before);
  }, 120_000);
});

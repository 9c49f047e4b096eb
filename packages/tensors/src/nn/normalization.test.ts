// batchNormalization against Keras's formula (x - mean) / sqrt(variance + epsilon) * scale + offset,
// moments against hand sums, LRN against TensorFlow's definition
// x / (bias + alpha * sum_{c-r..c+r} x^2) ^ beta. Float32, compared to 1e-5.
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { tensor, transpose } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { batchNormalization, localResponseNormalization, moments } from './normalization.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-5): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const x = tensor([
  [1, 2],
  [3, 4],
]);
// (1-2)/sqrt(1.001)*2+0.5, (2-3)/sqrt(4.001)-0.5, (3-2)/sqrt(1.001)*2+0.5, (4-3)/sqrt(4.001)-0.5
const expectedBN = [-1.4990007, -0.9999375, 2.4990007, -0.0000625];

describe('batchNormalization', () => {
  it("Keras's formula with per-channel statistics (epsilon 1e-3 by default)", () => {
    expectClose(batchNormalization(x, [2, 3], [1, 4], [0.5, -0.5], [2, 1]), expectedBN, [2, 2]);
  });

  it('offset and scale are optional', () => {
    expectClose(batchNormalization(x, [2, 3], [1, 4], null, null, 0), [-1, -0.5, 1, 0.5]);
    expectClose(batchNormalization(x, [2, 3], [1, 4], [1, 1], undefined, 0), [0, 0.5, 2, 1.5]);
  });

  it('axis 1 of an NCHW tensor gives the NHWC result transposed', () => {
    const nhwc = tensor(
      Array.from({ length: 12 }, (_, i) => (i * 5) % 7),
      [1, 2, 3, 2],
    );
    const args = [tensor([1, 2]), tensor([0.5, 2]), tensor([0.1, -0.1]), tensor([1.5, 0.5])] as const;
    const last = batchNormalization(nhwc, ...args);
    const first = batchNormalization(transpose(nhwc, [0, 3, 1, 2]), ...args, 1e-3, 1);
    expectClose(transpose(first, [0, 2, 3, 1]), Array.from(last.dataSync()), [1, 2, 3, 2]);
  });

  it('statistics that broadcast to x are accepted as they are', () => {
    const mean = tensor([[2, 3]]);
    expectClose(batchNormalization(x, mean, tensor([[1, 4]]), tensor([[0.5, -0.5]]), tensor([[2, 1]])), expectedBN);
  });

  it('statistics of the wrong size are a ShapeError naming both shapes', () => {
    expect(() => batchNormalization(x, [1, 2, 3], [1, 1])).toThrow(ShapeError);
    expect(() => batchNormalization(x, [1, 2, 3], [1, 1])).toThrow(
      /batchNormalization: mean has shape \[3\] but x \[2,2\] has 2 entries along axis 1/,
    );
    expect(() => batchNormalization(x, [1, 2], tfc.ones([3, 2]))).toThrow(
      /variance of shape \[3,2\] does not broadcast to x \[2,2\]/,
    );
    expect(() => batchNormalization(x, [1, 2], [1, 1], null, null, -1)).toThrow(ValueError);
  });

  it('leaks nothing', async () => {
    const m = tensor([2, 3]);
    const v = tensor([1, 4]);
    const y = await expectNoLeaks(() => batchNormalization(x, m, v, null, null, 1e-3, 0));
    y.dispose();
  });
});

describe('moments', () => {
  it('mean and population variance', () => {
    const a = moments(x, 0);
    expectClose(a.mean, [2, 3], [2]);
    expectClose(a.variance, [1, 1], [2]);
    const b = moments(x, [0, 1], true);
    expectClose(b.mean, [2.5], [1, 1]);
    expectClose(b.variance, [1.25], [1, 1]);
  });

  it('rejects repeated or out-of-range axes', () => {
    expect(() => moments(x, [0, -2])).toThrow(ValueError);
    expect(() => moments(x, 2)).toThrow(ShapeError);
  });
});

describe('localResponseNormalization', () => {
  const c3 = tensor([1, 2, 3], [1, 1, 1, 3]);

  it("TensorFlow's defaults (bias 1, alpha 1, beta 0.5) with depthRadius 1", () => {
    expectClose(localResponseNormalization(c3, { depthRadius: 1 }), [
      1 / Math.sqrt(6),
      2 / Math.sqrt(15),
      3 / Math.sqrt(14),
    ]);
  });

  it('alpha and beta, and channelsFirst', () => {
    const expected = [0.39079497, 0.42044821, 0.66195018];
    expectClose(localResponseNormalization(c3, { depthRadius: 1, alpha: 0.5, beta: 0.75 }), expected);
    const first = localResponseNormalization(tensor([1, 2, 3], [1, 3, 1, 1]), {
      depthRadius: 1,
      alpha: 0.5,
      beta: 0.75,
      dataFormat: 'channelsFirst',
    });
    expectClose(first, expected, [1, 3, 1, 1]);
  });

  it('rejects a bad radius or rank', () => {
    expect(() => localResponseNormalization(c3, { depthRadius: -1 })).toThrow(ValueError);
    expect(() => localResponseNormalization(tensor([1, 2, 3]))).toThrow(/must have rank 4/);
  });
});

// Pooling against hand-computed windows. 'same' average pooling follows
// Keras/TensorFlow: padded cells are left out of each average (an edge window
// of 2 real cells divides by 2), in the values and in the gradient.
// Values are exact in float32 up to rounding; compared to 1e-5.
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { grad, sum, tensor, transpose } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import {
  avgPool1d,
  avgPool2d,
  avgPool3d,
  globalAvgPool,
  globalMaxPool,
  maxPool1d,
  maxPool2d,
  maxPool3d,
} from './pooling.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-5): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const grid3 = tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
const x4 = tensor([3, 1, 4, 15, 9, 2, 6, 5, 35, 8, 97, 93, 23, 84, 62, 64], [1, 4, 4, 1]);

describe('max pooling', () => {
  it('maxPool2d 2x2 (strides default to the pool size)', () => {
    expectClose(maxPool2d(x4, 2), [9, 15, 84, 97], [1, 2, 2, 1]);
  });

  it("maxPool2d 3x3 strides 1 'same'", () => {
    expectClose(maxPool2d(grid3, 3, { strides: 1, padding: 'same' }), [5, 6, 6, 8, 9, 9, 8, 9, 9], [1, 3, 3, 1]);
  });

  it('maxPool1d and maxPool3d', () => {
    expectClose(maxPool1d(tensor([1, 3, 2, 5], [1, 4, 1])), [3, 5], [1, 2, 1]);
    expectClose(maxPool1d(tensor([1, 3, 2, 5, 4], [1, 5, 1]), 2, { padding: 'same' }), [3, 5, 4], [1, 3, 1]);
    expectClose(maxPool3d(tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1])), [8], [1, 1, 1, 1, 1]);
    expectClose(maxPool3d(tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]), [1, 2, 1]), [3, 4, 7, 8], [1, 2, 1, 2, 1]);
  });

  it('gradient goes to the maximum of each window', () => {
    const g = grad((t: Tensor) => sum(maxPool2d(t, 2)))(x4);
    expectClose(g, [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
  });
});

describe('average pooling', () => {
  it("avgPool2d 3x3 strides 1 'same' leaves padded cells out: corner = (1 + 2 + 4 + 5) / 4", () => {
    expectClose(
      avgPool2d(grid3, 3, { strides: 1, padding: 'same' }),
      [3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7],
      [1, 3, 3, 1],
    );
  });

  it("avgPool2d 2x2 strides 2 'same' on 3x3: the last window holds one real cell", () => {
    expectClose(avgPool2d(grid3, 2, { padding: 'same' }), [3, 4.5, 7.5, 9], [1, 2, 2, 1]);
  });

  it('avgPool1d valid and same', () => {
    expectClose(avgPool1d(tensor([1, 3, 2, 5], [1, 4, 1])), [2, 3.5], [1, 2, 1]);
    expectClose(avgPool1d(tensor([1, 3, 2, 5, 7], [1, 5, 1]), 2, { padding: 'same' }), [2, 3.5, 7], [1, 3, 1]);
  });

  it("avgPool3d 2 strides 1 'same': each window's mean is the value at its center", () => {
    const x = tensor([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2, 1]);
    expectClose(avgPool3d(x, 2, { strides: 1, padding: 'same' }), [4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8], [1, 2, 2, 2, 1]);
    expectClose(avgPool3d(x, 2, { padding: 'same' }), [4.5], [1, 1, 1, 1, 1]);
  });

  it("the gradient of 'same' average pooling divides by the real cells too", () => {
    // windows {0, 1}, {2, 3}, {4}: d sum / dx = [1/2, 1/2, 1/2, 1/2, 1/1]
    const g1 = grad((t: Tensor) => sum(avgPool1d(t, 2, { padding: 'same' })))(tensor([1, 3, 2, 5, 7], [1, 5, 1]));
    expectClose(g1, [0.5, 0.5, 0.5, 0.5, 1]);
    // 3x3 'same' strides 1 on 3x3: corner cell is in 4 windows of 4, 6, 6 and 9 real cells.
    const g2 = grad((t: Tensor) => sum(avgPool2d(t, 3, { strides: 1, padding: 'same' })))(grid3);
    expect(g2.dataSync()[0]).toBeCloseTo(1 / 4 + 1 / 6 + 1 / 6 + 1 / 9, 5);
    const g3 = grad((t: Tensor) => sum(avgPool3d(t, 2, { padding: 'same' })))(tfc.ones([1, 1, 3, 3, 1]));
    expectClose(g3, [0.25, 0.25, 0.5, 0.25, 0.25, 0.5, 0.5, 0.5, 1]);
  });

  it('channelsFirst equals channelsLast transposed', () => {
    const x = tensor(
      Array.from({ length: 18 }, (_, i) => (i * 7) % 11),
      [1, 3, 3, 2],
    );
    const last = avgPool2d(x, 2, { strides: 1, padding: 'same' });
    const first = avgPool2d(transpose(x, [0, 3, 1, 2]), 2, {
      strides: 1,
      padding: 'same',
      dataFormat: 'channelsFirst',
    });
    expectClose(transpose(first, [0, 2, 3, 1]), Array.from(last.dataSync()), [1, 3, 3, 2]);
  });
});

describe('global pooling', () => {
  const x = tensor(
    Array.from({ length: 24 }, (_, i) => i),
    [2, 2, 3, 2],
  );

  it('globalAvgPool and globalMaxPool reduce every spatial axis', () => {
    expectClose(globalAvgPool(x), [5, 6, 17, 18], [2, 2]);
    expectClose(globalMaxPool(x), [10, 11, 22, 23], [2, 2]);
    expect(globalAvgPool(x, { keepDims: true }).shape).toEqual([2, 1, 1, 2]);
    // channelsFirst: axis 1 is channels, axes 2 and 3 are spatial.
    expectClose(globalMaxPool(x, { dataFormat: 'channelsFirst' }), [5, 11, 17, 23], [2, 2]);
    expectClose(globalAvgPool(x, { axes: [1] }), [3, 4, 5, 6, 7, 8, 15, 16, 17, 18, 19, 20], [2, 3, 2]);
  });

  it('rejects tensors without spatial axes', () => {
    expect(() => globalAvgPool(tfc.zeros([2, 3]))).toThrow(ShapeError);
  });
});

describe('errors and leaks', () => {
  it('names the op, the argument and the shapes', () => {
    expect(() => maxPool2d(tfc.zeros([1, 2, 2, 1]), 3)).toThrow(
      /maxPool2d: with padding 'valid' the pool window spans 3.*\[1,2,2,1\]/,
    );
    expect(() => avgPool2d(tfc.zeros([4, 4, 1]), 2)).toThrow(/avgPool2d: x must have rank 4.*expandDims/);
    expect(() => maxPool1d(tfc.zeros([1, 4, 1]), 2, { strides: 1.5 })).toThrow(ValueError);
    expect(() => avgPool3d(tfc.zeros([1, 4, 4, 4, 1]), [2, 2])).toThrow(
      /poolSize must be an integer >= 1 or a list of 3/,
    );
  });

  it('leaks nothing, also on the differentiable same-padding path', async () => {
    const x = tfc.ones([1, 5, 5, 2]);
    const y = await expectNoLeaks(() => avgPool2d(x, 3, { strides: 2, padding: 'same' }));
    y.dispose();
    const g = await expectNoLeaks(() => grad((t: Tensor) => sum(avgPool2d(t, 3, { strides: 2, padding: 'same' })))(x));
    g.dispose();
  });
});

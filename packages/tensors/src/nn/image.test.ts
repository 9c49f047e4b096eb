// Resizing against TensorFlow's sampling rules worked out by hand. For
// x[i, j] = 2i + j (a linear image) bilinear output is 2R[r] + C[c], where
// R, C are the sampled source coordinates clamped to the image:
// half-pixel 2 -> 4: src = (o + 0.5) / 2 - 0.5 = [-0.25, 0.25, 0.75, 1.25] -> [0, 0.25, 0.75, 1];
// alignCorners 2 -> 3: [0, 0.5, 1]; legacy 2 -> 4: src = o / 2 -> [0, 0.5, 1, 1].
// Compared to 1e-5.
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { grad, randomUniform, sum, tensor, valueAndGrad } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { resizeBilinear, resizeNearestNeighbor } from './image.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-5): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const img = tensor([0, 1, 2, 3], [1, 2, 2, 1]);
const linearImage = (R: number[], C: number[]) => R.flatMap((r) => C.map((c) => 2 * r + c));

describe('resizeBilinear', () => {
  it('half-pixel centers by default (Keras 3 / TF2)', () => {
    const q = [0, 0.25, 0.75, 1];
    expectClose(resizeBilinear(img, [4, 4]), linearImage(q, q), [1, 4, 4, 1]);
  });

  it('alignCorners and the legacy TF1 rule', () => {
    expectClose(
      resizeBilinear(img, [3, 3], { alignCorners: true }),
      linearImage([0, 0.5, 1], [0, 0.5, 1]),
      [1, 3, 3, 1],
    );
    expectClose(
      resizeBilinear(img, [4, 4], { halfPixelCenters: false }),
      linearImage([0, 0.5, 1, 1], [0, 0.5, 1, 1]),
      [1, 4, 4, 1],
    );
  });

  it('rank-3 images and channelsFirst', () => {
    const q = [0, 0.25, 0.75, 1];
    expectClose(resizeBilinear(tensor([0, 1, 2, 3], [2, 2, 1]), [4, 4]), linearImage(q, q), [4, 4, 1]);
    expectClose(
      resizeBilinear(tensor([0, 1, 2, 3], [1, 1, 2, 2]), [4, 4], { dataFormat: 'channelsFirst' }),
      linearImage(q, q),
      [1, 1, 4, 4],
    );
  });

  it('gradient: each input pixel receives its interpolation weights (half-pixel 2 -> 4)', () => {
    // Along one axis the weights of source 0 are [1, 0.75, 0.25, 0] -> 2; in 2-D 2 * 2 = 4 per pixel.
    expectClose(grad((t: Tensor) => sum(resizeBilinear(t, [4, 4])))(img), [4, 4, 4, 4]);
    // 3 -> 2, half-pixel: src = 1.5 * (o + 0.5) - 0.5 = [0.25, 1.75]; weights per axis on 0, 1, 2: [0.75, 0.5, 0.75].
    const g = grad((t: Tensor) => sum(resizeBilinear(t, [2, 1])))(tfc.ones([1, 3, 1, 1]));
    expectClose(g, [0.75, 0.5, 0.75]);
  });

  it('the differentiable path computes the same values as the kernel', () => {
    const x = randomUniform([2, 5, 3, 2], -1, 1, 'float32', 9);
    for (const options of [{}, { alignCorners: true }, { halfPixelCenters: false }]) {
      for (const size of [
        [7, 4],
        [2, 2],
        [5, 3],
      ]) {
        const forward = resizeBilinear(x, size, options);
        const { value } = valueAndGrad((t: Tensor) => sum(resizeBilinear(t, size, options)))(x);
        expect(value.dataSync()[0]).toBeCloseTo(sum(forward).dataSync()[0], 3);
        const near = resizeNearestNeighbor(x, size, options);
        const taped = valueAndGrad((t: Tensor) => sum(tfc.mul(resizeNearestNeighbor(t, size, options), near)))(x);
        expect(taped.value.dataSync()[0]).toBeCloseTo(sum(tfc.square(near)).dataSync()[0], 3);
      }
    }
  });
});

describe('resizeNearestNeighbor', () => {
  const row = tensor([10, 20, 30], [1, 1, 3, 1]);

  it('half-pixel centers: 2 -> 4 repeats each pixel, 3 -> 2 takes pixels 0 and 2', () => {
    expectClose(resizeNearestNeighbor(img, [4, 4]), [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3], [1, 4, 4, 1]);
    expectClose(resizeNearestNeighbor(row, [1, 2]), [10, 30], [1, 1, 2, 1]);
  });

  it('legacy (floor of o * 1.5 -> 0, 1) and alignCorners (round of o * 2 -> 0, 2)', () => {
    expectClose(resizeNearestNeighbor(row, [1, 2], { halfPixelCenters: false }), [10, 20]);
    expectClose(resizeNearestNeighbor(row, [1, 2], { alignCorners: true }), [10, 30]);
  });

  it('gradient counts how often each pixel is copied', () => {
    expectClose(grad((t: Tensor) => sum(resizeNearestNeighbor(t, [1, 5])))(row), [2, 1, 2]);
  });
});

describe('errors and leaks', () => {
  it('rejects bad ranks, sizes and option combinations', () => {
    expect(() => resizeBilinear(tfc.zeros([4, 4]), [2, 2])).toThrow(ShapeError);
    expect(() => resizeBilinear(img, [0, 2])).toThrow(/size must be an integer >= 1/);
    expect(() => resizeBilinear(img, [2, 2], { alignCorners: true, halfPixelCenters: true })).toThrow(ValueError);
  });

  it('leaks nothing', async () => {
    const y = await expectNoLeaks(() => resizeBilinear(img, [3, 5]));
    y.dispose();
    const g = await expectNoLeaks(() => grad((t: Tensor) => sum(resizeNearestNeighbor(t, [3, 5])))(img));
    g.dispose();
  });
});

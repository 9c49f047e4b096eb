// Depthwise and separable convolutions against references worked out from
// the definition y[i, j, c * M + m] = sum_ab x[i*s + a*d - pad, j*s + b*d - pad, c] * k[a, b, c, m]
// (integer inputs: exact in float32, compared to 1e-4).
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../errors.js';
import { grad, sum, tensor, transpose } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { depthwiseConv1d, depthwiseConv2d, separableConv1d, separableConv2d } from './depthwise.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-4): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const ints = (n: number, mod: number, shift: number, shape: number[]) =>
  tensor(
    Array.from({ length: n }, (_, i) => (i % mod) - shift),
    shape,
  );

const x = ints(18, 7, 3, [1, 3, 3, 2]);
const k = ints(16, 5, 2, [2, 2, 2, 2]);
const x5 = ints(50, 9, 4, [1, 5, 5, 2]);

describe('depthwiseConv2d', () => {
  it("'valid', depthMultiplier 2: output channel c * 2 + m", () => {
    expectClose(depthwiseConv2d(x, k), [7, 9, 4, 3, 2, -5, 2, -1, -8, 2, -9, -2, 1, -5, 3, 1], [1, 2, 2, 4]);
  });

  it("strides [2, 1] 'same'", () => {
    const k1 = tensor([1, 2, -1, 0, 3, -2, 1, 1, 0, 1, 2, -1, 1, 0, -1, 2, 2, 1], [3, 3, 2, 1]);
    const expected = [
      -3, -6, -4, -3, 6, 5, -2, 13, 9, -7, 3, 0, 7, -3, 5, 5, -15, 4, 9, 0, 8, -6, 15, 0, -18, 11, 3, 4, -5, -8,
    ];
    expectClose(depthwiseConv2d(x5, k1, { strides: [2, 1], padding: 'same' }), expected, [1, 3, 5, 2]);
  });

  it("'same' with strides on non-square windows and inputs (explicit padding)", () => {
    const xa = tensor(
      Array.from({ length: 60 }, (_, i) => ((i * 7) % 11) - 5),
      [1, 5, 6, 2],
    );
    const kb = tensor(
      Array.from({ length: 16 }, (_, i) => ((i * 3) % 5) - 2),
      [2, 2, 2, 2],
    );
    const ka = tensor(
      Array.from({ length: 6 }, (_, i) => ((i * 5) % 7) - 3),
      [3, 1, 2, 1],
    );
    expectClose(
      depthwiseConv2d(xa, kb, { strides: 3, padding: 'same' }),
      [9, 9, 7, -5, -11, 18, 11, -5, -12, 19, 9, -5, -10, 17, 13, -5],
      [1, 2, 2, 4],
    );
    expectClose(
      depthwiseConv2d(xa, ka, { strides: 2, padding: 'same' }),
      [6, -6, -9, 10, 9, -7, 9, -13, 9, 4, -24, 10, -15, 8, 0, -14, 15, 8],
      [1, 3, 3, 2],
    );
  });

  it('dilation 2, natively and on the differentiable path', () => {
    const k2 = tensor([1, 2, -1, 3, 0, 1, 2, -1], [2, 2, 2, 1]);
    const expected = [0, -7, 4, 12, -10, -5, 2, -2, -12, 17, 1, 0, 4, 12, -10, -5, 3, -4];
    expectClose(depthwiseConv2d(x5, k2, { dilationRate: 2 }), expected, [1, 3, 3, 2]);
    // Under a gradient tape the kernel is spread instead; the values must not change.
    const g = grad((t: Tensor) => sum(tfc.mul(depthwiseConv2d(t, k2, { dilationRate: 2 }), 1)))(x5);
    expect(g.shape).toEqual([1, 5, 5, 2]);
    // Pixel (2, 2) of channel 0 reaches an output through each of its 4 taps, so d sum / dx is the
    // sum of the channel-0 kernel: k[:, :, 0, 0] = [1, -1, 0, 2] -> 2.
    expect(g.dataSync()[(2 * 5 + 2) * 2]).toBeCloseTo(2, 4);
  });

  it('channelsFirst equals channelsLast transposed', () => {
    const y = depthwiseConv2d(transpose(x, [0, 3, 1, 2]), k, { dataFormat: 'channelsFirst' });
    expect(y.shape).toEqual([1, 4, 2, 2]);
    expectClose(transpose(y, [0, 2, 3, 1]), [7, 9, 4, 3, 2, -5, 2, -1, -8, 2, -9, -2, 1, -5, 3, 1]);
  });

  it('a kernel for other in-channels is a ShapeError naming both shapes', () => {
    expect(() => depthwiseConv2d(tfc.zeros([1, 5, 5, 3]), tfc.zeros([3, 3, 2, 1]))).toThrow(ShapeError);
    expect(() => depthwiseConv2d(tfc.zeros([1, 5, 5, 3]), tfc.zeros([3, 3, 2, 1]))).toThrow(
      /depthwiseConv2d: kernel of shape \[3,3,2,1\] is for 2 input channels, but x of shape \[1,5,5,3\] has 3/,
    );
    expect(() => depthwiseConv2d(tfc.zeros([5, 5, 3]), tfc.zeros([3, 3, 3, 1]))).toThrow(/expandDims/);
  });
});

describe('depthwiseConv1d', () => {
  it("'same': each channel filtered on its own", () => {
    // channel 0: [1,2,3] * [1,1,1] (moving sum); channel 1: [10,20,30] * [0,1,0] (identity)
    const xs = tensor([1, 10, 2, 20, 3, 30], [1, 3, 2]);
    const ks = tensor([1, 0, 1, 1, 1, 0], [3, 2, 1]);
    expectClose(depthwiseConv1d(xs, ks, { padding: 'same' }), [3, 10, 6, 20, 5, 30], [1, 3, 2]);
  });
});

describe('separableConv2d / separableConv1d', () => {
  const p = tensor(
    Array.from({ length: 12 }, (_, i) => (i % 4) - 1.5),
    [1, 1, 4, 3],
  );

  it('is the depthwise convolution followed by the pointwise one', () => {
    expectClose(separableConv2d(x, k, p), [3.5, -9.5, -2.5, -9, 9, -1, 11.5, -13.5, 5.5, -8, 12, 0], [1, 2, 2, 3]);
  });

  it('1-D: depthwise [3, 1, 1] then pointwise [1, 1, 2]', () => {
    const y = separableConv1d(
      tensor([1, 2, 3, 4], [1, 4, 1]),
      tensor([1, 1, 1], [3, 1, 1]),
      tensor([1, -2], [1, 1, 2]),
    );
    expectClose(y, [6, -12, 9, -18], [1, 2, 2]);
  });

  it('a pointwise kernel of the wrong shape is a ShapeError', () => {
    expect(() => separableConv2d(x, k, tfc.zeros([1, 1, 2, 3]))).toThrow(
      /separableConv2d: pointwiseKernel must have shape \[1, 1, 4, filters\].*got \[1,1,2,3\]/,
    );
    expect(() => separableConv2d(x, tfc.zeros([2, 2, 3, 1]), p)).toThrow(/depthwiseKernel of shape \[2,2,3,1\]/);
  });

  it('leaks nothing', async () => {
    const y = await expectNoLeaks(() => separableConv2d(x, k, p, { dilationRate: 2, padding: 'same' }));
    y.dispose();
  });
});

// Convolutions against reference numbers computed by hand from the
// cross-correlation definition with TensorFlow's 'same' padding rule
// (pad_total = max((ceil(in/s) - 1) * s + k_eff - in, 0), pad_before = floor(pad_total / 2)).
// Integer inputs, so float32 results are exact; compared to 1e-4.
import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { grad, range, reshape, sum, tensor, transpose, valueAndGrad } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { conv1d, conv2d, conv3d } from './conv.js';

const TOL = 1e-4;
function expectClose(t: Tensor, expected: number[], shape?: number[], tol = TOL): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const seq = (n: number, shape: number[], start = 1) => reshape(tfc.cast(range(start, start + n), 'float32'), shape);
const k3 = tensor([1, 2, 0, -1, 1, 3, 2, 0, -2], [3, 3, 1, 1]);

describe('conv2d', () => {
  it("'same' 3x3 kernel on a 4x4 input", () => {
    const y = conv2d(seq(16, [1, 4, 4, 1]), k3, { padding: 'same' });
    // y[0,0] = 1*1 + 2*3 + 5*0 + 6*(-2) = -5 (only the lower-right 2x2 of the kernel sees the input)
    expectClose(y, [-5, 6, 9, 15, 5, 23, 29, 34, 21, 47, 53, 54, 73, 75, 81, 36], [1, 4, 4, 1]);
  });

  it("'valid' with strides 2 on 5x5", () => {
    expectClose(conv2d(seq(25, [1, 5, 5, 1]), k3, { strides: 2 }), [26, 38, 86, 98], [1, 2, 2, 1]);
  });

  it("'same' with strides 2 on 4x4 (pad 0 before, 1 after)", () => {
    expectClose(conv2d(seq(16, [1, 4, 4, 1]), k3, { strides: 2, padding: 'same' }), [23, 34, 75, 36], [1, 2, 2, 1]);
  });

  it("dilation 2, 'valid' on 5x5: the kernel taps the corners, edges and center", () => {
    // 1*1 + 2*3 + 0*5 - 11 + 13 + 3*15 + 2*21 + 0*23 - 2*25 = 46
    expectClose(conv2d(seq(25, [1, 5, 5, 1]), k3, { dilationRate: 2 }), [46], [1, 1, 1, 1]);
  });

  it("dilation 2 together with strides 2, 'same' on 7x7", () => {
    const y = conv2d(seq(49, [1, 7, 7, 1]), k3, { strides: 2, dilationRate: 2, padding: 'same' });
    expectClose(y, [-24, 9, 15, 40, 6, 58, 70, 87, 62, 142, 154, 157, 236, 234, 246, 105], [1, 4, 4, 1]);
  });

  it('several input and output channels', () => {
    const x = tfc.sub(tfc.mod(seq(18, [1, 3, 3, 2]), 5), 2);
    const k = tfc.sub(tfc.mod(seq(24, [2, 2, 2, 3], 0), 7), 3);
    const expected = [10, 6, 9, -1, 12, -3, 4, 0, 3, 7, -6, -12, -14, -10, 1, 1, 1, 1, -8, 6, 6, 5, 3, 1, 0, 1, 2];
    expectClose(conv2d(x, k, { padding: 'same' }), expected, [1, 3, 3, 3]);
    // channelsFirst gives the same numbers in NCHW order.
    const yFirst = conv2d(transpose(x, [0, 3, 1, 2]), k, { padding: 'same', dataFormat: 'channelsFirst' });
    expect(yFirst.shape).toEqual([1, 3, 3, 3]);
    expectClose(transpose(yFirst, [0, 2, 3, 1]), expected);
  });

  // tfjs-backend-wasm's XNNPACK conv gets these wrong with 'same' padding and strides > 1;
  // the op pads explicitly instead. x = (7i mod 11) - 5, kernels (5i mod 7) - 3 and (3i mod 5) - 2.
  it("'same' with strides on non-square windows and inputs (explicit padding)", () => {
    const x = tensor(
      Array.from({ length: 60 }, (_, i) => ((i * 7) % 11) - 5),
      [1, 5, 6, 2],
    );
    const ka = tensor(
      Array.from({ length: 12 }, (_, i) => ((i * 5) % 7) - 3),
      [3, 1, 2, 2],
    );
    const kb = tensor(
      Array.from({ length: 16 }, (_, i) => ((i * 3) % 5) - 2),
      [2, 2, 2, 2],
    );
    expectClose(
      conv2d(x, ka, { strides: 2, padding: 'same' }),
      [-9, -17, -8, 22, -7, -16, -9, -6, 29, -22, -21, 28, -9, 18, -15, -5, 23, -6],
      [1, 3, 3, 2],
    );
    expectClose(conv2d(x, kb, { strides: 3, padding: 'same' }), [16, 4, 0, 13, -3, 14, 3, 12], [1, 2, 2, 2]);
  });

  it('groups: each half of the filters sees only its half of the channels', () => {
    // 2 input channels, 2 groups, kernel [1,1,1,2]: out0 = 3 * in0, out1 = -2 * in1.
    const x = tensor([1, 10, 2, 20, 3, 30, 4, 40], [1, 2, 2, 2]);
    const y = conv2d(x, tensor([3, -2], [1, 1, 1, 2]), { groups: 2 });
    expectClose(y, [3, -20, 6, -40, 9, -60, 12, -80], [1, 2, 2, 2]);
  });

  it('the differentiable path (dilated kernel) gives the same values as the native dilated kernel', () => {
    const x = tfc.sin(seq(49, [1, 7, 7, 1]));
    const forward = conv2d(x, k3, { dilationRate: 2, padding: 'same' });
    const { value } = valueAndGrad((t: Tensor) => sum(conv2d(t, k3, { dilationRate: 2, padding: 'same' })))(x);
    expectClose(value, [sum(forward).dataSync()[0]], undefined, 1e-3);
    // d/dx of sum(conv(x)) at an interior pixel is the sum of the kernel (here 6).
    const g = grad((t: Tensor) => sum(conv2d(t, k3, { dilationRate: 2, padding: 'same' })))(x);
    expect(g.dataSync()[3 * 7 + 3]).toBeCloseTo(6, 4);
  });

  it('a kernel whose in-channels do not match x is a ShapeError naming both shapes', () => {
    const x = tfc.zeros([1, 5, 5, 3]);
    const k = tfc.zeros([3, 3, 4, 8]);
    expect(() => conv2d(x, k)).toThrow(ShapeError);
    expect(() => conv2d(x, k)).toThrow(
      /conv2d: kernel of shape \[3,3,4,8\] expects 4 input channels.*\[1,5,5,3\] has 3/,
    );
    expect(() => conv2d(x, tfc.zeros([3, 3, 1, 8]), { groups: 2 })).toThrow(/1 \* 2 = 2/);
    expect(() => conv2d(x, tfc.zeros([3, 3, 1, 4]), { groups: 3 })).toThrow(/cannot be split into 3 groups/);
  });

  it('rejects bad ranks, paddings, strides, dtypes and windows that do not fit', () => {
    expect(() => conv2d(tfc.zeros([5, 5, 3]), tfc.zeros([3, 3, 3, 1]))).toThrow(/rank 4.*expandDims\(x, 0\)/);
    expect(() => conv2d(tfc.zeros([1, 5, 5, 3]), tfc.zeros([3, 3, 3]))).toThrow(ShapeError);
    expect(() => conv2d(tfc.zeros([1, 5, 5, 1]), k3, { padding: 'causal' as never })).toThrow(ValueError);
    expect(() => conv2d(tfc.zeros([1, 5, 5, 1]), k3, { strides: 0 })).toThrow(/strides must be an integer >= 1/);
    expect(() => conv2d(tfc.zeros([1, 5, 5, 1]), k3, { dataFormat: 'NHWC' as never })).toThrow(/unknown dataFormat/);
    expect(() => conv2d(tfc.zeros([1, 5, 5, 1], 'int32'), k3)).toThrow(DTypeError);
    expect(() => conv2d(tfc.zeros([1, 4, 4, 1]), k3, { dilationRate: 2 })).toThrow(
      /spans 5 along spatial axis 0.*'same'/,
    );
  });

  it('leaks nothing', async () => {
    const x = tfc.ones([1, 6, 6, 2]);
    const k = tfc.ones([3, 3, 1, 4]);
    const y = await expectNoLeaks(() => conv2d(x, k, { strides: 2, dilationRate: 2, padding: 'same', groups: 2 }));
    y.dispose();
    const g = await expectNoLeaks(() => grad((t: Tensor) => sum(conv2d(t, k, { dilationRate: 2, groups: 2 })))(x));
    g.dispose();
  });
});

describe('conv1d', () => {
  const x = tensor([1, 2, 3, 4, 5], [1, 5, 1]);

  it("'causal' pads only the start: y[t] = k0 * x[t - d] + k1 * x[t]", () => {
    const k = tensor([1, 10], [2, 1, 1]);
    expectClose(conv1d(x, k, { padding: 'causal' }), [10, 21, 32, 43, 54], [1, 5, 1]);
    expectClose(conv1d(x, k, { padding: 'causal', dilationRate: 2 }), [10, 20, 31, 42, 53], [1, 5, 1]);
  });

  it("'causal' output at t does not depend on inputs after t", () => {
    const k = tensor([0.5, -1, 2], [3, 1, 1]);
    const g = grad((t: Tensor) => sum(tfc.slice(conv1d(t, k, { padding: 'causal' }), [0, 2, 0], [1, 1, 1])))(x);
    expectClose(g, [0.5, -1, 2, 0, 0]);
  });

  it("'same' with strides 2 and 'valid'", () => {
    const k = tensor([1, 2, 3], [3, 1, 1]);
    expectClose(conv1d(x, k, { strides: 2, padding: 'same' }), [8, 20, 14], [1, 3, 1]);
    expectClose(conv1d(x, k), [14, 20, 26], [1, 3, 1]);
  });

  it('channelsFirst, and a ShapeError for mismatched channels', () => {
    const k = tensor([1, 2, 3], [3, 1, 1]);
    expectClose(
      conv1d(tensor([1, 2, 3, 4, 5], [1, 1, 5]), k, { dataFormat: 'channelsFirst' }),
      [14, 20, 26],
      [1, 1, 3],
    );
    expect(() => conv1d(tfc.zeros([1, 5, 2]), k)).toThrow(/conv1d: kernel of shape \[3,1,1\].*\[1,5,2\] has 2/);
  });
});

describe('conv3d', () => {
  const k = tensor([1, -1, 2, 0, 1, 3, -2, 1], [2, 2, 2, 1, 1]);

  it("'same' on a 2x3x3 volume", () => {
    const y = conv3d(seq(18, [1, 2, 3, 3, 1]), k, { padding: 'same' });
    expectClose(y, [38, 43, -3, 53, 58, 3, 66, 70, 27, 25, 27, 42, 31, 33, 51, -1, -1, 18], [1, 2, 3, 3, 1]);
  });

  it("dilation (1,2,2) 'valid', natively and on the differentiable path", () => {
    const x = seq(48, [1, 3, 4, 4, 1]);
    const expected = [67, 72, 87, 92, 147, 152, 167, 172];
    expectClose(conv3d(x, k, { dilationRate: [1, 2, 2] }), expected, [1, 2, 2, 2, 1]);
    const { value } = valueAndGrad((t: Tensor) => sum(conv3d(t, k, { dilationRate: [1, 2, 2] })))(x);
    expectClose(value, [expected.reduce((a, b) => a + b)], undefined, 1e-2);
  });

  it("strides 2 'same'", () => {
    const y = conv3d(seq(48, [1, 3, 4, 4, 1]), k, { strides: 2, padding: 'same' });
    expectClose(y, [60, 70, 100, 110, 73, 77, 89, 93], [1, 2, 2, 2, 1]);
  });

  it('rejects a kernel with the wrong in-channels', () => {
    expect(() => conv3d(tfc.zeros([1, 3, 3, 3, 2]), k)).toThrow(/conv3d: kernel of shape \[2,2,2,1,1\].*\[1,3,3,3,2\]/);
  });
});

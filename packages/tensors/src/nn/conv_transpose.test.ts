// Transposed convolutions: output shapes from Keras's deconv_output_length,
// values worked out by hand (each input value stamps a scaled copy of the
// kernel at stride steps; 'same' crops pad_before from the start), and the
// adjoint identity <convT(x, W), z> = <x, conv(z, W)> against conv2d/conv3d.
// Exact integer cases compared to 1e-4; random adjoint checks to 1e-3 relative.
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { grad, randomNormal, sum, tensor, transpose } from '../index.js';
import { expectNoLeaks } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { conv2d, conv3d } from './conv.js';
import { conv1dTranspose, conv2dTranspose, conv3dTranspose } from './conv_transpose.js';
import type { Padding } from './util.js';

function expectClose(t: Tensor, expected: number[], shape?: number[], tol = 1e-4): void {
  if (shape) expect(t.shape).toEqual(shape);
  const got = Array.from(t.dataSync());
  expect(got.length).toBe(expected.length);
  for (const [i, v] of got.entries()) {
    expect(Math.abs(v - expected[i]), `element ${i}: ${v} vs ${expected[i]}`).toBeLessThanOrEqual(tol);
  }
}

const dotAll = (a: Tensor, b: Tensor) => sum(tfc.mul(a, b)).dataSync()[0];

describe('conv1dTranspose', () => {
  const x = tensor([1, 2], [1, 2, 1]);
  const k = tensor([1, 10, 100], [3, 1, 1]);

  it("'valid' stride 2: length in * s + max(k - s, 0) = 5, copies of the kernel at 0 and 2", () => {
    expectClose(conv1dTranspose(x, k, { strides: 2 }), [1, 10, 102, 20, 200], [1, 5, 1]);
  });

  it("'same' stride 2: length in * s = 4, cropped from pad_before = 0", () => {
    expectClose(conv1dTranspose(x, k, { strides: 2, padding: 'same' }), [1, 10, 102, 20], [1, 4, 1]);
  });

  it('outputPadding adds length at the end', () => {
    // (in - 1) * s + k + outputPadding = 2 + 3 + 1 = 6
    expectClose(conv1dTranspose(x, k, { strides: 2, outputPadding: 1 }), [1, 10, 102, 20, 200, 0], [1, 6, 1]);
  });

  it('dilation 2 spreads the kernel [1, 10] to [1, 0, 10]', () => {
    expectClose(conv1dTranspose(x, tensor([1, 10], [2, 1, 1]), { dilationRate: 2 }), [1, 2, 10, 20], [1, 4, 1]);
  });
});

describe('conv2dTranspose', () => {
  const x = tensor([1, 2, 3, 4], [1, 2, 2, 1]);

  it('stride 2, 2x2 identity kernel: each input becomes a diagonal 2x2 block', () => {
    const k = tensor([1, 0, 0, 1], [2, 2, 1, 1]);
    expectClose(conv2dTranspose(x, k, { strides: 2 }), [1, 0, 2, 0, 0, 1, 0, 2, 3, 0, 4, 0, 0, 3, 0, 4], [1, 4, 4, 1]);
  });

  it('stride 1, 2x2 ones kernel: overlapping stamps add up', () => {
    expectClose(conv2dTranspose(x, tfc.ones([2, 2, 1, 1])), [1, 3, 2, 4, 10, 6, 3, 7, 4], [1, 3, 3, 1]);
  });

  it("output shapes follow Keras's deconv_output_length", () => {
    const xi = tfc.zeros([1, 4, 4, 3]);
    const ki = tfc.zeros([3, 3, 8, 3]);
    expect(conv2dTranspose(xi, ki, { strides: 2 }).shape).toEqual([1, 9, 9, 8]);
    expect(conv2dTranspose(xi, ki, { strides: 2, padding: 'same' }).shape).toEqual([1, 8, 8, 8]);
    expect(conv2dTranspose(xi, ki, { strides: 2, outputPadding: 1 }).shape).toEqual([1, 10, 10, 8]);
    expect(conv2dTranspose(xi, ki, { strides: [2, 1], padding: 'same', outputPadding: [1, 0] }).shape).toEqual([
      1, 8, 4, 8,
    ]);
    expect(conv2dTranspose(xi, ki, { dilationRate: 2 }).shape).toEqual([1, 8, 8, 8]);
    expect(conv2dTranspose(tfc.zeros([1, 3, 3, 4]), ki, { dataFormat: 'channelsFirst', strides: 2 }).shape).toEqual([
      1, 8, 7, 9,
    ]);
  });

  const cases: Array<{
    padding: Padding;
    strides: number | number[];
    outputPadding?: number | number[];
    dilationRate?: number;
    kernel?: [number, number];
  }> = [
    { padding: 'valid', strides: 1 },
    { padding: 'valid', strides: 2 },
    { padding: 'same', strides: 2 },
    { padding: 'same', strides: 2, outputPadding: 1 },
    { padding: 'valid', strides: 3, outputPadding: 2 },
    { padding: 'same', strides: 1, dilationRate: 2 },
    { padding: 'same', strides: [2, 3], kernel: [3, 1] },
    { padding: 'same', strides: [3, 2], outputPadding: [1, 0], kernel: [1, 3] },
    { padding: 'valid', strides: [1, 3], kernel: [2, 4] },
  ];
  for (const c of cases) {
    it(`is the adjoint of conv2d: ${JSON.stringify(c)}`, () => {
      const [kh, kw] = c.kernel ?? [3, 3];
      const xi = randomNormal([2, 3, 4, 3], 0, 1, 'float32', 1);
      const ki = randomNormal([kh, kw, 2, 3], 0, 1, 'float32', 2);
      const y = conv2dTranspose(xi, ki, c);
      const z = randomNormal(y.shape, 0, 1, 'float32', 3);
      const back = conv2d(z, ki, { strides: c.strides, padding: c.padding, dilationRate: c.dilationRate });
      expect(back.shape).toEqual(xi.shape);
      const lhs = dotAll(y, z);
      expect(Math.abs(lhs - dotAll(xi, back))).toBeLessThanOrEqual(1e-3 * Math.max(1, Math.abs(lhs)));
    });
  }

  it('rejects mismatched channels, outputPadding >= strides and inconsistent lengths', () => {
    const ki = tfc.zeros([3, 3, 8, 3]);
    expect(() => conv2dTranspose(tfc.zeros([1, 4, 4, 2]), ki)).toThrow(ShapeError);
    expect(() => conv2dTranspose(tfc.zeros([1, 4, 4, 2]), ki)).toThrow(
      /conv2dTranspose: kernel of shape \[3,3,8,3\] expects 3 input channels.*\[1,4,4,2\] has 2/,
    );
    expect(() => conv2dTranspose(tfc.zeros([1, 4, 4, 3]), ki, { strides: 2, outputPadding: 2 })).toThrow(ValueError);
    expect(() => conv2dTranspose(tfc.zeros([1, 4, 4, 3]), ki, { outputPadding: 1 })).toThrow(/smaller than strides/);
    // Even kernel, 'same', outputPadding 0: length (3 - 1) * 2 + 2 - 2 = 4, but conv of 4 gives 2, not 3.
    expect(() =>
      conv2dTranspose(tfc.zeros([1, 3, 3, 1]), tfc.zeros([2, 2, 1, 1]), {
        strides: 2,
        padding: 'same',
        outputPadding: 0,
      }),
    ).toThrow(/not consistent/);
  });

  it('channelsFirst equals channelsLast transposed', () => {
    const xi = randomNormal([1, 3, 3, 2], 0, 1, 'float32', 4);
    const ki = randomNormal([3, 3, 4, 2], 0, 1, 'float32', 5);
    const last = conv2dTranspose(xi, ki, { strides: 2, padding: 'same' });
    const first = conv2dTranspose(transpose(xi, [0, 3, 1, 2]), ki, {
      strides: 2,
      padding: 'same',
      dataFormat: 'channelsFirst',
    });
    expectClose(transpose(first, [0, 2, 3, 1]), Array.from(last.dataSync()), last.shape, 1e-5);
  });

  it('leaks nothing', async () => {
    const xi = tfc.ones([1, 3, 3, 2]);
    const ki = tfc.ones([3, 3, 4, 2]);
    const y = await expectNoLeaks(() => conv2dTranspose(xi, ki, { strides: 2, dilationRate: 2 }));
    y.dispose();
  });
});

describe('conv3dTranspose', () => {
  it('shape and the adjoint of conv3d', () => {
    const x = randomNormal([1, 2, 3, 2, 2], 0, 1, 'float32', 6);
    const k = randomNormal([2, 3, 2, 3, 2], 0, 1, 'float32', 7);
    for (const padding of ['valid', 'same'] as const) {
      const y = conv3dTranspose(x, k, { strides: 2, padding });
      expect(y.shape).toEqual(padding === 'same' ? [1, 4, 6, 4, 3] : [1, 4, 7, 4, 3]);
      const z = randomNormal(y.shape, 0, 1, 'float32', 8);
      const lhs = dotAll(y, z);
      expect(Math.abs(lhs - dotAll(x, conv3d(z, k, { strides: 2, padding })))).toBeLessThanOrEqual(
        1e-3 * Math.max(1, Math.abs(lhs)),
      );
    }
  });

  it('a single input value stamps the kernel', () => {
    const k = tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2, 1, 1]);
    expectClose(conv3dTranspose(tensor([2], [1, 1, 1, 1, 1]), k), [2, 4, 6, 8, 10, 12, 14, 16], [1, 2, 2, 2, 1]);
  });

  it('leaks nothing, also through its gradient', async () => {
    const xi = tfc.ones([1, 2, 2, 2, 1]);
    const ki = tfc.ones([2, 2, 2, 2, 1]);
    const y = await expectNoLeaks(() => conv3dTranspose(xi, ki, { strides: 2 }));
    y.dispose();
    const g = await expectNoLeaks(() => grad((t: Tensor) => sum(conv3dTranspose(t, ki, { strides: 2 })))(xi));
    g.dispose();
  });
});

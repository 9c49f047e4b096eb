// Convolution gradients: dilated Conv2D, DepthwiseConv2dNative and Conv3D
// (tfjs's gradients asserted dilation 1), and Conv3DBackpropInputV2, the
// kernel of conv3dTranspose (no gradient in tfjs). One hand-derived case
// (integers, exact, compared to 1e-4); the rest against finite differences
// through checkGradients (eps 1e-2, rtol 1e-2, atol 2e-3).
import { describe, it } from 'vitest';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';

type T4 = Parameters<typeof tfc.conv2d>[1];
type T5 = Parameters<typeof tfc.conv3d>[1];

const u = (shape: number[], seed: number) => tfc.randomUniform(shape, -1, 1, 'float32', seed);

describe('Conv2D with dilations', () => {
  it('a [1, 10] kernel dilated by 2 over [1..5]: y_j = x_j + 10 x_(j+2)', () => {
    const x = tfc.reshape(tfc.range(1, 6), [1, 1, 5, 1]);
    const k = tfc.reshape(tfc.tensor([1, 10]), [1, 2, 1, 1]);
    const [dx, dk] = tfc.grads((a: Tensor, b: Tensor) =>
      tfc.sum(tfc.conv2d(a as T4, b as T4, 1, 'valid', 'NHWC', [1, 2])),
    )([x, k]);
    expectClose(dx, [1, 1, 11, 10, 10], 1e-4);
    expectClose(dk, [1 + 2 + 3, 3 + 4 + 5], 1e-4);
  });

  it("'same' and 'valid', uneven rates, several channels, NHWC and NCHW", () => {
    const f =
      (pad: 'same' | 'valid', rates: [number, number], format: 'NHWC' | 'NCHW' = 'NHWC') =>
      (x: Tensor, k: Tensor) =>
        tfc.conv2d(x as T4, k as T4, 1, pad, format, rates);
    checkGradients(f('same', [2, 2]), [u([1, 5, 5, 2], 1), u([2, 2, 2, 3], 2)]);
    checkGradients(f('valid', [1, 3]), [u([2, 4, 7, 2], 3), u([2, 2, 2, 2], 4)]);
    checkGradients(f('same', [3, 2]), [u([1, 6, 5, 1], 5), u([2, 3, 1, 2], 6)]);
    checkGradients(f('same', [2, 2], 'NCHW'), [u([1, 2, 5, 5], 7), u([2, 2, 2, 3], 8)]);
  });

  it('explicit padding', () => {
    const pad: [[number, number], [number, number], [number, number], [number, number]] = [
      [0, 0],
      [1, 2],
      [0, 1],
      [0, 0],
    ];
    checkGradients(
      (x, k) => tfc.conv2d(x as T4, k as T4, 1, pad, 'NHWC', 2),
      [u([1, 4, 5, 2], 9), u([2, 2, 2, 2], 10)],
    );
  });
});

describe('DepthwiseConv2dNative with dilations', () => {
  it("multiplier 1 and 2, 'same' and 'valid', uneven rates", () => {
    const f = (pad: 'same' | 'valid', rates: [number, number]) => (x: Tensor, k: Tensor) =>
      tfc.depthwiseConv2d(x as T4, k as T4, 1, pad, 'NHWC', rates);
    checkGradients(f('same', [2, 2]), [u([1, 5, 5, 2], 11), u([2, 2, 2, 2], 12)]);
    checkGradients(f('valid', [2, 1]), [u([2, 5, 4, 3], 13), u([2, 3, 3, 1], 14)]);
  });
});

describe('Conv3D with dilations', () => {
  it("'valid' and 'same', uneven rates", () => {
    const f = (pad: 'same' | 'valid', rates: [number, number, number]) => (x: Tensor, k: Tensor) =>
      tfc.conv3d(x as T5, k as T5, 1, pad, 'NDHWC', rates);
    checkGradients(f('valid', [2, 1, 2]), [u([1, 3, 3, 4, 2], 15), u([2, 2, 2, 2, 2], 16)]);
    checkGradients(f('same', [1, 2, 2]), [u([1, 2, 4, 4, 1], 17), u([2, 2, 2, 1, 2], 18)]);
  });
});

describe('Conv3DBackpropInputV2 (conv3dTranspose)', () => {
  it("'valid' with strides 2 and 'same' with strides 1, w.r.t. the input and the filter", () => {
    checkGradients(
      (x, k) => tfc.conv3dTranspose(x as T5, k as T5, [1, 4, 5, 4, 2], 2, 'valid'),
      [u([1, 2, 2, 2, 3], 19), u([2, 3, 2, 2, 3], 20)],
    );
    checkGradients(
      (x, k) => tfc.conv3dTranspose(x as T5, k as T5, [1, 2, 3, 2, 2], 1, 'same'),
      [u([1, 2, 3, 2, 1], 21), u([2, 2, 2, 2, 1], 22)],
    );
  });

  it('d filter equals conv3d filter gradient of the transposed problem (hand case, all ones)', () => {
    // One input voxel, a 2x2x2 filter, stride 1: the output is the filter itself times x.
    const x = tfc.fill([1, 1, 1, 1, 1], 3);
    const k = tfc.reshape(tfc.range(1, 9), [2, 2, 2, 1, 1]);
    const [dx, dk] = tfc.grads((a: Tensor, b: Tensor) =>
      tfc.sum(tfc.conv3dTranspose(a as T5, b as T5, [1, 2, 2, 2, 1], 1, 'valid')),
    )([x, k]);
    expectClose(dx, [36], 1e-4); // sum of the filter
    expectClose(dk, [3, 3, 3, 3, 3, 3, 3, 3], 1e-4);
  });
});

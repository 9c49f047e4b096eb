import { avgPoolGrad } from '@layerwise/backend-shared';
import {
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geom2d } from './conv_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The avgPool gradient (NHWC), replacing tfjs-backend-wasm's, which divides by
 * the full window even where it overlaps 'same' padding, while the forward
 * pass divides by the number of real cells. A heap loop that divides as the
 * forward pass does.
 */
export const avgPoolGradConfig: KernelConfig = {
  kernelName: AvgPoolGrad,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad } = attrs as unknown as AvgPoolGradAttrs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
    );
    const dx = zeros(backend, input.shape);
    avgPoolGrad(geom2d(info), f32(backend, dy), f32(backend, dx));
    return dx;
  }) as KernelFunc,
};

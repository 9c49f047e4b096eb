import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPoolGrad,
  type MaxPoolGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geom2d } from './conv_util.js';
import { maxPoolArgmax } from './pool_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The maxPool gradient, replacing tfjs-backend-wasm's, which returns wrong
 * values when pooling windows overlap (stride < filter size, 'same' padding).
 * Routes each `dy` to its window's maximum in `input`.
 */
export const maxPoolGradConfig: KernelConfig = {
  kernelName: MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as MaxPoolGradAttrs;
    const info = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const dx = zeros(backend, input.shape);
    const arg = maxPoolArgmax(geom2d(info), f32(backend, input), false);
    const dxv = f32(backend, dx);
    const dyv = f32(backend, dy);
    for (let o = 0; o < arg.length; o++) if (arg[o] >= 0) dxv[arg[o]] += dyv[o];
    return dx;
  }) as KernelFunc,
};

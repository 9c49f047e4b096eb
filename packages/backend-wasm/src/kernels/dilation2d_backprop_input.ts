import {
  backend_util,
  type Dilation2DAttrs,
  Dilation2DBackpropInput,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { dilationArgmax } from './dilation2d_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The dilation2d gradient with respect to the input: each `dy` goes to the input pixel that won its window.
 * Replaces tfjs-backend-wasm's, which returns wrong values for batch > 1 at stride 1.
 */
export const dilation2DBackpropInputConfig: KernelConfig = {
  kernelName: Dilation2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter, dy } = inputs as { x: TensorInfo; filter: TensorInfo; dy: TensorInfo };
    const { strides, pad, dilations } = attrs as unknown as Dilation2DAttrs;
    const info = backend_util.computeDilation2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number],
      strides,
      pad,
      'NHWC',
      dilations,
    );
    const grad = zeros(backend, [...x.shape]);
    const { pixel } = dilationArgmax(info, f32(backend, x), f32(backend, filter));
    const gv = f32(backend, grad);
    const dyv = f32(backend, dy);
    for (let o = 0; o < pixel.length; o++) gv[pixel[o]] += dyv[o];
    return grad;
  }) as KernelFunc,
};

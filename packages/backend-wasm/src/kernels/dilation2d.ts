import {
  backend_util,
  Dilation2D,
  type Dilation2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { dilationArgmax } from './dilation2d_util.js';
import { asWasm } from './util.js';

/**
 * Grayscale dilation (NHWC), replacing tfjs-backend-wasm's forward kernel,
 * which returns wrong values at stride 1: the window maximum of `x + filter`.
 */
export const dilation2DConfig: KernelConfig = {
  kernelName: Dilation2D,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dilations } = attrs as unknown as Dilation2DAttrs;
    const info = backend_util.computeDilation2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number],
      strides,
      pad,
      'NHWC',
      dilations,
    );
    const out = backend.makeOutput(info.outShape, x.dtype);
    const { value } = dilationArgmax(info, backend.typedArrayFromHeap(x), backend.typedArrayFromHeap(filter));
    backend.typedArrayFromHeap(out).set(value);
    return out;
  }) as KernelFunc,
};

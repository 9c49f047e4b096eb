import {
  backend_util,
  Conv3DBackpropFilterV2,
  type Conv3DBackpropFilterV2Attrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convBackpropFilter, geom3d } from './conv_util.js';
import { asWasm } from './util.js';

/**
 * The conv3d filter gradient, replacing tfjs-backend-wasm's, which returns
 * wrong values for strides > 1. im2col of `x` plus one XNNPACK matmul per chunk.
 */
export const conv3DBackpropFilterV2Config: KernelConfig = {
  kernelName: Conv3DBackpropFilterV2,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, filterShape } = attrs as unknown as Conv3DBackpropFilterV2Attrs;
    const dilations = (attrs as { dilations?: number | [number, number, number] }).dilations ?? 1;
    const info = backend_util.computeConv3DInfo(
      x.shape as [number, number, number, number, number],
      filterShape,
      strides,
      dilations,
      pad,
    );
    const out = convBackpropFilter(backend, x, dy, geom3d(info));
    out.shape = [...filterShape];
    return out;
  }) as KernelFunc,
};

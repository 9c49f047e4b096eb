import {
  backend_util,
  Conv3DBackpropInputV2,
  type Conv3DBackpropInputV2Attrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convBackpropInput, geom3d } from './conv_util.js';
import { asWasm } from './util.js';

/**
 * The conv3d input gradient (and conv3dTranspose's forward pass), replacing
 * tfjs-backend-wasm's, which returns wrong values. One XNNPACK matmul
 * `dy @ W^T` per chunk plus a col2im scatter.
 */
export const conv3DBackpropInputV2Config: KernelConfig = {
  kernelName: Conv3DBackpropInputV2,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, inputShape } = attrs as unknown as Conv3DBackpropInputV2Attrs;
    const dilations = (attrs as { dilations?: number | [number, number, number] }).dilations ?? 1;
    const info = backend_util.computeConv3DInfo(
      inputShape,
      filter.shape as [number, number, number, number, number],
      strides,
      dilations,
      pad,
    );
    return convBackpropInput(backend, dy, filter, geom3d(info), [...inputShape]);
  }) as KernelFunc,
};

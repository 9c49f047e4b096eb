import {
  backend_util,
  Conv3D,
  type Conv3DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convForward, geom3d } from './conv_util.js';
import { asWasm } from './util.js';

/**
 * conv3d (NDHWC), replacing tfjs-backend-wasm's direct loop, which runs
 * ~10x slower than im2col plus one XNNPACK matmul per chunk, which this is.
 */
export const conv3DConfig: KernelConfig = {
  kernelName: Conv3D,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dilations } = attrs as unknown as Conv3DAttrs;
    if (dataFormat !== undefined && dataFormat !== 'NDHWC') {
      throw new Error(`conv3d on wasm supports dataFormat 'NDHWC' only, got '${dataFormat}'`);
    }
    const info = backend_util.computeConv3DInfo(
      x.shape as [number, number, number, number, number],
      filter.shape as [number, number, number, number, number],
      strides,
      dilations ?? 1,
      pad,
    );
    const out = convForward(backend, x, filter, geom3d(info));
    out.shape = [...info.outShape];
    return out;
  }) as KernelFunc,
};

import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  MaxPool3D,
  type MaxPool3DAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geom3d } from './conv_util.js';
import { maxPoolArgmax } from './pool_util.js';
import { asWasm, f32 } from './util.js';

/**
 * maxPool3d (NDHWC), replacing tfjs-backend-wasm's, which returns wrong values
 * when pooling windows overlap. A window entirely in the padding gives -Infinity,
 * as in tfjs's cpu kernel.
 */
export const maxPool3DConfig: KernelConfig = {
  kernelName: MaxPool3D,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode, dataFormat } = attrs as unknown as MaxPool3DAttrs;
    if (dataFormat !== undefined && dataFormat !== 'NDHWC') {
      throw new Error(`maxPool3d on wasm supports dataFormat 'NDHWC' only, got '${dataFormat}'`);
    }
    const info = backend_util.computePool3DInfo(
      x.shape as [number, number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const out = backend.makeOutput(info.outShape, 'float32');
    const arg = maxPoolArgmax(geom3d(info), f32(backend, x), true);
    const xv = f32(backend, x);
    const ov = f32(backend, out);
    for (let o = 0; o < arg.length; o++) ov[o] = arg[o] >= 0 ? xv[arg[o]] : Number.NEGATIVE_INFINITY;
    return out;
  }) as KernelFunc,
};

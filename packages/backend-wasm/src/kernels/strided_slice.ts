import { stridedSliceShape } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  StridedSlice,
  type StridedSliceAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, runWasm } from './util.js';

/**
 * stridedSlice that returns an empty tensor when a range is empty (begin past
 * end for its stride), as NumPy and TensorFlow do; tfjs-backend-wasm's kernel
 * throws "Negative size values should be exactly -1" there. Every non-empty
 * slice runs the original.
 */
export const stridedSliceConfig: KernelConfig = {
  kernelName: StridedSlice,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const { shape: finalShape, empty } = stridedSliceShape(x.shape, attrs as unknown as StridedSliceAttrs);
    if (empty) return backend.makeOutput(finalShape, x.dtype);
    return runWasm(StridedSlice, backend, inputs, attrs);
  }) as KernelFunc,
};

import { stridedSliceShape } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  StridedSlice,
  type StridedSliceAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpu, runCpu } from './util.js';

/**
 * stridedSlice that returns an empty tensor when a range is empty (begin past
 * end for its stride), as NumPy and TensorFlow do; tfjs-backend-cpu's kernel
 * throws "Negative size values should be exactly -1" there. Every non-empty
 * slice runs the original.
 */
export const stridedSliceConfig: KernelConfig = {
  kernelName: StridedSlice,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { x } = inputs as { x: TensorInfo };
    const { shape: finalShape, empty } = stridedSliceShape(x.shape, attrs as unknown as StridedSliceAttrs);
    if (empty) {
      const empty = x.dtype === 'string' ? [] : util.getTypedArrayFromDType(x.dtype as 'float32', 0);
      return backend.makeTensorInfo(finalShape, x.dtype, empty as never);
    }
    return runCpu(StridedSlice, backend, inputs, attrs);
  }) as KernelFunc,
};

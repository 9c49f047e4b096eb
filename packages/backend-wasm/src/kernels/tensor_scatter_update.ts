import { checkIndexTuples } from '@layerwise/backend-shared';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  TensorScatterUpdate,
} from '@tensorflow/tfjs-core';
import { asWasm, i32, runWasm } from './util.js';

/**
 * tensorScatterUpdate with every index tuple range-checked per dimension.
 * tfjs-backend-wasm's kernel silently drops out-of-range updates. The update
 * itself is the original kernel (which, unlike tfjs-backend-cpu's, writes a
 * new buffer).
 */
export const tensorScatterUpdateConfig: KernelConfig = {
  kernelName: TensorScatterUpdate,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { tensor, indices, updates } = inputs as { tensor: TensorInfo; indices: TensorInfo; updates: TensorInfo };
    const { sliceRank } = backend_util.calculateShapes(updates, indices, tensor.shape);
    checkIndexTuples(i32(backend, indices), sliceRank, tensor.shape);
    return runWasm(TensorScatterUpdate, backend, inputs, attrs);
  }) as KernelFunc,
};

import { checkIndexTuples } from '@layerwise/backend-shared';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  TensorScatterUpdate,
} from '@tensorflow/tfjs-core';
import { asCpu, runCpu, values } from './util.js';

/**
 * tensorScatterUpdate into a new buffer. tfjs-backend-cpu's kernel writes the
 * updates into the input's own values array, so the input (and every tensor
 * sharing its buffer, such as a reshape or clone of it) changes too. Index
 * tuples are range-checked per dimension.
 */
export const tensorScatterUpdateConfig: KernelConfig = {
  kernelName: TensorScatterUpdate,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { tensor, indices, updates } = inputs as { tensor: TensorInfo; indices: TensorInfo; updates: TensorInfo };
    if (tensor.dtype === 'complex64') return runCpu(TensorScatterUpdate, backend, inputs, attrs);
    const { sliceRank, numUpdates, sliceSize, strides } = backend_util.calculateShapes(updates, indices, tensor.shape);
    const iv = values(backend, indices) as ArrayLike<number>;
    checkIndexTuples(iv, sliceRank, tensor.shape);
    const uv = values(backend, updates);
    const out = values(backend, tensor).slice();
    const scalar = updates.shape.length === 0;
    for (let i = 0; i < numUpdates; i++) {
      let at = 0;
      for (let j = 0; j < sliceRank; j++) at += iv[i * sliceRank + j] * strides[j];
      at *= sliceSize;
      for (let k = 0; k < sliceSize; k++) out[at + k] = uv[scalar ? 0 : i * sliceSize + k];
    }
    return backend.makeTensorInfo(tensor.shape, tensor.dtype, out);
  }) as KernelFunc,
};

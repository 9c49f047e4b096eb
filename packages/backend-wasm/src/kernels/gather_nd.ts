import { checkIndexTuples } from '@layerwise/backend-shared';
import { backend_util, GatherNd, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, i32, runWasm } from './util.js';

/**
 * gatherND with every index tuple range-checked per dimension. tfjs-backend-wasm's
 * kernel checks nothing: an out-of-range tuple reads zeros or whatever lies
 * past the tensor on the heap. The gather itself is the original kernel.
 */
export const gatherNdConfig: KernelConfig = {
  kernelName: GatherNd,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { params, indices } = inputs as { params: TensorInfo; indices: TensorInfo };
    backend_util.prepareAndValidate(params, indices); // shape errors first, as the original reports them
    checkIndexTuples(i32(backend, indices), indices.shape[indices.shape.length - 1], params.shape);
    return runWasm(GatherNd, backend, { params, indices });
  }) as KernelFunc,
};

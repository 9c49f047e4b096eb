import { checkIndexTuples } from '@layerwise/backend-shared';
import { backend_util, GatherNd, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asCpu, runCpu, values } from './util.js';

/**
 * gatherND with every index tuple range-checked per dimension, as TensorFlow
 * does; tfjs-backend-cpu's kernel checks only the flattened offset, so an
 * entry past the end of its dimension silently reads a neighbouring row.
 * The gather itself is the original kernel.
 */
export const gatherNdConfig: KernelConfig = {
  kernelName: GatherNd,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asCpu(b);
    const { params, indices } = inputs as { params: TensorInfo; indices: TensorInfo };
    backend_util.prepareAndValidate(params, indices); // shape errors first, as the original reports them
    const k = indices.shape[indices.shape.length - 1];
    checkIndexTuples(values(backend, indices) as Int32Array, k, params.shape);
    return runCpu(GatherNd, backend, { params, indices });
  }) as KernelFunc,
};

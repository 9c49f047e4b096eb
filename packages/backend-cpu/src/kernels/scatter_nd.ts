import { checkIndexTuples } from '@layerwise/backend-shared';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  ScatterNd,
  type ScatterNdAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asCpu, runCpu, values } from './util.js';

/**
 * scatterND with every index tuple range-checked per dimension, as TensorFlow
 * does; tfjs-backend-cpu's kernel checks only the flattened offset, so an
 * entry past the end of its dimension silently writes a neighbouring row.
 * The scatter itself is the original kernel.
 */
export const scatterNdConfig: KernelConfig = {
  kernelName: ScatterNd,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { indices, updates } = inputs as { indices: TensorInfo; updates: TensorInfo };
    const { shape } = attrs as unknown as ScatterNdAttrs;
    const { sliceRank } = backend_util.calculateShapes(updates, indices, shape);
    checkIndexTuples(values(backend, indices) as Int32Array, sliceRank, shape);
    return runCpu(ScatterNd, backend, inputs, attrs);
  }) as KernelFunc,
};

import { checkIndexTuples } from '@layerwise/backend-shared';
import {
  backend_util,
  type KernelConfig,
  type KernelFunc,
  ScatterNd,
  type ScatterNdAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, i32, runWasm } from './util.js';

/**
 * scatterND with every index tuple range-checked per dimension. tfjs-backend-wasm's
 * kernel silently drops out-of-range updates. The scatter itself is the
 * original kernel.
 */
export const scatterNdConfig: KernelConfig = {
  kernelName: ScatterNd,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { indices, updates } = inputs as { indices: TensorInfo; updates: TensorInfo };
    const { shape } = attrs as unknown as ScatterNdAttrs;
    const { sliceRank } = backend_util.calculateShapes(updates, indices, shape);
    checkIndexTuples(i32(backend, indices), sliceRank, shape);
    return runWasm(ScatterNd, backend, inputs, attrs);
  }) as KernelFunc,
};

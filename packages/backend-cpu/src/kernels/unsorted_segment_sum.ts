import { segmentSumInto } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  util,
} from '@tensorflow/tfjs-core';
import { asCpu, runCpu, values } from './util.js';

/**
 * `out[segmentIds[i], ...] += x[i, ...]` over the leading dimensions that
 * `segmentIds` covers; the gradient of gather. tfjs-backend-cpu's kernel sums
 * over axis 0 only, so it returns the wrong shape and values for segment ids
 * of rank > 1; it also makes one pass over `x` per segment. This is one pass.
 * Ids outside `[0, numSegments)` are dropped, as in tfjs. float32 and int32
 * (other dtypes run the original).
 */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    if (x.dtype !== 'float32' && x.dtype !== 'int32') return runCpu(UnsortedSegmentSum, backend, inputs, attrs);
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const idRank = segmentIds.shape.length;
    const inner = util.sizeFromShape(x.shape.slice(idRank));
    const out = x.dtype === 'int32' ? new Int32Array(numSegments * inner) : new Float32Array(numSegments * inner);
    const xv = values(backend, x) as Float32Array | Int32Array;
    const ids = values(backend, segmentIds) as Int32Array;
    segmentSumInto(out, xv, ids, numSegments, inner);
    return backend.makeTensorInfo([numSegments, ...x.shape.slice(idRank)], x.dtype, out);
  }) as KernelFunc,
};

import { segmentSumInto } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  UnsortedSegmentSum,
  type UnsortedSegmentSumAttrs,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm } from './util.js';

/**
 * `out[segmentIds[i], ...] += x[i, ...]` over the leading dimensions that
 * `segmentIds` covers; the gradient of gather. One pass over `x` (tfjs's cpu
 * kernel makes one pass per segment). Ids outside `[0, numSegments)` are
 * dropped, as in tfjs. float32 and int32.
 */
export const unsortedSegmentSumConfig: KernelConfig = {
  kernelName: UnsortedSegmentSum,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, segmentIds } = inputs as { x: TensorInfo; segmentIds: TensorInfo };
    const { numSegments } = attrs as unknown as UnsortedSegmentSumAttrs;
    const idRank = segmentIds.shape.length;
    const inner = util.sizeFromShape(x.shape.slice(idRank));
    const outShape = [numSegments, ...x.shape.slice(idRank)];
    const out = backend.makeOutput(outShape, x.dtype);
    // Views only after the allocation above (it may grow the heap).
    const ov = backend.typedArrayFromHeap(out);
    ov.fill(0);
    const xv = backend.typedArrayFromHeap(x);
    const ids = backend.typedArrayFromHeap(segmentIds);
    segmentSumInto(ov, xv, ids, numSegments, inner);
    return out;
  }) as KernelFunc,
};

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
    for (let i = 0; i < ids.length; i++) {
      const s = ids[i];
      if (s < 0 || s >= numSegments) continue;
      const src = i * inner;
      const dst = s * inner;
      for (let j = 0; j < inner; j++) ov[dst + j] += xv[src + j];
    }
    return out;
  }) as KernelFunc,
};

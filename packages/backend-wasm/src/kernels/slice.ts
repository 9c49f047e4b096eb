import {
  type KernelConfig,
  type KernelFunc,
  Slice,
  type SliceAttrs,
  slice_util,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asComplex, floatPairs } from './complex_util.js';
import { asWasm, runWasm } from './util.js';

/**
 * slice, fixing two things in tfjs-backend-wasm's kernel:
 *
 * - complex64: it copies 4 bytes per element, so a slice of `re, im` pairs
 *   returned wrong values; a complex64 tensor is sliced as float32 with a
 *   trailing pair axis.
 * - speed: it reads the whole input back (a copy) before slicing, so taking
 *   a batch of rows cost as much as copying the whole array; a contiguous
 *   slice (rows of a batch) is now one copy of just the slice, from the heap.
 *
 * Other slices run the original.
 */
export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const { begin, size } = attrs as unknown as SliceAttrs;
    const [begin_, size_] = slice_util.parseSliceParams(x as never, begin, size);
    if (x.dtype !== 'complex64') {
      if (x.dtype === 'string' || !slice_util.isSliceContinous(x.shape, begin_, size_)) {
        return runWasm(Slice, backend, inputs, attrs);
      }
      const out = backend.makeOutput(size_, x.dtype);
      // Views only after the allocation above (it may grow the heap).
      const offset = slice_util.computeFlatOffset(begin_, util.computeStrides(x.shape));
      const n = util.sizeFromShape(size_);
      backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(offset, offset + n));
      return out;
    }
    const out = runWasm(Slice, backend, { x: floatPairs(x) }, { begin: [...begin_, 0], size: [...size_, 2] });
    return asComplex(backend, out, size_);
  }) as KernelFunc,
};

import {
  type KernelConfig,
  type KernelFunc,
  Slice,
  type SliceAttrs,
  slice_util,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asComplex, floatPairs } from './complex_util.js';
import { asWasm, runWasm } from './util.js';

/**
 * slice with complex64 support: tfjs-backend-wasm's kernel copies 4 bytes per
 * element, so a complex64 slice (8-byte `re, im` pairs) returns wrong values.
 * A complex64 tensor is sliced as float32 with a trailing pair axis; other
 * dtypes run the original.
 */
export const sliceConfig: KernelConfig = {
  kernelName: Slice,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype !== 'complex64') return runWasm(Slice, backend, inputs, attrs);
    const { begin, size } = attrs as unknown as SliceAttrs;
    const [begin_, size_] = slice_util.parseSliceParams(x as never, begin, size);
    const out = runWasm(Slice, backend, { x: floatPairs(x) }, { begin: [...begin_, 0], size: [...size_, 2] });
    return asComplex(backend, out, size_);
  }) as KernelFunc,
};

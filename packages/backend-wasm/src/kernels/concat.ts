import {
  Concat,
  type ConcatAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asComplex, floatPairs } from './complex_util.js';
import { asWasm, runWasm } from './util.js';

/**
 * concat with complex64 support: tfjs-backend-wasm's kernel copies 4 bytes
 * per element, so complex64 (8-byte `re, im` pairs) comes out wrong. complex64
 * tensors are concatenated as float32 with a trailing pair axis; other dtypes
 * run the original.
 */
export const concatConfig: KernelConfig = {
  kernelName: Concat,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const xs = inputs as unknown as TensorInfo[];
    if (xs.length === 0 || xs[0].dtype !== 'complex64') return runWasm(Concat, backend, inputs, attrs);
    const axis = util.parseAxisParam((attrs as unknown as ConcatAttrs).axis, xs[0].shape)[0];
    const out = runWasm(Concat, backend, xs.map(floatPairs) as never, { axis });
    return asComplex(backend, out, out.shape.slice(0, -1));
  }) as KernelFunc,
};

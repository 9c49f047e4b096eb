import {
  type KernelConfig,
  type KernelFunc,
  OneHot,
  type OneHotAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm, runWasm } from './util.js';

/**
 * oneHot honouring its `dtype`. tfjs-backend-wasm's kernel always writes
 * int32 values, so a float32 (or bool) result holds garbage; int32 runs the
 * original. Indices outside `[0, depth)` give a row of `offValue`, as in tfjs.
 */
export const oneHotConfig: KernelConfig = {
  kernelName: OneHot,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { indices } = inputs as { indices: TensorInfo };
    const { dtype, depth, onValue, offValue } = attrs as unknown as OneHotAttrs;
    if (dtype === 'int32') return runWasm(OneHot, backend, { indices }, attrs);
    const out = backend.makeOutput([...indices.shape, depth], dtype);
    // Views only after the allocation above (it may grow the heap).
    const ov = backend.typedArrayFromHeap(out);
    ov.fill(offValue);
    const iv = backend.typedArrayFromHeap(indices);
    const n = util.sizeFromShape(indices.shape);
    for (let i = 0; i < n; i++) {
      const k = iv[i];
      if (k >= 0 && k < depth) ov[i * depth + k] = onValue;
    }
    return out;
  }) as KernelFunc,
};

import { type KernelConfig, type KernelFunc, Select, type TensorInfo, util } from '@tensorflow/tfjs-core';
import { asWasm, runWasm } from './util.js';

/**
 * select (`where(condition, t, e)`) for bool branches. tfjs-backend-wasm's
 * kernel reads the branches as four-byte values, so one-byte bool tensors
 * come out wrong; other dtypes run the original. `condition` has the shape of
 * `t`, or is a vector that picks whole rows of `t`, or a scalar.
 */
export const selectConfig: KernelConfig = {
  kernelName: Select,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { condition, t, e } = inputs as { condition: TensorInfo; t: TensorInfo; e: TensorInfo };
    if (t.dtype !== 'bool') return runWasm(Select, backend, { condition, t, e });
    const out = backend.makeOutput(t.shape, t.dtype);
    const ov = backend.typedArrayFromHeap(out);
    const cv = backend.typedArrayFromHeap(condition);
    const tv = backend.typedArrayFromHeap(t);
    const ev = backend.typedArrayFromHeap(e);
    const n = util.sizeFromShape(t.shape);
    // Elements of t per condition element: 1, a row, or all of t.
    const per = n / Math.max(1, util.sizeFromShape(condition.shape));
    for (let i = 0; i < n; i++) ov[i] = cv[Math.floor(i / per)] ? tv[i] : ev[i];
    return out;
  }) as KernelFunc,
};

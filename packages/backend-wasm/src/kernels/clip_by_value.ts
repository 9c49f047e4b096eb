import {
  ClipByValue,
  type ClipByValueAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asWasm, runWasm } from './util.js';

/**
 * clipByValue for int32. tfjs-backend-wasm's kernel reads every input as
 * float32, so int32 data (read as float bits) came back unclipped; int32 is
 * clipped here, float32 runs the original kernel.
 */
export const clipByValueConfig: KernelConfig = {
  kernelName: ClipByValue,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype !== 'int32') return runWasm(ClipByValue, backend, { x }, attrs);
    const { clipValueMin, clipValueMax } = attrs as unknown as ClipByValueAttrs;
    const out = backend.makeOutput([...x.shape], 'int32');
    // Views only after the allocation above (it may grow the heap).
    const ov = backend.typedArrayFromHeap(out);
    const xv = backend.typedArrayFromHeap(x);
    const n = util.sizeFromShape(x.shape);
    for (let i = 0; i < n; i++) ov[i] = Math.min(Math.max(xv[i], clipValueMin), clipValueMax);
    return out;
  }) as KernelFunc,
};

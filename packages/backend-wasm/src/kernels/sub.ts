import { type KernelConfig, type KernelFunc, Sub, type TensorInfo } from '@tensorflow/tfjs-core';
import { complexBinary } from './complex_binary.js';
import { asWasm, runWasm } from './util.js';

/**
 * sub with complex64 support; tfjs-backend-wasm's kernel fails on complex64
 * ("Unknown dtype"). Real dtypes run the original kernel unchanged.
 */
export const subConfig: KernelConfig = {
  kernelName: Sub,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype === 'complex64' || bb.dtype === 'complex64') return complexBinary(Sub, backend, a, bb);
    return runWasm(Sub, backend, { a, b: bb });
  }) as KernelFunc,
};

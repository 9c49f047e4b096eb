import { Add, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { complexBinary } from './complex_binary.js';
import { asWasm, runWasm } from './util.js';

/**
 * add with complex64 support; tfjs-backend-wasm's kernel fails on complex64
 * ("Unknown dtype"). Real dtypes run the original kernel unchanged.
 */
export const addConfig: KernelConfig = {
  kernelName: Add,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype === 'complex64' || bb.dtype === 'complex64') return complexBinary(Add, backend, a, bb);
    return runWasm(Add, backend, { a, b: bb });
  }) as KernelFunc,
};

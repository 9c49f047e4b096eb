import { type KernelConfig, type KernelFunc, Multiply, type TensorInfo } from '@tensorflow/tfjs-core';
import { complexBinary } from './complex_binary.js';
import { asWasm, runWasm } from './util.js';

/**
 * multiply with complex64 support; tfjs-backend-wasm's kernel fails on complex64
 * ("Unknown dtype"). Real dtypes run the original kernel unchanged.
 */
export const multiplyConfig: KernelConfig = {
  kernelName: Multiply,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype === 'complex64' || bb.dtype === 'complex64') return complexBinary(Multiply, backend, a, bb);
    return runWasm(Multiply, backend, { a, b: bb });
  }) as KernelFunc,
};

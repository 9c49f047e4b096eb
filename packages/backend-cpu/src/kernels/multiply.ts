import { type KernelConfig, type KernelFunc, Multiply, type TensorInfo } from '@tensorflow/tfjs-core';
import { complexBinary } from './complex_binary.js';
import { asCpu, runCpu } from './util.js';

/**
 * multiply with correct complex64 broadcasting (tfjs-backend-cpu's returns NaN when
 * a complex operand is broadcast). Real dtypes run the original kernel.
 */
export const multiplyConfig: KernelConfig = {
  kernelName: Multiply,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asCpu(b);
    const { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype === 'complex64' || bb.dtype === 'complex64') return complexBinary(Multiply, backend, a, bb);
    return runCpu(Multiply, backend, { a, b: bb });
  }) as KernelFunc,
};

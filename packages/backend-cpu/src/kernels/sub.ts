import { type KernelConfig, type KernelFunc, Sub, type TensorInfo } from '@tensorflow/tfjs-core';
import { complexBinary } from './complex_binary.js';
import { asCpu, runCpu } from './util.js';

/**
 * sub with correct complex64 broadcasting (tfjs-backend-cpu's returns NaN when
 * a complex operand is broadcast). Real dtypes run the original kernel.
 */
export const subConfig: KernelConfig = {
  kernelName: Sub,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asCpu(b);
    const { a, b: bb } = inputs as { a: TensorInfo; b: TensorInfo };
    if (a.dtype === 'complex64' || bb.dtype === 'complex64') return complexBinary(Sub, backend, a, bb);
    return runCpu(Sub, backend, { a, b: bb });
  }) as KernelFunc,
};

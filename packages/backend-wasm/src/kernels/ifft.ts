import { IFFT, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { fftRows } from './fft_util.js';
import { asWasm } from './util.js';

/** ifft over the innermost axis of a complex64 tensor (divides by n, as tfjs does). */
export const ifftConfig: KernelConfig = {
  kernelName: IFFT,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }) =>
    fftRows(asWasm(backend), (inputs as { input: TensorInfo }).input, true)) as KernelFunc,
};

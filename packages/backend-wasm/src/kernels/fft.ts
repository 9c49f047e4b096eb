import { FFT, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { fftRows } from './fft_util.js';
import { asWasm } from './util.js';

/** fft over the innermost axis of a complex64 tensor (O(n log n) for every length). */
export const fftConfig: KernelConfig = {
  kernelName: FFT,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend }) =>
    fftRows(asWasm(backend), (inputs as { input: TensorInfo }).input, false)) as KernelFunc,
};

import { Imag, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, f32 } from './util.js';

/** The imag part of a complex64 tensor, as float32. */
export const imagConfig: KernelConfig = {
  kernelName: Imag,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { input } = inputs as { input: TensorInfo };
    const out = backend.makeOutput([...input.shape], 'float32');
    const ov = f32(backend, out);
    const cv = f32(backend, input);
    for (let i = 0; i < ov.length; i++) ov[i] = cv[2 * i + 1];
    return out;
  }) as KernelFunc,
};

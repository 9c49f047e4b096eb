import { Complex, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, f32 } from './util.js';

/** `complex(real, imag)`: a complex64 tensor on the wasm heap, stored as interleaved `re, im` float32 pairs. */
export const complexConfig: KernelConfig = {
  kernelName: Complex,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { real, imag } = inputs as { real: TensorInfo; imag: TensorInfo };
    const out = backend.makeOutput([...real.shape], 'complex64');
    const ov = f32(backend, out);
    const rv = f32(backend, real);
    const iv = f32(backend, imag);
    for (let i = 0; i < rv.length; i++) {
      ov[2 * i] = rv[i];
      ov[2 * i + 1] = iv[i];
    }
    return out;
  }) as KernelFunc,
};

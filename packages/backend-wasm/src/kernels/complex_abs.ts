import { ComplexAbs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, f32 } from './util.js';

/** `|z|` of a complex64 tensor (what `abs` runs for complex input), as float32. */
export const complexAbsConfig: KernelConfig = {
  kernelName: ComplexAbs,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const out = backend.makeOutput([...x.shape], 'float32');
    const ov = f32(backend, out);
    const cv = f32(backend, x);
    for (let i = 0; i < ov.length; i++) ov[i] = Math.hypot(cv[2 * i], cv[2 * i + 1]);
    return out;
  }) as KernelFunc,
};

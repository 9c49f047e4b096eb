import {
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  Transpose,
  type TransposeAttrs,
} from '@tensorflow/tfjs-core';
import { asComplex, floatPairs } from './complex_util.js';
import { asWasm, runWasm } from './util.js';

/**
 * transpose with complex64 support: tfjs-backend-wasm's kernel has no
 * complex64 element type. A complex64 tensor is transposed as float32 with a
 * trailing pair axis that stays last; other dtypes run the original.
 */
export const transposeConfig: KernelConfig = {
  kernelName: Transpose,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    if (x.dtype !== 'complex64') return runWasm(Transpose, backend, inputs, attrs);
    const { perm } = attrs as unknown as TransposeAttrs;
    const out = runWasm(Transpose, backend, { x: floatPairs(x) }, { perm: [...perm, perm.length] });
    return asComplex(backend, out, out.shape.slice(0, -1));
  }) as KernelFunc,
};

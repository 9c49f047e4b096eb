import { Cast, type CastAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, f32, runWasm } from './util.js';

/**
 * cast, replacing tfjs-backend-wasm's where it is wrong: that one copies with
 * `TypedArray.set`, so casting to bool gives 0 for 0.5 and 255 for -1 instead
 * of 1, and it cannot read or write complex64. To bool: `x != 0` (NaN is true,
 * as on cpu); to complex64: imaginary part 0; from complex64: the real part.
 * Every other cast runs the original.
 */
export const castConfig: KernelConfig = {
  kernelName: Cast,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x } = inputs as { x: TensorInfo };
    const { dtype } = attrs as unknown as CastAttrs;
    if (dtype === 'complex64') {
      const out = backend.makeOutput([...x.shape], 'complex64');
      const ov = f32(backend, out);
      const xv = x.dtype === 'complex64' ? f32(backend, x) : backend.typedArrayFromHeap(x);
      if (x.dtype === 'complex64') ov.set(xv);
      else
        for (let i = 0; i < xv.length; i++) {
          ov[2 * i] = xv[i];
          ov[2 * i + 1] = 0;
        }
      return out;
    }
    if (x.dtype === 'complex64') {
      const out = backend.makeOutput([...x.shape], dtype);
      const ov = backend.typedArrayFromHeap(out);
      const xv = f32(backend, x);
      if (dtype === 'bool') for (let i = 0; i < ov.length; i++) ov[i] = xv[2 * i] !== 0 || xv[2 * i + 1] !== 0 ? 1 : 0;
      else for (let i = 0; i < ov.length; i++) ov[i] = xv[2 * i];
      return out;
    }
    if (dtype === 'bool' && x.dtype !== 'bool') {
      const out = backend.makeOutput([...x.shape], 'bool');
      const ov = backend.typedArrayFromHeap(out);
      const xv = backend.typedArrayFromHeap(x);
      for (let i = 0; i < ov.length; i++) ov[i] = xv[i] !== 0 ? 1 : 0;
      return out;
    }
    return runWasm(Cast, backend, { x }, { dtype });
  }) as KernelFunc,
};

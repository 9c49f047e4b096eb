import { Conv2D, type Conv2DAttrs, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { asWasm, dispose, runWasm, transpose } from './util.js';

/**
 * conv2d with NCHW support: tfjs-backend-wasm's (XNNPACK) kernel throws for
 * channels-first, so NCHW input is transposed to NHWC around it. NHWC runs the
 * original kernel unchanged.
 */
export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as Conv2DAttrs;
    if (a.dataFormat !== 'NCHW') return runWasm(Conv2D, backend, { x, filter }, attrs);
    // Explicit padding is given in the data format's dimension order.
    const pad = Array.isArray(a.pad) ? ([a.pad[0], a.pad[2], a.pad[3], a.pad[1]] as Conv2DAttrs['pad']) : a.pad;
    const xT = transpose(backend, x, [0, 2, 3, 1]);
    const y = runWasm(Conv2D, backend, { x: xT, filter }, { ...a, pad, dataFormat: 'NHWC' } as never);
    const out = transpose(backend, y, [0, 3, 1, 2]);
    dispose(backend, xT, y);
    return out;
  }) as KernelFunc,
};

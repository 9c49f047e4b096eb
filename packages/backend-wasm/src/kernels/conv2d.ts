import {
  backend_util,
  Conv2D,
  type Conv2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, runWasm, transpose } from './util.js';

/**
 * 'same' padding as explicit NHWC padding, computed as tfjs-core does. XNNPACK's
 * own TensorFlow-'same' mode (which tfjs-backend-wasm's Conv2D and
 * DepthwiseConv2dNative use) is wrong where the window is smaller than the
 * stride (a 3x1 kernel at stride 2 on a 5x6 input: off by up to 1.7); explicit
 * padding of the same amounts is right everywhere and as fast.
 */
export function explicitSamePad(info: backend_util.Conv2DInfo): [[0, 0], [number, number], [number, number], [0, 0]] {
  const p = info.padInfo;
  return [
    [0, 0],
    [p.top, p.bottom],
    [p.left, p.right],
    [0, 0],
  ];
}

/**
 * conv2d with NCHW support and correct 'same' padding: tfjs-backend-wasm's
 * (XNNPACK) kernel throws for channels-first, so NCHW input is transposed to
 * NHWC around it, and 'same' is passed as explicit padding (see
 * {@link explicitSamePad}). Otherwise the original kernel runs unchanged.
 */
export const conv2DConfig: KernelConfig = {
  kernelName: Conv2D,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as Conv2DAttrs;
    const cf = a.dataFormat === 'NCHW';
    // Explicit padding is given in the data format's dimension order.
    let pad = cf && Array.isArray(a.pad) ? ([a.pad[0], a.pad[2], a.pad[3], a.pad[1]] as Conv2DAttrs['pad']) : a.pad;
    const xShape = (cf ? [x.shape[0], x.shape[2], x.shape[3], x.shape[1]] : x.shape) as [
      number,
      number,
      number,
      number,
    ];
    if (pad === 'same') {
      const info = backend_util.computeConv2DInfo(
        xShape,
        filter.shape as [number, number, number, number],
        a.strides,
        a.dilations ?? 1,
        'same',
      );
      pad = explicitSamePad(info);
    }
    if (!cf) return runWasm(Conv2D, backend, { x, filter }, { ...a, pad } as never);
    const xT = transpose(backend, x, [0, 2, 3, 1]);
    const y = runWasm(Conv2D, backend, { x: xT, filter }, { ...a, pad, dataFormat: 'NHWC' } as never);
    const out = transpose(backend, y, [0, 3, 1, 2]);
    dispose(backend, xT, y);
    return out;
  }) as KernelFunc,
};

import {
  backend_util,
  DepthwiseConv2dNative,
  type DepthwiseConv2dNativeAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { explicitSamePad } from './conv2d.js';
import { asWasm, runWasm } from './util.js';

/**
 * depthwiseConv2d with correct 'same' padding: tfjs-backend-wasm's (XNNPACK)
 * kernel is wrong for 'same' where the window is smaller than the stride, so
 * 'same' is passed as explicit padding of the same amounts (see
 * {@link explicitSamePad}). Everything else runs the original unchanged.
 */
export const depthwiseConv2dNativeConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNative,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, filter } = inputs as { x: TensorInfo; filter: TensorInfo };
    const a = attrs as unknown as DepthwiseConv2dNativeAttrs;
    if (a.pad !== 'same') return runWasm(DepthwiseConv2dNative, backend, inputs, attrs);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filter.shape as [number, number, number, number],
      a.strides,
      a.dilations ?? 1,
      'same',
      undefined,
      true,
    );
    return runWasm(DepthwiseConv2dNative, backend, inputs, { ...a, pad: explicitSamePad(info) } as never);
  }) as KernelFunc,
};

import {
  backend_util,
  Conv2DBackpropFilter,
  type Conv2DBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convBackpropFilter, geom2d } from './conv_util.js';
import { asWasm, dispose, transpose } from './util.js';

/**
 * The conv2d filter gradient (also conv1d's, which tfjs runs as a conv2d):
 * im2col of `x` and one XNNPACK matmul with `dy` per chunk. NHWC and NCHW
 * (NCHW is transposed to NHWC first). Honors an optional `dilations` attribute,
 * which tfjs's own kernels ignore.
 */
export const conv2DBackpropFilterConfig: KernelConfig = {
  kernelName: Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
    const dilations = (attrs as { dilations?: number | [number, number] }).dilations ?? 1;
    const format = backend_util.convertConv2DDataFormat(dataFormat);
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    const nchw = format === 'channelsFirst';
    const xs = nchw ? transpose(backend, x, [0, 2, 3, 1]) : x;
    const dys = nchw ? transpose(backend, dy, [0, 2, 3, 1]) : dy;
    const out = convBackpropFilter(backend, xs, dys, geom2d(info));
    if (nchw) dispose(backend, xs, dys);
    out.shape = [...filterShape];
    return out;
  }) as KernelFunc,
};

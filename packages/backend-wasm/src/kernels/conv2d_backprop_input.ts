import {
  backend_util,
  Conv2D,
  Conv2DBackpropInput,
  type Conv2DBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { convBackpropInput, geom2d } from './conv_util.js';
import { asWasm, dispose, f32, runWasm, transpose, type WasmBackend } from './util.js';

/**
 * At stride 1 the input gradient is itself a convolution: `dy` correlated with
 * the filter flipped in space and with in/out channels swapped, padded so the
 * output has the input's size. Returns null when that padding would be
 * negative (a window lying wholly in explicit padding) or strides are not 1.
 */
function stride1(
  backend: WasmBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  info: backend_util.Conv2DInfo,
): TensorInfo | null {
  if (info.strideHeight !== 1 || info.strideWidth !== 1) return null;
  const { filterHeight: kH, filterWidth: kW, inChannels: ci, outChannels: co } = info;
  const eh = (kH - 1) * info.dilationHeight;
  const ew = (kW - 1) * info.dilationWidth;
  const top = eh - info.padInfo.top;
  const left = ew - info.padInfo.left;
  const bottom = info.inHeight - info.outHeight + info.padInfo.top;
  const right = info.inWidth - info.outWidth + info.padInfo.left;
  if (top < 0 || left < 0 || bottom < 0 || right < 0) return null;
  const flipped = backend.makeOutput([kH, kW, co, ci], 'float32');
  const src = f32(backend, filter);
  const dst = f32(backend, flipped);
  for (let h = 0; h < kH; h++) {
    for (let w = 0; w < kW; w++) {
      const from = ((kH - 1 - h) * kW + (kW - 1 - w)) * ci * co;
      const to = (h * kW + w) * co * ci;
      for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) dst[to + o * ci + i] = src[from + i * co + o];
    }
  }
  const dx = runWasm(
    Conv2D,
    backend,
    { x: dy, filter: flipped },
    {
      strides: [1, 1],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
      dilations: [info.dilationHeight, info.dilationWidth],
    },
  );
  dispose(backend, flipped);
  return dx;
}

/**
 * The conv2d input gradient (and conv2dTranspose's forward pass), replacing
 * tfjs-backend-wasm's, a direct loop 5-10x slower than the forward conv.
 * Stride 1: a forward XNNPACK convolution of `dy` with the flipped, transposed
 * filter. Strided: one XNNPACK matmul `dy @ W^T` per chunk plus a col2im
 * scatter. NHWC and NCHW; honors an optional `dilations` attribute.
 */
export const conv2DBackpropInputConfig: KernelConfig = {
  kernelName: Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
    const dilations = (attrs as { dilations?: number | [number, number] }).dilations ?? 1;
    const format = backend_util.convertConv2DDataFormat(dataFormat);
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      false,
      format,
    );
    const nchw = format === 'channelsFirst';
    const dys = nchw ? transpose(backend, dy, [0, 2, 3, 1]) : dy;
    const nhwc = [info.batchSize, info.inHeight, info.inWidth, info.inChannels];
    const dx = stride1(backend, dys, filter, info) ?? convBackpropInput(backend, dys, filter, geom2d(info), nhwc);
    if (!nchw) return dx;
    dispose(backend, dys);
    const out = transpose(backend, dx, [0, 3, 1, 2]);
    dispose(backend, dx);
    return out;
  }) as KernelFunc,
};

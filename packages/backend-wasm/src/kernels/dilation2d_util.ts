import {
  backend_util,
  type Dilation2DAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, f32, zeros } from './util.js';

/**
 * For every output element of a grayscale dilation (NHWC): the window maximum
 * of `x + filter` (from `Number.MIN_SAFE_INTEGER`, as TensorFlow does), the
 * filter tap `h * filterWidth + w` that reached it and the input pixel's flat
 * index. Ties keep the first maximum, as tfjs's cpu kernels do.
 */
export function dilationArgmax(
  info: backend_util.Conv2DInfo,
  x: ArrayLike<number>,
  filter: ArrayLike<number>,
): { value: Float64Array; tap: Int32Array; pixel: Int32Array } {
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, filterHeight, filterWidth } = info;
  const size = batchSize * outHeight * outWidth * C;
  const value = new Float64Array(size);
  const tap = new Int32Array(size);
  const pixel = new Int32Array(size);
  let o = 0;
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const h0 = oh * info.strideHeight - info.padInfo.top;
      for (let ow = 0; ow < outWidth; ow++, o += C) {
        const w0 = ow * info.strideWidth - info.padInfo.left;
        // Where the gradient goes when no tap is inside the input (tfjs's choice).
        const p0 = ((n * H + Math.min(H - 1, Math.max(0, h0))) * W + Math.min(W - 1, Math.max(0, w0))) * C;
        for (let c = 0; c < C; c++) {
          value[o + c] = Number.MIN_SAFE_INTEGER;
          tap[o + c] = c;
          pixel[o + c] = p0 + c;
        }
        for (let i = 0; i < filterHeight; i++) {
          const ih = h0 + i * info.dilationHeight;
          if (ih < 0 || ih >= H) continue;
          for (let j = 0; j < filterWidth; j++) {
            const iw = w0 + j * info.dilationWidth;
            if (iw < 0 || iw >= W) continue;
            const xp = ((n * H + ih) * W + iw) * C;
            const fp = (i * filterWidth + j) * C;
            for (let c = 0; c < C; c++) {
              const v = x[xp + c] + filter[fp + c];
              if (v > value[o + c]) {
                value[o + c] = v;
                tap[o + c] = fp + c;
                pixel[o + c] = xp + c;
              }
            }
          }
        }
      }
    }
  }
  return { value, tap, pixel };
}

/**
 * A dilation2d gradient kernel: each `dy` goes to the element that won its
 * window, the filter tap (`'filter'`) or the input pixel (`'x'`).
 */
export function dilation2DBackpropConfig(kernelName: string, wrt: 'x' | 'filter'): KernelConfig {
  return {
    kernelName,
    backendName: 'wasm',
    kernelFunc: (({ inputs, backend: b, attrs }) => {
      const backend = asWasm(b);
      const { x, filter, dy } = inputs as { x: TensorInfo; filter: TensorInfo; dy: TensorInfo };
      const { strides, pad, dilations } = attrs as unknown as Dilation2DAttrs;
      const info = backend_util.computeDilation2DInfo(
        x.shape as [number, number, number, number],
        filter.shape as [number, number, number],
        strides,
        pad,
        'NHWC',
        dilations,
      );
      const grad = zeros(backend, [...(wrt === 'x' ? x.shape : filter.shape)]);
      const winners = dilationArgmax(info, f32(backend, x), f32(backend, filter));
      const target = wrt === 'x' ? winners.pixel : winners.tap;
      const gv = f32(backend, grad);
      const dyv = f32(backend, dy);
      for (let o = 0; o < target.length; o++) gv[target[o]] += dyv[o];
      return grad;
    }) as KernelFunc,
  };
}

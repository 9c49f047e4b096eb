import {
  backend_util,
  DepthwiseConv2dNativeBackpropFilter,
  type DepthwiseConv2dNativeBackpropFilterAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, f32 } from './util.js';

/**
 * The depthwise conv2d filter gradient (NHWC). Depthwise has no reduction
 * over channels, so there is no GEMM to hand to XNNPACK: im2col + matmul would
 * be a mat-vec per channel whose im2col alone costs more than this whole sum
 * (measured 1.5-4x slower, as was a channel-major layout with per-row dot
 * products). So: one pass over the output pixels, accumulating
 * `x[pixel, c] * dy[out, c, q]` into a float64 `[taps, C, multiplier]`
 * buffer with the channel loop innermost and contiguous in both tensors.
 * Dilations are honored (tfjs's cpu kernel ignores them).
 */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropFilter,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { x, dy } = inputs as { x: TensorInfo; dy: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, filterShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
    const info = backend_util.computeConv2DInfo(
      x.shape as [number, number, number, number],
      filterShape,
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { filterHeight: kH, filterWidth: kW, strideHeight: sH, strideWidth: sW } = info;
    const { dilationHeight: dH, dilationWidth: dW } = info;
    const pT = info.padInfo.top;
    const pL = info.padInfo.left;
    const mult = filterShape[3];
    const D = C * mult;
    const acc = new Float64Array(kH * kW * D);
    const xv = f32(backend, x);
    const dv = f32(backend, dy);
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        for (let ow = 0; ow < OW; ow++) {
          const dp = ((n * OH + oh) * OW + ow) * D;
          for (let kh = 0; kh < kH; kh++) {
            const ih = oh * sH - pT + kh * dH;
            if (ih < 0 || ih >= H) continue;
            for (let kw = 0; kw < kW; kw++) {
              const iw = ow * sW - pL + kw * dW;
              if (iw < 0 || iw >= W) continue;
              const xp = ((n * H + ih) * W + iw) * C;
              const ap = (kh * kW + kw) * D;
              if (mult === 1) {
                for (let c = 0; c < C; c++) acc[ap + c] += xv[xp + c] * dv[dp + c];
              } else {
                for (let c = 0; c < C; c++) {
                  const xc = xv[xp + c];
                  const o = c * mult;
                  for (let q = 0; q < mult; q++) acc[ap + o + q] += xc * dv[dp + o + q];
                }
              }
            }
          }
        }
      }
    }
    const out = backend.makeOutput([...filterShape], 'float32');
    f32(backend, out).set(acc);
    return out;
  }) as KernelFunc,
};

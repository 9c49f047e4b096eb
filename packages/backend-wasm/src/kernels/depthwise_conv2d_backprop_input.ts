import {
  backend_util,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropInput,
  type DepthwiseConv2dNativeBackpropInputAttrs,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asWasm, dispose, f32, runWasm, view } from './util.js';

/**
 * The depthwise conv2d input gradient (NHWC), as a forward depthwise
 * convolution on XNNPACK: `dy` is spread onto a zero grid at the stride's
 * spacing, offset by the padding, and correlated ('valid', stride 1, same
 * dilation) with the spatially flipped filter, one output channel per
 * `dy` channel; a channel multiplier > 1 then sums each channel's group.
 * (Depthwise has no channel reduction, so im2col + matmul would be a
 * mat-vec per channel; this reuses the fast forward kernel instead.)
 */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = {
  kernelName: DepthwiseConv2dNativeBackpropInput,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, filter } = inputs as { dy: TensorInfo; filter: TensorInfo };
    const { strides, dilations, pad, dimRoundingMode, inputShape } =
      attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
    const info = backend_util.computeConv2DInfo(
      inputShape,
      filter.shape as [number, number, number, number],
      strides,
      dilations,
      pad,
      dimRoundingMode,
      true,
    );
    const { batchSize: N, inHeight: H, inWidth: W, inChannels: C, outHeight: OH, outWidth: OW } = info;
    const { filterHeight: kH, filterWidth: kW, strideHeight: sH, strideWidth: sW } = info;
    const mult = filter.shape[3];
    const D = C * mult;
    const eh = (kH - 1) * info.dilationHeight;
    const ew = (kW - 1) * info.dilationWidth;
    // dx[i] = sum_k grid[i + k*d] * flip(w)[k] over a grid of height H + eh
    // holding dy[o] at row o*s + eh - padTop (rows outside it are dropped).
    const GH = H + eh;
    const GW = W + ew;
    const top = eh - info.padInfo.top;
    const left = ew - info.padInfo.left;
    const grid = backend.makeOutput([N, GH, GW, D], 'float32');
    const flipped = backend.makeOutput([kH, kW, D, 1], 'float32');
    const gv = f32(backend, grid);
    gv.fill(0);
    const dyv = f32(backend, dy);
    for (let n = 0; n < N; n++) {
      for (let oh = 0; oh < OH; oh++) {
        const r = oh * sH + top;
        if (r < 0 || r >= GH) continue;
        for (let ow = 0; ow < OW; ow++) {
          const c = ow * sW + left;
          if (c < 0 || c >= GW) continue;
          const src = ((n * OH + oh) * OW + ow) * D;
          gv.set(dyv.subarray(src, src + D), ((n * GH + r) * GW + c) * D);
        }
      }
    }
    const fv = f32(backend, filter);
    const flv = f32(backend, flipped);
    for (let h = 0; h < kH; h++) {
      for (let w = 0; w < kW; w++) {
        const from = ((kH - 1 - h) * kW + (kW - 1 - w)) * D;
        flv.set(fv.subarray(from, from + D), (h * kW + w) * D);
      }
    }
    const full = runWasm(
      DepthwiseConv2dNative,
      backend,
      { x: grid, filter: flipped },
      { strides: [1, 1], pad: 'valid', dilations: [info.dilationHeight, info.dilationWidth] },
    );
    dispose(backend, grid, flipped);
    if (mult === 1) return full;
    const dx = runWasm('Sum', backend, { x: view(full, [N, H, W, C, mult]) }, { axis: [4], keepDims: false });
    dispose(backend, full);
    return dx;
  }) as KernelFunc,
};

import {
  AvgPool3DGrad,
  type AvgPool3DGradAttrs,
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { asCpu, type CpuBackend, values } from './util.js';

/** Channels-last pooling geometry, 3D (2D is depth 1). */
interface PoolGeom {
  batch: number;
  inShape: [number, number, number];
  outShape: [number, number, number];
  k: [number, number, number];
  s: [number, number, number];
  pad: [number, number, number];
  channels: number;
}

/**
 * The average-pool gradient: each `dy` spreads evenly over the real
 * (non-padded) cells of its window, because the forward pass divides by their
 * count (as Keras and TensorFlow do).
 */
function avgPoolGrad(backend: CpuBackend, dy: TensorInfo, input: TensorInfo, g: PoolGeom): TensorInfo {
  const [inD, inH, inW] = g.inShape;
  const [outD, outH, outW] = g.outShape;
  const [kD, kH, kW] = g.k;
  const C = g.channels;
  const dyv = values(backend, dy) as Float32Array;
  const dx = new Float32Array(g.batch * inD * inH * inW * C);
  let o = 0;
  for (let n = 0; n < g.batch; n++)
    for (let od = 0; od < outD; od++)
      for (let oh = 0; oh < outH; oh++)
        for (let ow = 0; ow < outW; ow++, o += C) {
          // The window clipped to the input: [lo, hi) per axis.
          const d0 = Math.max(0, od * g.s[0] - g.pad[0]);
          const d1 = Math.min(inD, od * g.s[0] - g.pad[0] + kD);
          const h0 = Math.max(0, oh * g.s[1] - g.pad[1]);
          const h1 = Math.min(inH, oh * g.s[1] - g.pad[1] + kH);
          const w0 = Math.max(0, ow * g.s[2] - g.pad[2]);
          const w1 = Math.min(inW, ow * g.s[2] - g.pad[2] + kW);
          const count = (d1 - d0) * (h1 - h0) * (w1 - w0);
          if (!(count > 0)) continue;
          const scale = 1 / count;
          for (let id = d0; id < d1; id++)
            for (let ih = h0; ih < h1; ih++)
              for (let iw = w0; iw < w1; iw++) {
                const p = (((n * inD + id) * inH + ih) * inW + iw) * C;
                for (let c = 0; c < C; c++) dx[p + c] += dyv[o + c] * scale;
              }
        }
  return backend.makeTensorInfo(input.shape, 'float32', dx);
}

/**
 * The avgPool gradient (NHWC). tfjs-backend-cpu's divides by the full window
 * even where it overlaps 'same' padding, while the forward pass divides by
 * the number of real cells; this divides as the forward pass does.
 */
export const avgPoolGradConfig: KernelConfig = {
  kernelName: AvgPoolGrad,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad } = attrs as unknown as AvgPoolGradAttrs;
    const i = backend_util.computePool2DInfo(
      input.shape as [number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
    );
    return avgPoolGrad(asCpu(b), dy, input, {
      batch: i.batchSize,
      inShape: [1, i.inHeight, i.inWidth],
      outShape: [1, i.outHeight, i.outWidth],
      k: [1, i.filterHeight, i.filterWidth],
      s: [1, i.strideHeight, i.strideWidth],
      pad: [0, i.padInfo.top, i.padInfo.left],
      channels: i.inChannels,
    });
  }) as KernelFunc,
};

/**
 * The avgPool3d gradient (NDHWC). tfjs-backend-cpu's divides by the full
 * window even where it overlaps 'same' padding, while the forward pass divides
 * by the number of real cells; this divides as the forward pass does.
 */
export const avgPool3DGradConfig: KernelConfig = {
  kernelName: AvgPool3DGrad,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as AvgPool3DGradAttrs;
    const i = backend_util.computePool3DInfo(
      input.shape as [number, number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    return avgPoolGrad(asCpu(b), dy, input, {
      batch: i.batchSize,
      inShape: [i.inDepth, i.inHeight, i.inWidth],
      outShape: [i.outDepth, i.outHeight, i.outWidth],
      k: [i.filterDepth, i.filterHeight, i.filterWidth],
      s: [i.strideDepth, i.strideHeight, i.strideWidth],
      pad: [i.padInfo.front, i.padInfo.top, i.padInfo.left],
      channels: i.inChannels,
    });
  }) as KernelFunc,
};

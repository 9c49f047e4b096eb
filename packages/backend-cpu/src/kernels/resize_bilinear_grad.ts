import {
  type KernelConfig,
  type KernelFunc,
  ResizeBilinearGrad,
  type ResizeBilinearGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { bilinearTaps } from './resize_util.js';
import { asCpu, values } from './util.js';

/**
 * The resizeBilinear gradient. tfjs-backend-cpu's returns shape
 * `[batch, width, height, depth]` (wrong for non-square images) and ignores
 * `halfPixelCenters`, the mode Keras's bilinear UpSampling2D and Resizing
 * use. This is the exact adjoint of the forward kernel: each `dy` goes to its
 * four source pixels with the forward weights.
 */
export const resizeBilinearGradConfig: KernelConfig = {
  kernelName: ResizeBilinearGrad,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as ResizeBilinearGradAttrs;
    const [batch, inH, inW, C] = images.shape;
    const [, outH, outW] = dy.shape;
    const rows = bilinearTaps(inH, outH, !!alignCorners, !!halfPixelCenters);
    const cols = bilinearTaps(inW, outW, !!alignCorners, !!halfPixelCenters);
    const dx = new Float32Array(batch * inH * inW * C);
    const dyv = values(backend, dy) as Float32Array;
    let o = 0;
    for (let n = 0; n < batch; n++) {
      for (let r = 0; r < outH; r++) {
        const rf = rows.frac[r];
        const top = (n * inH + rows.lo[r]) * inW;
        const bot = (n * inH + rows.hi[r]) * inW;
        for (let c = 0; c < outW; c++, o += C) {
          const cf = cols.frac[c];
          const tl = (top + cols.lo[c]) * C;
          const tr = (top + cols.hi[c]) * C;
          const bl = (bot + cols.lo[c]) * C;
          const br = (bot + cols.hi[c]) * C;
          for (let d = 0; d < C; d++) {
            const g = dyv[o + d];
            dx[tl + d] += g * (1 - rf) * (1 - cf);
            dx[tr + d] += g * (1 - rf) * cf;
            dx[bl + d] += g * rf * (1 - cf);
            dx[br + d] += g * rf * cf;
          }
        }
      }
    }
    return backend.makeTensorInfo([batch, inH, inW, C], 'float32', dx);
  }) as KernelFunc,
};

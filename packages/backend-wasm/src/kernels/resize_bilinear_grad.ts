import {
  type KernelConfig,
  type KernelFunc,
  ResizeBilinearGrad,
  type ResizeBilinearGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { bilinearTaps } from './resize_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The resizeBilinear gradient, replacing tfjs-backend-wasm's, which (like the
 * cpu one) ignores `halfPixelCenters`, the mode Keras's bilinear UpSampling2D
 * and Resizing use. The exact adjoint of the forward kernel: each `dy` goes to
 * its four source pixels with the forward weights.
 */
export const resizeBilinearGradConfig: KernelConfig = {
  kernelName: ResizeBilinearGrad,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as ResizeBilinearGradAttrs;
    const [batch, inH, inW, C] = images.shape;
    const [, outH, outW] = dy.shape;
    const rows = bilinearTaps(inH, outH, !!alignCorners, !!halfPixelCenters);
    const cols = bilinearTaps(inW, outW, !!alignCorners, !!halfPixelCenters);
    const dx = zeros(backend, [batch, inH, inW, C]);
    const dxv = f32(backend, dx);
    const dyv = f32(backend, dy);
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
          const wtl = (1 - rf) * (1 - cf);
          const wtr = (1 - rf) * cf;
          const wbl = rf * (1 - cf);
          const wbr = rf * cf;
          for (let d = 0; d < C; d++) {
            const g = dyv[o + d];
            dxv[tl + d] += g * wtl;
            dxv[tr + d] += g * wtr;
            dxv[bl + d] += g * wbl;
            dxv[br + d] += g * wbr;
          }
        }
      }
    }
    return dx;
  }) as KernelFunc,
};

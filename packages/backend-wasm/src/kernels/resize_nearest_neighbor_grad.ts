import {
  type KernelConfig,
  type KernelFunc,
  ResizeNearestNeighborGrad,
  type ResizeNearestNeighborGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { nearestTaps } from './resize_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The resizeNearestNeighbor gradient, replacing tfjs-backend-wasm's, which
 * ignores `halfPixelCenters`. The exact adjoint of the forward kernel: each
 * `dy` is added to the one pixel the forward pass copied.
 */
export const resizeNearestNeighborGradConfig: KernelConfig = {
  kernelName: ResizeNearestNeighborGrad,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as ResizeNearestNeighborGradAttrs;
    const [batch, inH, inW, C] = images.shape;
    const [, outH, outW] = dy.shape;
    const rows = nearestTaps(inH, outH, !!alignCorners, !!halfPixelCenters);
    const cols = nearestTaps(inW, outW, !!alignCorners, !!halfPixelCenters);
    const dx = zeros(backend, [batch, inH, inW, C]);
    const dxv = f32(backend, dx);
    const dyv = f32(backend, dy);
    let o = 0;
    for (let n = 0; n < batch; n++) {
      for (let r = 0; r < outH; r++) {
        const row = (n * inH + rows[r]) * inW;
        for (let c = 0; c < outW; c++, o += C) {
          const p = (row + cols[c]) * C;
          for (let d = 0; d < C; d++) dxv[p + d] += dyv[o + d];
        }
      }
    }
    return dx;
  }) as KernelFunc,
};

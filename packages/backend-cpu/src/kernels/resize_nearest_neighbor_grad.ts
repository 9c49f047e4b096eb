import {
  type KernelConfig,
  type KernelFunc,
  ResizeNearestNeighborGrad,
  type ResizeNearestNeighborGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { nearestTaps } from './resize_util.js';
import { asCpu, values } from './util.js';

/**
 * The resizeNearestNeighbor gradient. tfjs-backend-cpu's reads `dy` at the
 * image's batch offset (wrong for batch > 1) and ignores `halfPixelCenters`.
 * This is the exact adjoint of the forward kernel: each `dy` is added to the
 * one pixel the forward pass copied.
 */
export const resizeNearestNeighborGradConfig: KernelConfig = {
  kernelName: ResizeNearestNeighborGrad,
  backendName: 'cpu',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asCpu(b);
    const { images, dy } = inputs as { images: TensorInfo; dy: TensorInfo };
    const { alignCorners, halfPixelCenters } = attrs as unknown as ResizeNearestNeighborGradAttrs;
    const [batch, inH, inW, C] = images.shape;
    const [, outH, outW] = dy.shape;
    const rows = nearestTaps(inH, outH, !!alignCorners, !!halfPixelCenters);
    const cols = nearestTaps(inW, outW, !!alignCorners, !!halfPixelCenters);
    const dx = new Float32Array(batch * inH * inW * C);
    const dyv = values(backend, dy) as Float32Array;
    let o = 0;
    for (let n = 0; n < batch; n++) {
      for (let r = 0; r < outH; r++) {
        const row = (n * inH + rows[r]) * inW;
        for (let c = 0; c < outW; c++, o += C) {
          const p = (row + cols[c]) * C;
          for (let d = 0; d < C; d++) dx[p + d] += dyv[o + d];
        }
      }
    }
    return backend.makeTensorInfo([batch, inH, inW, C], 'float32', dx);
  }) as KernelFunc,
};

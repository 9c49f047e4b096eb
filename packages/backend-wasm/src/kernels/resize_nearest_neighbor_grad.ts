import { nearestAdjoint, resizeGeometry } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  ResizeNearestNeighborGrad,
  type ResizeNearestNeighborGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
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
    const geometry = resizeGeometry(images.shape, dy.shape, attrs as unknown as ResizeNearestNeighborGradAttrs);
    const dx = zeros(backend, [...images.shape]);
    nearestAdjoint(f32(backend, dy), f32(backend, dx), geometry);
    return dx;
  }) as KernelFunc,
};

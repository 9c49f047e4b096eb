import { nearestAdjoint, resizeGeometry } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  ResizeNearestNeighborGrad,
  type ResizeNearestNeighborGradAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
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
    const geometry = resizeGeometry(images.shape, dy.shape, attrs as unknown as ResizeNearestNeighborGradAttrs);
    const dx = new Float32Array(util.sizeFromShape(images.shape));
    nearestAdjoint(values(backend, dy) as Float32Array, dx, geometry);
    return backend.makeTensorInfo([...images.shape], 'float32', dx);
  }) as KernelFunc,
};

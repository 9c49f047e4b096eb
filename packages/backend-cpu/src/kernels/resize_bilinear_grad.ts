import { bilinearAdjoint, resizeGeometry } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  ResizeBilinearGrad,
  type ResizeBilinearGradAttrs,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
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
    const geometry = resizeGeometry(images.shape, dy.shape, attrs as unknown as ResizeBilinearGradAttrs);
    const dx = new Float32Array(util.sizeFromShape(images.shape));
    bilinearAdjoint(values(backend, dy) as Float32Array, dx, geometry);
    return backend.makeTensorInfo([...images.shape], 'float32', dx);
  }) as KernelFunc,
};

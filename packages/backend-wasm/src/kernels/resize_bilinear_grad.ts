import { bilinearAdjoint, resizeGeometry } from '@layerwise/backend-shared';
import {
  type KernelConfig,
  type KernelFunc,
  ResizeBilinearGrad,
  type ResizeBilinearGradAttrs,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
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
    const geometry = resizeGeometry(images.shape, dy.shape, attrs as unknown as ResizeBilinearGradAttrs);
    const dx = zeros(backend, [...images.shape]);
    bilinearAdjoint(f32(backend, dy), f32(backend, dx), geometry);
    return dx;
  }) as KernelFunc,
};

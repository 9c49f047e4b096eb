import { avgPoolGrad } from '@layerwise/backend-shared';
import {
  AvgPool3DGrad,
  type AvgPool3DGradAttrs,
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import { geom3d } from './conv_util.js';
import { asWasm, f32, zeros } from './util.js';

/**
 * The avgPool3d gradient (NDHWC), replacing tfjs-backend-wasm's, which divides
 * by the full window even where it overlaps 'same' padding, while the forward
 * pass divides by the number of real cells. A heap loop that divides as the
 * forward pass does.
 */
export const avgPool3DGradConfig: KernelConfig = {
  kernelName: AvgPool3DGrad,
  backendName: 'wasm',
  kernelFunc: (({ inputs, backend: b, attrs }) => {
    const backend = asWasm(b);
    const { dy, input } = inputs as { dy: TensorInfo; input: TensorInfo };
    const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as AvgPool3DGradAttrs;
    const info = backend_util.computePool3DInfo(
      input.shape as [number, number, number, number, number],
      filterSize,
      strides,
      1,
      pad,
      dimRoundingMode,
    );
    const dx = zeros(backend, input.shape);
    avgPoolGrad(geom3d(info), f32(backend, dy), f32(backend, dx));
    return dx;
  }) as KernelFunc,
};

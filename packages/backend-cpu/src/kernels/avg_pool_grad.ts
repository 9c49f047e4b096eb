import { avgPoolGrad, type ConvGeom, geom2d, geom3d } from '@layerwise/backend-shared';
import {
  AvgPool3DGrad,
  type AvgPool3DGradAttrs,
  AvgPoolGrad,
  type AvgPoolGradAttrs,
  backend_util,
  type KernelConfig,
  type KernelFunc,
  type TensorInfo,
  util,
} from '@tensorflow/tfjs-core';
import { asCpu, type CpuBackend, values } from './util.js';

/** The average-pool gradient of `dy` for `input`, on cpu buffers (the loop is @layerwise/backend-shared's). */
function avgPoolGradCpu(backend: CpuBackend, dy: TensorInfo, input: TensorInfo, g: ConvGeom): TensorInfo {
  const dx = new Float32Array(util.sizeFromShape(input.shape));
  avgPoolGrad(g, values(backend, dy) as Float32Array, dx);
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
    return avgPoolGradCpu(asCpu(b), dy, input, geom2d(i));
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
    return avgPoolGradCpu(asCpu(b), dy, input, geom3d(i));
  }) as KernelFunc,
};

/**
 * Conv3DBackpropInputV2, the kernel of conv3dTranspose (tfjs registers no
 * gradient, so conv3dTranspose was not differentiable). Its output is the
 * input gradient of a forward conv3d, a linear map of dy, so: d dy is the
 * forward conv3d of the incoming gradient ddx with the filter, and d filter
 * is the filter gradient of that forward convolution with ddx as its input
 * and dy as its output gradient (TensorFlow's `_Conv3DBackpropInputGrad`).
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { Attrs, GradConfig } from './util.js';

export const conv3DBackpropInputV2GradConfig: GradConfig = {
  kernelName: 'Conv3DBackpropInputV2',
  inputsToSave: ['dy', 'filter'],
  gradFunc: (ddx, saved, attrs) => {
    const [dy, filter] = saved;
    const { strides, pad } = attrs as Attrs & { strides: [number, number, number]; pad: 'valid' | 'same' };
    const g = ddx as Tensor;
    return {
      dy: () =>
        tfc.engine().runKernel('Conv3D', { x: g, filter }, {
          strides,
          pad,
          dataFormat: 'NDHWC',
          dilations: [1, 1, 1],
        } as unknown as Attrs) as Tensor,
      filter: () =>
        tfc.engine().runKernel('Conv3DBackpropFilterV2', { x: g, dy }, {
          strides,
          pad,
          filterShape: filter.shape,
        } as unknown as Attrs) as Tensor,
    };
  },
};

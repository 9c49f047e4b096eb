/**
 * Conv3D: dx and dfilter from the backends' Conv3DBackpropInputV2/FilterV2
 * kernels, as tfjs does, and also for dilations > 1, where tfjs's gradient
 * asserted dilations == 1. tfjs-backend-cpu's backprop kernels ignore
 * dilations, so a dilated filter is spread out with zeros between its taps,
 * differentiated through the undilated kernels, and the spread filter
 * gradient is sampled back at the taps.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type Attrs, expand, type GradConfig, spreadTaps, takeTaps } from './util.js';

export const conv3DGradConfig: GradConfig = {
  kernelName: 'Conv3D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved;
    const { strides, pad, dilations } = attrs as Attrs & {
      strides: number | [number, number, number];
      pad: 'valid' | 'same';
      dilations?: number | [number, number, number];
    };
    const rates = expand(dilations, 3);
    return {
      x: () =>
        tfc.engine().runKernel('Conv3DBackpropInputV2', { dy: dy as Tensor, filter: spreadTaps(filter, rates) }, {
          strides,
          pad,
          inputShape: x.shape,
        } as unknown as Attrs) as Tensor,
      filter: () => {
        const spreadShape = filter.shape.map((k, i) => (i < 3 ? (k - 1) * rates[i] + 1 : k));
        const spread = tfc.engine().runKernel('Conv3DBackpropFilterV2', { x, dy: dy as Tensor }, {
          strides,
          pad,
          filterShape: spreadShape,
        } as unknown as Attrs) as Tensor;
        return takeTaps(spread, rates);
      },
    };
  },
};

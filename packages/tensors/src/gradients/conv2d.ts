/**
 * Conv2D: dx and dfilter from the backends' Conv2DBackpropInput/Filter
 * kernels, as tfjs does, and also for dilations > 1, where tfjs's gradient
 * asserted dilations == 1. tfjs-backend-cpu's backprop kernels ignore
 * dilations, so a dilated filter is spread out with zeros between its taps
 * (an undilated convolution with it equals the dilated one), differentiated
 * through the undilated kernels, and the spread filter gradient is sampled
 * back at the taps.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type Attrs, expand, type GradConfig, spreadTaps, takeTaps } from './util.js';

export const conv2DGradConfig: GradConfig = {
  kernelName: 'Conv2D',
  inputsToSave: ['x', 'filter'],
  gradFunc: (dy, saved, attrs) => {
    const [x, filter] = saved;
    const { strides, pad, dataFormat, dimRoundingMode, dilations } = attrs as Attrs & {
      strides: number | [number, number];
      pad: unknown;
      dataFormat: 'NHWC' | 'NCHW';
      dimRoundingMode?: string;
      dilations?: number | [number, number];
    };
    const rates = expand(dilations, 2);
    const common = { strides, pad, dataFormat, dimRoundingMode };
    return {
      x: () =>
        tfc.engine().runKernel('Conv2DBackpropInput', { dy: dy as Tensor, filter: spreadTaps(filter, rates) }, {
          ...common,
          inputShape: x.shape,
        } as unknown as Attrs) as Tensor,
      filter: () => {
        const spreadShape = filter.shape.map((k, i) => (i < 2 ? (k - 1) * rates[i] + 1 : k));
        const spread = tfc.engine().runKernel('Conv2DBackpropFilter', { x, dy: dy as Tensor }, {
          ...common,
          filterShape: spreadShape,
        } as unknown as Attrs) as Tensor;
        return takeTaps(spread, rates);
      },
    };
  },
};

/**
 * Cumsum: the gradient is the cumulative sum of dy in the opposite direction,
 * with the same exclusivity (TensorFlow's rule). tfjs then transposed the
 * result by the permutation that moves the axis last, which is wrong for any
 * axis but the last: the cumsum op already runs along `axis`.
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { Attrs, GradConfig } from './util.js';

export const cumsumGradConfig: GradConfig = {
  kernelName: 'Cumsum',
  gradFunc: (dy, _saved, attrs) => {
    const { axis, exclusive, reverse } = attrs as Attrs & { axis: number; exclusive: boolean; reverse: boolean };
    return { x: () => tfc.cumsum(dy as Tensor, axis, exclusive, !reverse) };
  },
};

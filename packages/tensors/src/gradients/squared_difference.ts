/**
 * SquaredDifference (a - b)^2: d/da = 2 (a - b) dy, d/db = -2 (a - b) dy, each
 * summed back over the axes along which that input was broadcast (tfjs
 * returned both at the broadcast shape).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, reduceToShape } from './util.js';

export const squaredDifferenceGradConfig: GradConfig = {
  kernelName: 'SquaredDifference',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const twice = () => tfc.mul(dy as Tensor, tfc.mul(tfc.sub(a, b), 2));
    return {
      a: () => reduceToShape(twice(), a.shape),
      b: () => reduceToShape(tfc.neg(twice()), b.shape),
    };
  },
};

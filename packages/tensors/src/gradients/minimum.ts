/**
 * Minimum: dy goes to a where a <= b and to b elsewhere (TensorFlow's rule,
 * ties to a), each summed back over the axes along which that input was
 * broadcast (tfjs returned both at the broadcast shape).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, reduceToShape } from './util.js';

export const minimumGradConfig: GradConfig = {
  kernelName: 'Minimum',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const g = dy as Tensor;
    return {
      a: () => reduceToShape(tfc.mul(g, tfc.cast(tfc.lessEqual(a, b), 'float32')), a.shape),
      b: () => reduceToShape(tfc.mul(g, tfc.cast(tfc.greater(a, b), 'float32')), b.shape),
    };
  },
};

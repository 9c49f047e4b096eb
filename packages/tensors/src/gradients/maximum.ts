/**
 * Maximum: dy goes to a where a >= b and to b elsewhere (TensorFlow's rule,
 * ties to a), each summed back over the axes along which that input was
 * broadcast. tfjs returned both at the broadcast shape, so maximum([2,3], [3])
 * failed with a shape error.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, reduceToShape } from './util.js';

export const maximumGradConfig: GradConfig = {
  kernelName: 'Maximum',
  inputsToSave: ['a', 'b'],
  gradFunc: (dy, saved) => {
    const [a, b] = saved;
    const g = dy as Tensor;
    return {
      a: () => reduceToShape(tfc.mul(g, tfc.cast(tfc.greaterEqual(a, b), 'float32')), a.shape),
      b: () => reduceToShape(tfc.mul(g, tfc.cast(tfc.less(a, b), 'float32')), b.shape),
    };
  },
};

/**
 * TensorScatterUpdate (tfjs registers no gradient), as TensorFlow's
 * `_TensorScatterUpdateGrad`: the entries of `tensor` that the updates
 * overwrote no longer reach the output, so its gradient is dy with those
 * positions zeroed (the same update, with zeros for updates); each update's
 * gradient is dy gathered at its index tuple. With repeated indices only one
 * update wins the forward pass, yet each gets dy there (as in TensorFlow).
 * The integer indices have no gradient (zeros).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { gatherAt, updatesShape } from './scatter_nd.js';
import { type GradConfig, zerosOf } from './util.js';

export const tensorScatterUpdateGradConfig: GradConfig = {
  kernelName: 'TensorScatterUpdate',
  inputsToSave: ['indices'],
  gradFunc: (dy, saved) => {
    const [indices] = saved;
    const g = dy as Tensor;
    return {
      tensor: () => {
        const shape = updatesShape(indices, g.shape);
        return shape.some((d) => d === 0) ? g : tfc.tensorScatterUpdate(g, indices, tfc.zeros(shape, g.dtype));
      },
      updates: () => gatherAt(g, indices),
      indices: () => zerosOf(indices.shape),
    };
  },
};

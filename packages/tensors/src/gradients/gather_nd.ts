/**
 * GatherNd (tfjs registers no gradient): each gathered slice came from the
 * position its index tuple names, so dy is scattered back there, zeros
 * elsewhere, and slices gathered more than once add up (ScatterNd sums
 * repeated indices), as TensorFlow's `_GatherNdGrad`. The integer indices
 * have no gradient (zeros).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, zerosOf } from './util.js';

export const gatherNdGradConfig: GradConfig = {
  kernelName: 'GatherNd',
  inputsToSave: ['params', 'indices'],
  gradFunc: (dy, saved) => {
    const [params, indices] = saved;
    return {
      params: () => {
        const g = dy as Tensor;
        if (g.size === 0) return zerosOf(params.shape);
        return tfc.scatterND(indices, g, params.shape);
      },
      indices: () => zerosOf(indices.shape),
    };
  },
};

/**
 * ScatterNd (tfjs registers no gradient): every update was added at the
 * position its index tuple names, so its gradient is dy gathered there
 * (TensorFlow's `_ScatterNdGrad`); updates at a repeated index each get the
 * whole dy of that position, since their sum is what was written. The
 * integer indices have no gradient (zeros).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, zerosOf } from './util.js';

export const scatterNdGradConfig: GradConfig = {
  kernelName: 'ScatterNd',
  inputsToSave: ['indices'],
  gradFunc: (dy, saved) => {
    const [indices] = saved;
    return {
      updates: () => gatherAt(dy as Tensor, indices),
      indices: () => zerosOf(indices.shape),
    };
  },
};

/**
 * `gatherND(dy, indices)`: the entries of `dy` at the index tuples, of shape
 * `indices.shape[:-1] + dy.shape[k:]` (the shape of the updates). Also the
 * updates' gradient of TensorScatterUpdate.
 */
export function gatherAt(dy: Tensor, indices: Tensor): Tensor {
  const shape = updatesShape(indices, dy.shape);
  if (shape.some((d) => d === 0)) return zerosOf(shape);
  return tfc.gatherND(dy, indices);
}

/** The shape of the updates that `indices` scatters into `shape`: `indices.shape[:-1] + shape[k:]`. */
export function updatesShape(indices: Tensor, shape: readonly number[]): number[] {
  const k = indices.shape[indices.rank - 1];
  return [...indices.shape.slice(0, -1), ...shape.slice(k)];
}

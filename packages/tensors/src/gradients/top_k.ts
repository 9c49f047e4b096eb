/**
 * TopK (tfjs registers no gradient): the gradient of the values output
 * scatters dy back to the positions the (saved) indices output selected,
 * zeros elsewhere, as TensorFlow's `_TopKGrad`. The indices output is integer
 * and has no gradient.
 */
import { type Tensor, tfc } from '../tfjs.js';
import { type GradConfig, zerosOf } from './util.js';

export const topKGradConfig: GradConfig = {
  kernelName: 'TopK',
  inputsToSave: ['x'],
  outputsToSave: [false, true],
  gradFunc: (dys, saved) => {
    const [x, indices] = saved;
    const [dValues] = dys as Tensor[];
    return {
      x: () => {
        const n = x.shape[x.rank - 1];
        const k = indices.shape[indices.rank - 1];
        if (x.size === 0 || k === 0) return zerosOf(x.shape);
        const rows = x.size / n;
        // Flat positions: row * n + index, one per selected value.
        const rowStarts = tfc.mul(tfc.reshape(tfc.range(0, rows, 1, 'int32'), [rows, 1]), tfc.scalar(n, 'int32'));
        const flat = tfc.add(tfc.reshape(indices, [rows, k]), rowStarts);
        const scattered = tfc.scatterND(tfc.reshape(flat, [rows * k, 1]), tfc.reshape(dValues, [rows * k]), [x.size]);
        return tfc.reshape(scattered, x.shape);
      },
    };
  },
};

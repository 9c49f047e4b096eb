/**
 * Cumprod (tfjs registers no gradient): TensorFlow's rule,
 * `divNoNan(cumsum(y * dy, reverse = !reverse), x)` with y the (saved)
 * output and the same exclusivity. Like TensorFlow's, it is exact only where
 * x != 0: an entry where x == 0 gets a zero gradient.
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { Attrs, GradConfig } from './util.js';

export const cumprodGradConfig: GradConfig = {
  kernelName: 'Cumprod',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, y] = saved;
    const { axis, exclusive, reverse } = attrs as Attrs & { axis: number; exclusive: boolean; reverse: boolean };
    return { x: () => tfc.divNoNan(tfc.cumsum(tfc.mul(y, dy as Tensor), axis, exclusive, !reverse), x) };
  },
};

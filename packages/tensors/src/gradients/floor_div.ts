/**
 * FloorDiv: floor(a / b) is piecewise constant, so both gradients are zero
 * (TensorFlow registers `None` for both). tfjs registered real division's
 * gradient (dy / b and -dy * a / b^2) instead.
 */
import { type GradConfig, zerosOf } from './util.js';

export const floorDivGradConfig: GradConfig = {
  kernelName: 'FloorDiv',
  inputsToSave: ['a', 'b'],
  gradFunc: (_dy, saved) => {
    const [a, b] = saved;
    return { a: () => zerosOf(a.shape), b: () => zerosOf(b.shape) };
  },
};

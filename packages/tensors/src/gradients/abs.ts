/**
 * Abs: d|x|/dx = sign(x), which is 0 at x = 0 (TensorFlow and PyTorch).
 * tfjs registered dy * step(x, -1), which gives -1 at 0: an L1 penalty or a
 * hand-written mean absolute error then pushed a value sitting exactly at 0.
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { GradConfig } from './util.js';

export const absGradConfig: GradConfig = {
  kernelName: 'Abs',
  inputsToSave: ['x'],
  gradFunc: (dy, saved) => {
    const [x] = saved;
    return { x: () => tfc.mul(dy as Tensor, tfc.sign(tfc.cast(x, 'float32'))) };
  },
};

/**
 * ComplexAbs |z|: TensorFlow's gradient is dy * z / |z| (0 where z == 0), of
 * which tfjs's float32-only tape carries the real part, dy * real(z) / |z|
 * (see complex.ts). tfjs reused Abs's gradient, dy * sign(real(z)), which is
 * wrong wherever z has an imaginary part (and gives -dy at z == 0).
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { GradConfig } from './util.js';

export const complexAbsGradConfig: GradConfig = {
  kernelName: 'ComplexAbs',
  inputsToSave: ['x'],
  outputsToSave: [true],
  gradFunc: (dy, saved) => {
    const [z, abs] = saved;
    return { x: () => tfc.divNoNan(tfc.mul(dy as Tensor, tfc.real(z)), abs) };
  },
};

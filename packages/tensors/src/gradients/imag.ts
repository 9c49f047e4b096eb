/**
 * Imag(z): TensorFlow's gradient with respect to z is complex(0, dy), purely
 * imaginary: tfjs's float32-only tape, which carries the real part of the
 * gradient of a complex64 tensor (see complex.ts), would get 0, a silently
 * wrong gradient. tfjs registers none ("gradient function not found for
 * Imag"); this one throws a {@link DTypeError} that says why and what to do.
 */
import { complexGradientError, type GradConfig } from './util.js';

export const imagGradConfig: GradConfig = {
  kernelName: 'Imag',
  gradFunc: () => ({
    input: () => {
      throw complexGradientError('imag()', 'complex(0, dy)');
    },
  }),
};

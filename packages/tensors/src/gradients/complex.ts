/**
 * Complex(real, imag) (tfjs registers no gradient). TensorFlow's rule is
 * d real = real(dy), d imag = imag(dy), but tfjs's tape accepts only float32
 * gradients, so the gradient that reaches a complex64 tensor is float32 and
 * holds only the real part of the true gradient: ops on complex tensors
 * return the real part of theirs (Real, Cast, ComplexAbs, Add, Reshape, ...),
 * and the imaginary part is not tracked. So d real = dy, and d imag, which
 * would need the imaginary part, throws a {@link DTypeError} (only when imag
 * is on the path to a differentiated input: the tape skips it otherwise).
 *
 * Known hole, tfjs's own: Multiply and RealDiv with a complex factor return
 * the real part of their gradient computed as if the incoming one had no
 * imaginary part, which is exact only when it has none (e.g.
 * real(complex(a, b) * w) is exact in a; real(complex(a, b) * w * v) is not).
 */
import { type Tensor, tfc } from '../tfjs.js';
import { complexGradientError, type GradConfig } from './util.js';

export const complexGradConfig: GradConfig = {
  kernelName: 'Complex',
  gradFunc: (dy) => {
    const g = dy as Tensor;
    const isComplex = g.dtype === 'complex64';
    return {
      real: () => (isComplex ? tfc.real(g) : tfc.clone(g)),
      imag: () => {
        if (isComplex) return tfc.imag(g);
        throw complexGradientError('complex() with respect to its imaginary part', 'imag(dy)');
      },
    };
  },
};

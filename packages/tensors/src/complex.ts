/**
 * complex64 tensors: build them from real and imaginary parts, take them
 * apart, and compute magnitudes.
 */
import { broadcastShapes, type TensorInput, toTensor } from './check.js';
import { DTypeError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

function requireComplex(t: Tensor, op: string): void {
  if (t.dtype !== 'complex64') {
    throw new DTypeError(`${op}: expected a complex64 tensor, got ${t.dtype}. Build one with complex(real, imag).`);
  }
}

/** A complex64 tensor from real and imaginary parts of the same shape. @example `complex([1, 2], [0, -1])` */
export function complex(real: TensorInput, imag: TensorInput): Tensor {
  return tfc.tidy(() => {
    const re = toTensor(real, 'real', 'complex', 'float32');
    const im = toTensor(imag, 'imag', 'complex', 'float32');
    const shape = broadcastShapes(re.shape, im.shape, 'complex');
    return tfc.complex(
      tfc.broadcastTo(tfc.cast(re, 'float32'), shape),
      tfc.broadcastTo(tfc.cast(im, 'float32'), shape),
    );
  });
}

/** The real part of a complex64 tensor. */
export function real(x: Tensor): Tensor {
  const t = toTensor(x, 'x', 'real');
  requireComplex(t, 'real');
  return tfc.real(t);
}

/** The imaginary part of a complex64 tensor. */
export function imag(x: Tensor): Tensor {
  const t = toTensor(x, 'x', 'imag');
  requireComplex(t, 'imag');
  return tfc.imag(t);
}

/** The magnitude |z| of each element of a complex64 tensor (float32). */
export function complexAbs(x: Tensor): Tensor {
  const t = toTensor(x, 'x', 'complexAbs');
  requireComplex(t, 'complexAbs');
  return tfc.abs(t);
}

/**
 * Real(z) (tfjs registers no gradient): TensorFlow's rule gives z the
 * gradient complex(dy, 0), whose real part, dy, is what tfjs's float32-only
 * tape carries for a complex64 tensor (see complex.ts). Exact.
 */
import { type Tensor, tfc } from '../tfjs.js';
import type { GradConfig } from './util.js';

export const realGradConfig: GradConfig = {
  kernelName: 'Real',
  gradFunc: (dy) => ({ input: () => tfc.clone(dy as Tensor) }),
};

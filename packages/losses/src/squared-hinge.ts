/**
 * Squared hinge loss, `mean(max(1 - yTrue * yPred, 0)^2)` over the last
 * axis, with 0/1 labels converted to -1/1 as Keras converts them.
 */
import { registerSerializable } from '@layerwise/core';
import { maximum, mean, mul, square, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { hingeInputs } from './hinge.js';
import { Loss, type LossOptions } from './loss.js';

/**
 * Per-sample squared hinge loss, `mean(max(1 - yTrue * yPred, 0)^2)` over
 * the last axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. Targets are expected to be -1 or 1; if every
 * target is 0 or 1 they are converted to -1 or 1 first (Keras's rule, see
 * `convertBinaryLabelsToHinge`).
 *
 * @example
 * ```ts
 * squaredHinge(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [1.46, 2.26]
 * ```
 */
export function squaredHinge(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = hingeInputs('squaredHinge', yTrue, yPred);
    return mean(square(maximum(sub(1, mul(t, p)), 0)), -1);
  });
}

/**
 * The squared hinge loss (Keras's `SquaredHinge`, identifier
 * `'squared_hinge'`): `max(1 - yTrue * yPred, 0)^2`, averaged over the last
 * axis, with targets -1/1 (0/1 targets are converted). Smooth where the
 * hinge has a kink, and harder on large margin violations. PyTorch has no
 * built-in equivalent; this is Keras's definition.
 *
 * @example
 * ```ts
 * const loss = new SquaredHinge();
 * loss.compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 1.86
 * ```
 */
export class SquaredHinge extends Loss {
  static override readonly className = 'SquaredHinge';

  constructor(options: LossOptions = {}) {
    super(options, 'squared_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return squaredHinge(yTrue, yPred);
  }
}
registerSerializable(SquaredHinge);

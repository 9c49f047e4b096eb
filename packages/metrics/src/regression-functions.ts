/**
 * Per-sample regression metric functions (Keras's `mean_squared_error` and
 * `mean_absolute_error`, defined here because metrics do not depend on the
 * losses package).
 */
import { abs, mean, square, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * `mean((yTrue - yPred)^2)` over the last axis, one value per sample.
 *
 * @example
 * ```ts
 * meanSquaredError([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // [0.5, 0.5]
 * ```
 */
export function meanSquaredError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('meanSquaredError', t, p);
    return mean(square(sub(t, p)), -1);
  });
}

/**
 * `mean(|yTrue - yPred|)` over the last axis, one value per sample.
 *
 * @example
 * ```ts
 * meanAbsoluteError([[0, 1], [0, 0]], [[1, 1], [1, 0]]); // [0.5, 0.5]
 * ```
 */
export function meanAbsoluteError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('meanAbsoluteError', t, p);
    return mean(abs(sub(t, p)), -1);
  });
}

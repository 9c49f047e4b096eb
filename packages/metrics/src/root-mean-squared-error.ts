/**
 * `RootMeanSquaredError`: the square root of the running mean squared error.
 */
import { registerSerializable } from '@layerwise/core';
import { sqrt, square, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { Mean } from './mean.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * The root of the (weighted) mean squared error (Keras's
 * `RootMeanSquaredError`, identifiers `'rmse'` and
 * `'root_mean_squared_error'`): `sqrt(total / count)`, where
 * `(yPred - yTrue)^2` is averaged per sample and weighted as in
 * {@link Mean}. The root is taken of the whole stream's mean, not averaged
 * per batch.
 *
 * @example
 * ```ts
 * const m = new RootMeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);         // result 0.5
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]); // result 0.70710677
 * ```
 */
export class RootMeanSquaredError extends Mean {
  static override readonly className: string = 'RootMeanSquaredError';

  constructor(options: MetricOptions = {}) {
    super(options, 'root_mean_squared_error');
  }

  /** Adds `(yPred - yTrue)^2`, weighted by `sampleWeight`, to the running mean. */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => {
      const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
      checkSameShape('RootMeanSquaredError', t, p);
      this.accumulate(square(sub(p, t)), sampleWeight);
    });
  }

  /** `sqrt(total / count)`, or 0 while `count` is 0. */
  override result(): Tensor {
    return tidy(() => sqrt(super.result()));
  }
}
registerSerializable(RootMeanSquaredError);

/**
 * `MeanSquaredLogarithmicError` and its per-sample function.
 */
import { registerSerializable } from '@layerwise/core';
import { add, log, maximum, mean, square, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/** Keras's `backend.epsilon()`. */
const EPSILON = 1e-7;

/**
 * `mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)` over the
 * last axis, one value per sample (Keras's `mean_squared_logarithmic_error`):
 * values below 1e-7, negative ones included, count as 1e-7.
 *
 * @example
 * ```ts
 * meanSquaredLogarithmicError([[0, 1], [0, 0]], [[1, 1], [0, 0]]); // [0.2402, 0]
 * ```
 */
export function meanSquaredLogarithmicError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('meanSquaredLogarithmicError', t, p);
    const first = log(add(maximum(p, EPSILON), 1));
    const second = log(add(maximum(t, EPSILON), 1));
    return mean(square(sub(first, second)), -1);
  });
}

/**
 * The (weighted) mean squared logarithmic error (Keras's
 * `MeanSquaredLogarithmicError`, identifiers `'msle'` and
 * `'mean_squared_logarithmic_error'`): per sample
 * `mean((log(yPred + 1) - log(yTrue + 1))^2)` over the last axis (values
 * clipped below at 1e-7), then the weighted mean over samples.
 *
 * @example
 * ```ts
 * const m = new MeanSquaredLogarithmicError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);         // result 0.12011322
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]); // result 0.24022643
 * ```
 */
export class MeanSquaredLogarithmicError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanSquaredLogarithmicError';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(meanSquaredLogarithmicError, options, 'mean_squared_logarithmic_error');
  }
}
registerSerializable(MeanSquaredLogarithmicError);
registerMetricFunction('mean_squared_logarithmic_error', meanSquaredLogarithmicError);
registerMetricFunction('msle', meanSquaredLogarithmicError);

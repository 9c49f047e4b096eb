/**
 * `MeanAbsolutePercentageError` and its per-sample function.
 */
import { registerSerializable } from '@layerwise/core';
import { abs, div, maximum, mean, mul, sub, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { registerMetricFunction } from './functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/** Keras's `backend.epsilon()`. */
const EPSILON = 1e-7;

/**
 * `100 * mean(|yTrue - yPred| / max(|yTrue|, 1e-7))` over the last axis, one
 * value per sample (Keras's `mean_absolute_percentage_error`). A zero target
 * divides by 1e-7, as in Keras, so its error is huge rather than infinite.
 *
 * @example
 * ```ts
 * meanAbsolutePercentageError([[1, 2], [4, 4]], [[1.1, 1.8], [4, 5]]); // [10, 12.5]
 * ```
 */
export function meanAbsolutePercentageError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('meanAbsolutePercentageError', t, p);
    return mul(mean(abs(div(sub(t, p), maximum(abs(t), EPSILON))), -1), 100);
  });
}

/**
 * The (weighted) mean absolute percentage error (Keras's
 * `MeanAbsolutePercentageError`, identifiers `'mape'` and
 * `'mean_absolute_percentage_error'`): per sample
 * `100 * mean(|yTrue - yPred| / max(|yTrue|, 1e-7))` over the last axis,
 * then the weighted mean over samples.
 *
 * @example
 * ```ts
 * const m = new MeanAbsolutePercentageError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);         // result 250000000 (a zero target divides by 1e-7)
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]); // result 500000000
 * ```
 */
export class MeanAbsolutePercentageError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanAbsolutePercentageError';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(meanAbsolutePercentageError, options, 'mean_absolute_percentage_error');
  }
}
registerSerializable(MeanAbsolutePercentageError);
registerMetricFunction('mean_absolute_percentage_error', meanAbsolutePercentageError);
registerMetricFunction('mape', meanAbsolutePercentageError);

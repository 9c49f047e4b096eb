/**
 * `MeanSquaredError`: the running mean of the squared error.
 */
import { registerSerializable } from '@layerwise/core';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { meanSquaredError } from './regression-functions.js';

/**
 * The (weighted) mean squared error between targets and predictions
 * (Keras's `MeanSquaredError`, identifiers `'mse'` and
 * `'mean_squared_error'`): per sample `mean((yTrue - yPred)^2)` over the
 * last axis, then the weighted mean over samples.
 *
 * @example
 * ```ts
 * const m = new MeanSquaredError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]); // result 0.25
 * ```
 */
export class MeanSquaredError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanSquaredError';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(meanSquaredError, options, 'mean_squared_error');
  }
}
registerSerializable(MeanSquaredError);

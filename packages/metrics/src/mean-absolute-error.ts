/**
 * `MeanAbsoluteError`: the running mean of the absolute error.
 */
import { registerSerializable } from '@layerwise/core';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';
import { meanAbsoluteError } from './regression-functions.js';

/**
 * The (weighted) mean absolute error between targets and predictions
 * (Keras's `MeanAbsoluteError`, identifiers `'mae'` and
 * `'mean_absolute_error'`): per sample `mean(|yTrue - yPred|)` over the
 * last axis, then the weighted mean over samples.
 *
 * @example
 * ```ts
 * const m = new MeanAbsoluteError();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);          // result 0.25
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]);  // result 0.5
 * ```
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override readonly className: string = 'MeanAbsoluteError';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(meanAbsoluteError, options, 'mean_absolute_error');
  }
}
registerSerializable(MeanAbsoluteError);

/**
 * `SquaredHinge` (the metric): the running mean of the squared hinge loss.
 */
import { registerSerializable } from '@layerwise/core';
import { squaredHinge } from '@layerwise/losses';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';

/**
 * The (weighted) mean squared hinge loss between -1/1 targets and raw
 * scores (Keras's metric `SquaredHinge`, identifier `'squared_hinge'`): per
 * sample `mean(max(1 - yTrue * yPred, 0)^2)` over the last axis
 * (`squaredHinge` from `@layerwise/losses`; 0/1 targets are converted to
 * -1/1 as in {@link Hinge}), then the weighted mean over samples. Lower is
 * better. It shares its class name with the loss; it is saved under the
 * `'metrics'` module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new SquaredHinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);         // result 1.86
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0]); // result 1.46
 * ```
 */
export class SquaredHinge extends MeanMetricWrapper {
  static override readonly className: string = 'SquaredHinge';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(squaredHinge, options, 'squared_hinge');
  }
}
registerSerializable(SquaredHinge);
registerMetricFunction('squared_hinge', squaredHinge);

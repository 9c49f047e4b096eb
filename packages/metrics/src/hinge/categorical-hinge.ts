/**
 * `CategoricalHinge` (the metric): the running mean of the categorical hinge loss.
 */
import { registerSerializable } from '@layerwise/core';
import { categoricalHinge } from '@layerwise/losses';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';

/**
 * The (weighted) mean categorical hinge loss between one-hot targets and
 * raw class scores (Keras's metric `CategoricalHinge`, identifier
 * `'categorical_hinge'`): per sample `max(neg - pos + 1, 0)` with
 * `pos = sum(yTrue * yPred)` and `neg = max((1 - yTrue) * yPred)` over the
 * last axis (`categoricalHinge` from `@layerwise/losses`), then the weighted
 * mean over samples. Lower is better. It shares its class name with the
 * loss; it is saved under the `'metrics'` module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new CategoricalHinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);         // result 1.4000001
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0]); // result 1.2
 * ```
 */
export class CategoricalHinge extends MeanMetricWrapper {
  static override readonly className: string = 'CategoricalHinge';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(categoricalHinge, options, 'categorical_hinge');
  }
}
registerSerializable(CategoricalHinge);
registerMetricFunction('categorical_hinge', categoricalHinge);

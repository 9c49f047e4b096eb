/**
 * `Accuracy`: how often predictions equal targets exactly.
 */
import { registerSerializable } from '@layerwise/core';
import { accuracy } from './accuracy-functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';

/**
 * The (weighted) fraction of predictions that equal their targets exactly
 * (Keras's `Accuracy`). For probabilities use {@link BinaryAccuracy},
 * {@link CategoricalAccuracy} or {@link SparseCategoricalAccuracy} (or
 * `getMetric('accuracy', { loss })`, which picks one).
 *
 * @example
 * ```ts
 * const m = new Accuracy();
 * m.updateState([[1], [2], [3], [4]], [[0], [2], [3], [4]]); // result 0.75
 * ```
 */
export class Accuracy extends MeanMetricWrapper {
  static override readonly className: string = 'Accuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(accuracy, options, 'accuracy');
  }
}
registerSerializable(Accuracy);

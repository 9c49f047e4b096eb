/**
 * `Hinge` (the metric): the running mean of the hinge loss.
 */
import { registerSerializable } from '@layerwise/core';
import { hinge } from '@layerwise/losses';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';

/**
 * The (weighted) mean hinge loss between -1/1 targets and raw scores
 * (Keras's metric `Hinge`, identifier `'hinge'`): per sample
 * `mean(max(1 - yTrue * yPred, 0))` over the last axis (`hinge` from
 * `@layerwise/losses`; if every target in the batch is 0 or 1 they are
 * converted to -1 or 1 first, as Keras converts them), then the weighted
 * mean over samples. Lower is better. It shares its class name with the
 * loss; it is saved under the `'metrics'` module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new Hinge();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);         // result 1.3
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0]); // result 1.1
 * ```
 */
export class Hinge extends MeanMetricWrapper {
  static override readonly className: string = 'Hinge';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(hinge, options, 'hinge');
  }
}
registerSerializable(Hinge);
registerMetricFunction('hinge', hinge);

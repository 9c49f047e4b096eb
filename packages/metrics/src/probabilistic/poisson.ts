/**
 * `Poisson` (the metric): the running mean of the Poisson loss.
 */
import { registerSerializable } from '@layerwise/core';
import { poisson } from '@layerwise/losses';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';

/**
 * The (weighted) mean Poisson loss between counts and predicted rates
 * (Keras's metric `Poisson`, identifier `'poisson'`): per sample
 * `mean(yPred - yTrue * log(yPred + 1e-7))` over the last axis (`poisson`
 * from `@layerwise/losses`), then the weighted mean over samples. Lower is
 * better. It shares its class name with the loss; it is saved under the
 * `'metrics'` module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new Poisson();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]]);         // result 0.49999997
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[1, 1], [0, 0]], [1, 0]); // result 0.99999994
 * ```
 */
export class Poisson extends MeanMetricWrapper {
  static override readonly className: string = 'Poisson';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(poisson, options, 'poisson');
  }
}
registerSerializable(Poisson);
registerMetricFunction('poisson', poisson);

/**
 * `KLDivergence` (the metric): the running mean of the Kullback-Leibler divergence.
 */
import { registerSerializable } from '@layerwise/core';
import { klDivergence } from '@layerwise/losses';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';

/**
 * The (weighted) mean Kullback-Leibler divergence between target and
 * predicted distributions (Keras's metric `KLDivergence`, identifier
 * `'kl_divergence'`): per sample `sum(yTrue * log(yTrue / yPred))` over the
 * last axis, both clipped to `[1e-7, 1]` (`klDivergence` from
 * `@layerwise/losses`), then the weighted mean over samples. Lower is
 * better. It shares its class name with the loss; it is saved under the
 * `'metrics'` module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new KLDivergence();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);         // result 0.45814306
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0]); // result 0.9162892
 * ```
 */
export class KLDivergence extends MeanMetricWrapper {
  static override readonly className: string = 'KLDivergence';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(klDivergence, options, 'kl_divergence');
  }
}
registerSerializable(KLDivergence);
registerMetricFunction('kl_divergence', klDivergence);

/**
 * `CategoricalAccuracy`: how often the top predicted class is the one-hot target's.
 */
import { registerSerializable } from '@layerwise/core';
import { categoricalAccuracy } from './accuracy-functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';

/**
 * The (weighted) fraction of samples whose highest prediction is at the
 * index of their one-hot target's 1 (Keras's `CategoricalAccuracy`,
 * identifier `'categorical_accuracy'`). Logits work as well as
 * probabilities.
 *
 * @example
 * ```ts
 * const m = new CategoricalAccuracy();
 * m.updateState([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); // result 0.5
 * ```
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'CategoricalAccuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, options, 'categorical_accuracy');
  }
}
registerSerializable(CategoricalAccuracy);

/**
 * `SparseCategoricalAccuracy`: how often the top predicted class is the integer target.
 */
import { registerSerializable } from '@layerwise/core';
import { sparseCategoricalAccuracy } from './accuracy-functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';

/**
 * The (weighted) fraction of samples whose highest prediction is at their
 * integer class target (Keras's `SparseCategoricalAccuracy`, identifier
 * `'sparse_categorical_accuracy'`). Targets may be `[batch]` or
 * `[batch, 1]` for predictions of shape `[batch, classes]`.
 *
 * @example
 * ```ts
 * const m = new SparseCategoricalAccuracy();
 * m.updateState([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]); // result 0.5
 * ```
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'SparseCategoricalAccuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype'];

  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, options, 'sparse_categorical_accuracy');
  }
}
registerSerializable(SparseCategoricalAccuracy);

/**
 * `BinaryAccuracy`: how often thresholded predictions match binary targets.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import { binaryAccuracy } from './accuracy-functions.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { MetricOptions } from './metric.js';

/**
 * Options of {@link BinaryAccuracy}.
 *
 * @example
 * ```ts
 * new BinaryAccuracy({ threshold: 0.7, name: 'acc_at_0_7' });
 * ```
 */
export interface BinaryAccuracyOptions extends MetricOptions {
  /** A prediction above it counts as 1, else 0 (default 0.5). */
  threshold?: number;
}

/**
 * The (weighted) fraction of predictions that, thresholded at `threshold`,
 * match their 0/1 (or boolean) targets (Keras's `BinaryAccuracy`,
 * identifier `'binary_accuracy'`). Targets of shape `[batch]` and
 * predictions of shape `[batch, 1]` line up.
 *
 * @example
 * ```ts
 * const m = new BinaryAccuracy();
 * m.updateState([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]); // result 0.75
 * ```
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  static override readonly className: string = 'BinaryAccuracy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'threshold'];

  readonly threshold: number;

  constructor(options: BinaryAccuracyOptions = {}) {
    const threshold = options.threshold ?? 0.5;
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw new ValueError(`BinaryAccuracy: threshold is ${threshold}; expected a number such as 0.5.`);
    }
    super((yTrue: Tensor, yPred: Tensor) => binaryAccuracy(yTrue, yPred, threshold), options, 'binary_accuracy');
    this.threshold = threshold;
  }

  override getConfig(): Config {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}
registerSerializable(BinaryAccuracy);

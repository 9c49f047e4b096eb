/**
 * `BinaryCrossentropy` (the metric): the running mean of the binary crossentropy.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { binaryCrossentropy } from '@layerwise/losses';
import type { Tensor } from '@layerwise/tensors';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';
import { checkFromLogits, checkLabelSmoothing } from './checks.js';

/**
 * Options of the {@link BinaryCrossentropy} metric.
 *
 * @example
 * ```ts
 * new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1, name: 'bce' });
 * ```
 */
export interface BinaryCrossentropyOptions extends MetricOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** In [0, 1]: targets become `yTrue * (1 - s) + 0.5 * s`, squeezed towards 0.5 (default 0). */
  labelSmoothing?: number;
}

/**
 * The (weighted) mean binary crossentropy between binary targets (0 or 1)
 * and predicted probabilities or logits (Keras's metric
 * `BinaryCrossentropy`, identifiers `'binary_crossentropy'` and `'bce'`):
 * per sample `binaryCrossentropy(yTrue, yPred)` from `@layerwise/losses`
 * (averaged over the last axis, probabilities clipped to
 * `[1e-7, 1 - 1e-7]`), then the weighted mean over samples. Lower is better.
 * It shares its class name with the loss; it is saved under the `'metrics'`
 * module, the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new BinaryCrossentropy();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]]);         // result 0.81492424
 * m.resetState();
 * m.updateState([[0, 1], [0, 0]], [[0.6, 0.4], [0.4, 0.6]], [1, 0]); // result 0.9162905
 * ```
 */
export class BinaryCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = 'BinaryCrossentropy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'fromLogits', 'labelSmoothing'];

  readonly fromLogits: boolean;
  readonly labelSmoothing: number;

  constructor(options: BinaryCrossentropyOptions = {}) {
    const fromLogits = checkFromLogits('BinaryCrossentropy', options.fromLogits);
    const labelSmoothing = checkLabelSmoothing('BinaryCrossentropy', options.labelSmoothing);
    super(
      (yTrue: Tensor, yPred: Tensor) => binaryCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing }),
      options,
      'binary_crossentropy',
    );
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
  }

  /** `{ name, dtype, fromLogits, labelSmoothing }`, as Keras's config in camelCase. */
  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}
registerSerializable(BinaryCrossentropy);
registerMetricFunction('binary_crossentropy', binaryCrossentropy);

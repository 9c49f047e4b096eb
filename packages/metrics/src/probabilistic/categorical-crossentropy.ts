/**
 * `CategoricalCrossentropy` (the metric): the running mean of the categorical crossentropy.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { categoricalCrossentropy } from '@layerwise/losses';
import type { Tensor } from '@layerwise/tensors';
import { registerMetricFunction } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { MetricOptions } from '../metric.js';
import { checkAxis, checkFromLogits, checkLabelSmoothing } from './checks.js';

/**
 * Options of the {@link CategoricalCrossentropy} metric.
 *
 * @example
 * ```ts
 * new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1, axis: -1 });
 * ```
 */
export interface CategoricalCrossentropyOptions extends MetricOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * In [0, 1]: targets become `yTrue * (1 - s) + s / numClasses` (with 0.1 and
   * 3 classes: 0.0333 for the others, 0.9333 for the target). Default 0.
   */
  labelSmoothing?: number;
  /** The class axis, along which the crossentropy is taken (default -1). */
  axis?: number;
}

/**
 * The (weighted) mean crossentropy between one-hot targets and predicted
 * class probabilities or logits (Keras's metric `CategoricalCrossentropy`,
 * identifier `'categorical_crossentropy'`): per sample
 * `categoricalCrossentropy(yTrue, yPred)` from `@layerwise/losses`
 * (probabilities renormalized to sum to 1 and clipped to
 * `[1e-7, 1 - 1e-7]`), then the weighted mean over samples. Lower is better.
 * For integer targets use {@link SparseCategoricalCrossentropy}. It shares
 * its class name with the loss; it is saved under the `'metrics'` module,
 * the loss under `'losses'`.
 *
 * @example
 * ```ts
 * const m = new CategoricalCrossentropy();
 * m.updateState([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]]);             // result 1.1769392
 * m.resetState();
 * m.updateState([[0, 1, 0], [0, 0, 1]], [[0.05, 0.95, 0], [0.1, 0.8, 0.1]], [0.3, 0.7]); // result 1.6271976
 * ```
 */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  static override readonly className: string = 'CategoricalCrossentropy';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'fromLogits', 'labelSmoothing', 'axis'];

  readonly fromLogits: boolean;
  readonly labelSmoothing: number;
  readonly axis: number;

  constructor(options: CategoricalCrossentropyOptions = {}) {
    const fromLogits = checkFromLogits('CategoricalCrossentropy', options.fromLogits);
    const labelSmoothing = checkLabelSmoothing('CategoricalCrossentropy', options.labelSmoothing);
    const axis = checkAxis('CategoricalCrossentropy', options.axis);
    super(
      (yTrue: Tensor, yPred: Tensor) => categoricalCrossentropy(yTrue, yPred, { fromLogits, labelSmoothing, axis }),
      options,
      'categorical_crossentropy',
    );
    this.fromLogits = fromLogits;
    this.labelSmoothing = labelSmoothing;
    this.axis = axis;
  }

  /** `{ name, dtype, fromLogits, labelSmoothing, axis }`, as Keras's config in camelCase. */
  override getConfig(): Config {
    return {
      ...super.getConfig(),
      fromLogits: this.fromLogits,
      labelSmoothing: this.labelSmoothing,
      axis: this.axis,
    };
  }
}
registerSerializable(CategoricalCrossentropy);
registerMetricFunction('categorical_crossentropy', categoricalCrossentropy);

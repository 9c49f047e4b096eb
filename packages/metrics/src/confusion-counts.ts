/**
 * `ConfusionMatrixConditionCount`: the shared base of `TruePositives`,
 * `FalsePositives`, `TrueNegatives` and `FalseNegatives`.
 */
import type { Config } from '@layerwise/core';
import { identity, reshape, type Tensor, type TensorInput, type Variable } from '@layerwise/tensors';
import {
  type ConfusionCell,
  isEvenlyDistributed,
  parseThresholds,
  type ThresholdsInput,
  thresholdsConfig,
  updateConfusionVariables,
} from './confusion-utils.js';
import { Metric, type MetricOptions } from './metric.js';

/**
 * Options of the confusion-count metrics ({@link TruePositives},
 * {@link FalsePositives}, {@link TrueNegatives}, {@link FalseNegatives}).
 *
 * @example
 * ```ts
 * new TruePositives({ thresholds: [0.3, 0.5, 0.7], name: 'tp' });
 * ```
 */
export interface ConfusionCountOptions extends MetricOptions {
  /**
   * A threshold in `[0, 1]` or a list of them (default 0.5): a prediction
   * strictly above a threshold counts as positive. One count per threshold.
   * With logits (a loss with `fromLogits: true`), use 0.
   */
  thresholds?: ThresholdsInput;
}

/**
 * The weighted count of one confusion-matrix cell at each threshold (Keras's
 * `_ConfusionMatrixConditionCount`): state `accumulator` of shape
 * `[thresholds]`; labels are cast to bool, a prediction counts as positive
 * when it is strictly above the threshold, and a sample weight adds its
 * weight instead of 1 (0 masks the entry). `result()` is a scalar for one
 * threshold, else one count per threshold.
 *
 * @example
 * ```ts
 * class TruePositives extends ConfusionMatrixConditionCount {
 *   constructor(options: ConfusionCountOptions = {}) { super('tp', options, 'true_positives'); }
 * }
 * ```
 */
export abstract class ConfusionMatrixConditionCount extends Metric {
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'thresholds'];

  /** The thresholds, as a list. */
  readonly thresholds: number[];
  /** The `thresholds` option as given (what `getConfig` saves). */
  readonly initThresholds: number | number[] | null;
  /** The per-threshold counts. */
  readonly accumulator: Variable;
  private readonly condition: ConfusionCell;
  private readonly evenly: boolean;

  constructor(condition: ConfusionCell, options: ConfusionCountOptions = {}, defaultName?: string) {
    super(options, defaultName);
    const who = (this.constructor as { className?: string }).className ?? 'ConfusionMatrixConditionCount';
    this.condition = condition;
    this.thresholds = parseThresholds(who, options.thresholds, 0.5);
    this.initThresholds = thresholdsConfig(options.thresholds);
    this.evenly = isEvenlyDistributed(this.thresholds);
    this.accumulator = this.addWeight('accumulator', [this.thresholds.length]);
  }

  /**
   * Adds this batch's weighted count at each threshold. `yTrue` and `yPred`
   * have the same shape (a trailing 1 may differ); `sampleWeight` is a
   * scalar, one weight per sample, or any shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    const who = (this.constructor as { className?: string }).className ?? 'ConfusionMatrixConditionCount';
    updateConfusionVariables(who, { [this.condition]: this.accumulator }, yTrue, yPred, {
      thresholds: this.thresholds,
      thresholdsDistributedEvenly: this.evenly,
      sampleWeight,
    });
  }

  /** The count (a scalar for one threshold, else `[thresholds]`). */
  result(): Tensor {
    return this.thresholds.length === 1 ? reshape(this.accumulator, []) : identity(this.accumulator);
  }

  /** `{ name, dtype, thresholds }` (`thresholds` as given, `null` for the default). */
  override getConfig(): Config {
    return { ...super.getConfig(), thresholds: this.initThresholds };
  }
}

/**
 * What `Precision` and `Recall` share: thresholds, `topK` and `classId`,
 * true positives and one other count per threshold, and the ratio of them.
 */
import type { Config } from '@layerwise/core';
import { add, divNoNan, reshape, type Tensor, type TensorInput, tidy, type Variable } from '@layerwise/tensors';
import {
  checkClassId,
  checkPositiveInt,
  isEvenlyDistributed,
  NEG_INF,
  parseThresholds,
  type ThresholdsInput,
  thresholdsConfig,
  updateConfusionVariables,
} from './confusion-utils.js';
import { Metric, type MetricOptions } from './metric.js';

/**
 * Options of `Precision` and `Recall`.
 *
 * @example
 * ```ts
 * new Precision({ thresholds: [0.5, 0.7] });
 * new Recall({ topK: 3, classId: 2 });
 * ```
 */
export interface PrecisionRecallOptions extends MetricOptions {
  /**
   * A threshold in `[0, 1]` or a list of them: a prediction strictly above a
   * threshold counts as positive; one value per threshold. Default 0.5, or
   * no threshold (`-1e10`) when `topK` is set. With logits, use 0.
   */
  thresholds?: ThresholdsInput;
  /** Only the `topK` largest predictions of each row count as positive (default: unset). */
  topK?: number | null;
  /** Only this class (an index into the last axis of the predictions) is scored (default: unset). */
  classId?: number | null;
}

/**
 * `tp / (tp + other)` per threshold, where `other` is the false positives
 * (precision) or the false negatives (recall). Labels are cast to bool; a
 * sample weight weighs entries (0 masks). With `topK`, only each row's top-k
 * predictions may count as positive; with `classId`, only that class's
 * column is scored. The result is a scalar for one threshold, else one value
 * per threshold.
 *
 * @example
 * ```ts
 * class Precision extends PrecisionRecallBase {
 *   constructor(options = {}) { super(options, 'precision', 'fp'); }
 * }
 * ```
 */
export abstract class PrecisionRecallBase extends Metric {
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'thresholds', 'topK', 'classId'];

  readonly thresholds: number[];
  readonly initThresholds: number | number[] | null;
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  /** The false positives (precision) or false negatives (recall), per threshold. */
  protected readonly otherCount: Variable;
  private readonly evenly: boolean;
  private readonly other: 'fp' | 'fn';

  constructor(options: PrecisionRecallOptions, defaultName: string, other: 'fp' | 'fn') {
    super(options, defaultName);
    const who = (this.constructor as unknown as { className: string }).className;
    checkPositiveInt(who, 'topK', options.topK);
    checkClassId(who, options.classId);
    this.topK = options.topK ?? null;
    this.classId = options.classId ?? null;
    this.initThresholds = thresholdsConfig(options.thresholds);
    this.thresholds = parseThresholds(who, options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    this.evenly = isEvenlyDistributed(this.thresholds);
    this.other = other;
    this.truePositives = this.addWeight('true_positives', [this.thresholds.length]);
    this.otherCount = this.addWeight(other === 'fp' ? 'false_positives' : 'false_negatives', [this.thresholds.length]);
  }

  /**
   * Adds this batch's counts. `yTrue` (cast to bool) and `yPred` (in
   * `[0, 1]`) have the same shape; `sampleWeight` is a scalar, one weight per
   * sample, or any shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    const who = (this.constructor as unknown as { className: string }).className;
    updateConfusionVariables(who, { tp: this.truePositives, [this.other]: this.otherCount }, yTrue, yPred, {
      thresholds: this.thresholds,
      thresholdsDistributedEvenly: this.evenly,
      topK: this.topK,
      classId: this.classId,
      sampleWeight,
    });
  }

  /** `tp / (tp + other)` per threshold (a scalar for one threshold). */
  result(): Tensor {
    return tidy(() => {
      const r = divNoNan(this.truePositives, add(this.truePositives, this.otherCount));
      return this.thresholds.length === 1 ? reshape(r, []) : r;
    });
  }

  /** `{ name, dtype, thresholds, topK, classId }` (`thresholds` as given). */
  override getConfig(): Config {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}

/**
 * `Recall`: the fraction of positives that are predicted positive.
 */
import { type Config, registerSerializable } from '@layerwise/core';
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
 * Options of {@link Recall}.
 *
 * @example
 * ```ts
 * new Recall({ thresholds: [0.5, 0.7] });
 * new Recall({ topK: 3, classId: 2 });
 * ```
 */
export interface RecallOptions extends MetricOptions {
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
 * The recall of the predictions, `tp / (tp + fn)` (0 when there are no
 * positives), at each threshold (Keras's `Recall`, identifier `'recall'`).
 * State `true_positives` and `false_negatives`, one entry per threshold.
 * Labels are cast to bool; a sample weight weighs entries (0 masks). With
 * `topK`, only each row's top-k predictions may count as positive (how often
 * a label is among the top-k predictions); with `classId`, only that class's
 * column is scored. The result is a scalar for one threshold, else one value
 * per threshold.
 *
 * @example
 * ```ts
 * const m = new Recall();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);               // result 0.6666667
 * m.resetState();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]); // result 1
 * ```
 */
export class Recall extends Metric {
  static override readonly className: string = 'Recall';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'thresholds', 'topK', 'classId'];

  readonly thresholds: number[];
  readonly initThresholds: number | number[] | null;
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  readonly falseNegatives: Variable;
  private readonly evenly: boolean;

  constructor(options: RecallOptions = {}) {
    super(options, 'recall');
    checkPositiveInt('Recall', 'topK', options.topK);
    checkClassId('Recall', options.classId);
    this.topK = options.topK ?? null;
    this.classId = options.classId ?? null;
    this.initThresholds = thresholdsConfig(options.thresholds);
    this.thresholds = parseThresholds('Recall', options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    this.evenly = isEvenlyDistributed(this.thresholds);
    this.truePositives = this.addWeight('true_positives', [this.thresholds.length]);
    this.falseNegatives = this.addWeight('false_negatives', [this.thresholds.length]);
  }

  /**
   * Adds this batch's true positives and false negatives. `yTrue` (cast to bool) and
   * `yPred` (in `[0, 1]`) have the same shape; `sampleWeight` is a scalar,
   * one weight per sample, or any shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    updateConfusionVariables('Recall', { tp: this.truePositives, fn: this.falseNegatives }, yTrue, yPred, {
      thresholds: this.thresholds,
      thresholdsDistributedEvenly: this.evenly,
      topK: this.topK,
      classId: this.classId,
      sampleWeight,
    });
  }

  /** `tp / (tp + fn)` per threshold (a scalar for one threshold). */
  result(): Tensor {
    return tidy(() => {
      const r = divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives));
      return this.thresholds.length === 1 ? reshape(r, []) : r;
    });
  }

  /** `{ name, dtype, thresholds, topK, classId }` (`thresholds` as given). */
  override getConfig(): Config {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}
registerSerializable(Recall);

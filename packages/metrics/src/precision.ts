/**
 * `Precision`: the fraction of predicted positives that are positive.
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
 * Options of {@link Precision}.
 *
 * @example
 * ```ts
 * new Precision({ thresholds: [0.5, 0.7] });
 * new Precision({ topK: 3, classId: 2 });
 * ```
 */
export interface PrecisionOptions extends MetricOptions {
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
 * The precision of the predictions, `tp / (tp + fp)` (0 when nothing is
 * predicted positive), at each threshold (Keras's `Precision`, identifier
 * `'precision'`). State `true_positives` and `false_positives`, one entry
 * per threshold. Labels are cast to bool; a sample weight weighs entries
 * (0 masks). With `topK`, only each row's top-k predictions may count as
 * positive; with `classId`, only that class's column is scored. The result is
 * a scalar for one threshold, else one value per threshold.
 *
 * @example
 * ```ts
 * const m = new Precision();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1]);               // result 0.6666667
 * m.resetState();
 * m.updateState([0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0]); // result 1
 * ```
 */
export class Precision extends Metric {
  static override readonly className: string = 'Precision';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'thresholds', 'topK', 'classId'];

  readonly thresholds: number[];
  readonly initThresholds: number | number[] | null;
  readonly topK: number | null;
  readonly classId: number | null;
  readonly truePositives: Variable;
  readonly falsePositives: Variable;
  private readonly evenly: boolean;

  constructor(options: PrecisionOptions = {}) {
    super(options, 'precision');
    checkPositiveInt('Precision', 'topK', options.topK);
    checkClassId('Precision', options.classId);
    this.topK = options.topK ?? null;
    this.classId = options.classId ?? null;
    this.initThresholds = thresholdsConfig(options.thresholds);
    this.thresholds = parseThresholds('Precision', options.thresholds, this.topK === null ? 0.5 : NEG_INF);
    this.evenly = isEvenlyDistributed(this.thresholds);
    this.truePositives = this.addWeight('true_positives', [this.thresholds.length]);
    this.falsePositives = this.addWeight('false_positives', [this.thresholds.length]);
  }

  /**
   * Adds this batch's true and false positives. `yTrue` (cast to bool) and
   * `yPred` (in `[0, 1]`) have the same shape; `sampleWeight` is a scalar,
   * one weight per sample, or any shape that broadcasts to `yPred`.
   */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    updateConfusionVariables('Precision', { tp: this.truePositives, fp: this.falsePositives }, yTrue, yPred, {
      thresholds: this.thresholds,
      thresholdsDistributedEvenly: this.evenly,
      topK: this.topK,
      classId: this.classId,
      sampleWeight,
    });
  }

  /** `tp / (tp + fp)` per threshold (a scalar for one threshold). */
  result(): Tensor {
    return tidy(() => {
      const r = divNoNan(this.truePositives, add(this.truePositives, this.falsePositives));
      return this.thresholds.length === 1 ? reshape(r, []) : r;
    });
  }

  /** `{ name, dtype, thresholds, topK, classId }` (`thresholds` as given). */
  override getConfig(): Config {
    return { ...super.getConfig(), thresholds: this.initThresholds, topK: this.topK, classId: this.classId };
  }
}
registerSerializable(Precision);

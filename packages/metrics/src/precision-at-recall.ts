/**
 * `PrecisionAtRecall`: the best precision where recall is at least a target.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { add, divNoNan, type Tensor, tidy } from '@layerwise/tensors';
import { SensitivitySpecificityBase, type SensitivitySpecificityOptions } from './sensitivity-specificity-base.js';

/**
 * Options of {@link PrecisionAtRecall}.
 *
 * @example
 * ```ts
 * new PrecisionAtRecall({ recall: 0.5, numThresholds: 200 });
 * ```
 */
export interface PrecisionAtRecallOptions extends SensitivitySpecificityOptions {
  /** The target recall, in `[0, 1]` (required). */
  recall: number;
}

/**
 * The best precision (`tp / (tp + fp)`) over the thresholds whose recall
 * (`tp / (tp + fn)`) is at least `recall` (Keras's `PrecisionAtRecall`,
 * identifier `'precision_at_recall'`), or 0 if no threshold reaches it. The
 * `numThresholds` thresholds are evenly spaced in `[0, 1]`; labels are cast
 * to bool; with `classId`, only that class's column is scored.
 *
 * @example
 * ```ts
 * const m = new PrecisionAtRecall({ recall: 0.5 });
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);                  // result 0.5
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [2, 2, 2, 1, 1]); // result 0.33333333
 * ```
 */
export class PrecisionAtRecall extends SensitivitySpecificityBase {
  static override readonly className: string = 'PrecisionAtRecall';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'classId', 'numThresholds', 'recall'];

  readonly recall: number;

  constructor(options: PrecisionAtRecallOptions) {
    super(options?.recall, 'recall', options ?? {}, 'precision_at_recall');
    this.recall = options.recall;
  }

  /** The best precision among the thresholds whose recall is at least `recall` (0 if none). */
  result(): Tensor {
    return tidy(() => {
      const recalls = divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives));
      const precisions = divNoNan(this.truePositives, add(this.truePositives, this.falsePositives));
      return this.findMaxUnderConstraint(recalls, precisions);
    });
  }

  /** `{ name, dtype, classId, numThresholds, recall }`. */
  override getConfig(): Config {
    return { ...super.getConfig(), recall: this.recall };
  }
}
registerSerializable(PrecisionAtRecall);

/**
 * `RecallAtPrecision`: the best recall where precision is at least a target.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { add, divNoNan, type Tensor, tidy } from '@layerwise/tensors';
import { SensitivitySpecificityBase, type SensitivitySpecificityOptions } from './sensitivity-specificity-base.js';

/**
 * Options of {@link RecallAtPrecision}.
 *
 * @example
 * ```ts
 * new RecallAtPrecision({ precision: 0.5, numThresholds: 200 });
 * ```
 */
export interface RecallAtPrecisionOptions extends SensitivitySpecificityOptions {
  /** The target precision, in `[0, 1]` (required). */
  precision: number;
}

/**
 * The best recall (`tp / (tp + fn)`) over the thresholds whose precision
 * (`tp / (tp + fp)`) is at least `precision` (Keras's `RecallAtPrecision`,
 * identifier `'recall_at_precision'`), or 0 if the precision cannot be
 * reached. The `numThresholds` thresholds are evenly spaced in `[0, 1]`;
 * labels are cast to bool; with `classId`, only that class's column is
 * scored.
 *
 * @example
 * ```ts
 * const m = new RecallAtPrecision({ precision: 0.8 });
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);               // result 0.5
 * m.resetState();
 * m.updateState([0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]); // result 1
 * ```
 */
export class RecallAtPrecision extends SensitivitySpecificityBase {
  static override readonly className: string = 'RecallAtPrecision';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'classId', 'numThresholds', 'precision'];

  readonly precision: number;

  constructor(options: RecallAtPrecisionOptions) {
    super(options?.precision, 'precision', options ?? {}, 'recall_at_precision');
    this.precision = options.precision;
  }

  /** The best recall among the thresholds whose precision is at least `precision` (0 if none). */
  result(): Tensor {
    return tidy(() => {
      const precisions = divNoNan(this.truePositives, add(this.truePositives, this.falsePositives));
      const recalls = divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives));
      return this.findMaxUnderConstraint(precisions, recalls);
    });
  }

  /** `{ name, dtype, classId, numThresholds, precision }`. */
  override getConfig(): Config {
    return { ...super.getConfig(), precision: this.precision };
  }
}
registerSerializable(RecallAtPrecision);

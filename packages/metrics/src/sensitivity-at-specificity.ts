/**
 * `SensitivityAtSpecificity`: the best sensitivity where specificity is at least a target.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { add, divNoNan, type Tensor, tidy } from '@layerwise/tensors';
import { SensitivitySpecificityBase, type SensitivitySpecificityOptions } from './sensitivity-specificity-base.js';

/**
 * Options of {@link SensitivityAtSpecificity}.
 *
 * @example
 * ```ts
 * new SensitivityAtSpecificity({ specificity: 0.5, numThresholds: 200 });
 * ```
 */
export interface SensitivityAtSpecificityOptions extends SensitivitySpecificityOptions {
  /** The target specificity, in `[0, 1]` (required). */
  specificity: number;
}

/**
 * The best sensitivity (`tp / (tp + fn)`) over the thresholds whose
 * specificity (`tn / (tn + fp)`) is at least `specificity` (Keras's
 * `SensitivityAtSpecificity`, identifier `'sensitivity_at_specificity'`), or
 * 0 if no threshold reaches it. The `numThresholds` thresholds are evenly
 * spaced in `[0, 1]`; labels are cast to bool; with `classId`, only that
 * class's column is scored.
 *
 * @example
 * ```ts
 * const m = new SensitivityAtSpecificity({ specificity: 0.5 });
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);                  // result 0.5
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 1]); // result 0.333333
 * ```
 */
export class SensitivityAtSpecificity extends SensitivitySpecificityBase {
  static override readonly className: string = 'SensitivityAtSpecificity';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'classId', 'numThresholds', 'specificity'];

  readonly specificity: number;

  constructor(options: SensitivityAtSpecificityOptions) {
    super(options?.specificity, 'specificity', options ?? {}, 'sensitivity_at_specificity');
    this.specificity = options.specificity;
  }

  /** The best sensitivity among the thresholds whose specificity is at least `specificity` (0 if none). */
  result(): Tensor {
    return tidy(() => {
      const specificities = divNoNan(this.trueNegatives, add(this.trueNegatives, this.falsePositives));
      const sensitivities = divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives));
      return this.findMaxUnderConstraint(specificities, sensitivities);
    });
  }

  /** `{ name, dtype, classId, numThresholds, specificity }`. */
  override getConfig(): Config {
    return { ...super.getConfig(), specificity: this.specificity };
  }
}
registerSerializable(SensitivityAtSpecificity);

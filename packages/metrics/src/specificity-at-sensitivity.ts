/**
 * `SpecificityAtSensitivity`: the best specificity where sensitivity is at least a target.
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { add, divNoNan, type Tensor, tidy } from '@layerwise/tensors';
import { SensitivitySpecificityBase, type SensitivitySpecificityOptions } from './sensitivity-specificity-base.js';

/**
 * Options of {@link SpecificityAtSensitivity}.
 *
 * @example
 * ```ts
 * new SpecificityAtSensitivity({ sensitivity: 0.5, numThresholds: 200 });
 * ```
 */
export interface SpecificityAtSensitivityOptions extends SensitivitySpecificityOptions {
  /** The target sensitivity, in `[0, 1]` (required). */
  sensitivity: number;
}

/**
 * The best specificity (`tn / (tn + fp)`) over the thresholds whose
 * sensitivity (`tp / (tp + fn)`) is at least `sensitivity` (Keras's
 * `SpecificityAtSensitivity`, identifier `'specificity_at_sensitivity'`), or
 * 0 if no threshold reaches it. The `numThresholds` thresholds are evenly
 * spaced in `[0, 1]`; labels are cast to bool; with `classId`, only that
 * class's column is scored.
 *
 * @example
 * ```ts
 * const m = new SpecificityAtSensitivity({ sensitivity: 0.5 });
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);                  // result 0.66666667
 * m.resetState();
 * m.updateState([0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 2]); // result 0.5
 * ```
 */
export class SpecificityAtSensitivity extends SensitivitySpecificityBase {
  static override readonly className: string = 'SpecificityAtSensitivity';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'classId', 'numThresholds', 'sensitivity'];

  readonly sensitivity: number;

  constructor(options: SpecificityAtSensitivityOptions) {
    super(options?.sensitivity, 'sensitivity', options ?? {}, 'specificity_at_sensitivity');
    this.sensitivity = options.sensitivity;
  }

  /** The best specificity among the thresholds whose sensitivity is at least `sensitivity` (0 if none). */
  result(): Tensor {
    return tidy(() => {
      const sensitivities = divNoNan(this.truePositives, add(this.truePositives, this.falseNegatives));
      const specificities = divNoNan(this.trueNegatives, add(this.trueNegatives, this.falsePositives));
      return this.findMaxUnderConstraint(sensitivities, specificities);
    });
  }

  /** `{ name, dtype, classId, numThresholds, sensitivity }`. */
  override getConfig(): Config {
    return { ...super.getConfig(), sensitivity: this.sensitivity };
  }
}
registerSerializable(SpecificityAtSensitivity);

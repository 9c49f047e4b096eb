/**
 * `Precision`: the fraction of predicted positives that are positive.
 */
import { registerSerializable } from '@layerwise/core';
import type { Variable } from '@layerwise/tensors';
import { PrecisionRecallBase, type PrecisionRecallOptions } from './precision-recall-base.js';

/** Options of {@link Precision}: thresholds, `topK`, `classId`. */
export type PrecisionOptions = PrecisionRecallOptions;

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
export class Precision extends PrecisionRecallBase {
  static override readonly className: string = 'Precision';

  constructor(options: PrecisionOptions = {}) {
    super(options, 'precision', 'fp');
  }

  /** The false positives per threshold (state `false_positives`). */
  get falsePositives(): Variable {
    return this.otherCount;
  }
}
registerSerializable(Precision);

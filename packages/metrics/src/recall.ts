/**
 * `Recall`: the fraction of positives that are predicted positive.
 */
import { registerSerializable } from '@layerwise/core';
import type { Variable } from '@layerwise/tensors';
import { PrecisionRecallBase, type PrecisionRecallOptions } from './precision-recall-base.js';

/** Options of {@link Recall}: thresholds, `topK`, `classId`. */
export type RecallOptions = PrecisionRecallOptions;

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
export class Recall extends PrecisionRecallBase {
  static override readonly className: string = 'Recall';

  constructor(options: RecallOptions = {}) {
    super(options, 'recall', 'fn');
  }

  /** The false negatives per threshold (state `false_negatives`). */
  get falseNegatives(): Variable {
    return this.otherCount;
  }
}
registerSerializable(Recall);

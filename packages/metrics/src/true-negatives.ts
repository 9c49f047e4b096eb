/**
 * `TrueNegatives`: the (weighted) number of true negatives.
 */
import { registerSerializable } from '@layerwise/core';
import { type ConfusionCountOptions, ConfusionMatrixConditionCount } from './confusion-counts.js';

/**
 * The number of true negatives (label 0 and prediction at or below the threshold), or the sum of their sample
 * weights, at each threshold (Keras's `TrueNegatives`, identifier
 * `'true_negatives'`). Labels are cast to bool; a prediction counts as positive
 * when it is strictly above the threshold (default 0.5; use 0 for logits).
 * A weight of 0 masks an entry. The result is a scalar for one threshold,
 * else one count per threshold.
 *
 * @example
 * ```ts
 * const m = new TrueNegatives();
 * m.updateState([0, 1, 0, 0], [1, 1, 0, 0]);               // result 2
 * m.resetState();
 * m.updateState([0, 1, 0, 0], [1, 1, 0, 0], [0, 0, 1, 0]); // result 1
 * ```
 */
export class TrueNegatives extends ConfusionMatrixConditionCount {
  static override readonly className: string = 'TrueNegatives';

  constructor(options: ConfusionCountOptions = {}) {
    super('tn', options, 'true_negatives');
  }
}
registerSerializable(TrueNegatives);

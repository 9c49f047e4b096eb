/**
 * `FalsePositives`: the (weighted) number of false positives.
 */
import { registerSerializable } from '@layerwise/core';
import { type ConfusionCountOptions, ConfusionMatrixConditionCount } from './confusion-counts.js';

/**
 * The number of false positives (label 0 and prediction above the threshold), or the sum of their sample
 * weights, at each threshold (Keras's `FalsePositives`, identifier
 * `'false_positives'`). Labels are cast to bool; a prediction counts as positive
 * when it is strictly above the threshold (default 0.5; use 0 for logits).
 * A weight of 0 masks an entry. The result is a scalar for one threshold,
 * else one count per threshold.
 *
 * @example
 * ```ts
 * const m = new FalsePositives();
 * m.updateState([0, 1, 0, 0], [0, 0, 1, 1]);               // result 2
 * m.resetState();
 * m.updateState([0, 1, 0, 0], [0, 0, 1, 1], [0, 0, 1, 0]); // result 1
 * ```
 */
export class FalsePositives extends ConfusionMatrixConditionCount {
  static override readonly className: string = 'FalsePositives';

  constructor(options: ConfusionCountOptions = {}) {
    super('fp', options, 'false_positives');
  }
}
registerSerializable(FalsePositives);

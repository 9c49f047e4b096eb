/**
 * Categorical hinge loss, `max(neg - pos + 1, 0)` with
 * `pos = sum(yTrue * yPred)` and `neg = max((1 - yTrue) * yPred)` over the
 * last axis.
 */
import { registerSerializable } from '@layerwise/core';
import { add, max, maximum, mul, sub, sum, type Tensor, type TensorInput, tidy } from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { asFloat, checkRankAtLeast1, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * Per-sample categorical hinge loss over the last (class) axis:
 * `max(neg - pos + 1, 0)` where `pos = sum(yTrue * yPred)` is the score of
 * the true class and `neg = max((1 - yTrue) * yPred)` the best score of the
 * other classes. Shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. Targets are one-hot (0/1); unlike {@link hinge},
 * they are used as given (Keras converts nothing here).
 *
 * @example
 * ```ts
 * categoricalHinge(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [1.2, 1.6]
 * ```
 */
export function categoricalHinge(yTrue: TensorInput, yPred: TensorInput): Tensor {
  const who = 'categoricalHinge';
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const pos = sum(mul(t, p), -1);
    const neg = max(mul(sub(1, t), p), -1);
    return maximum(add(sub(neg, pos), 1), 0);
  });
}

/**
 * The categorical hinge loss, a multi-class maximum-margin loss (Keras's
 * `CategoricalHinge`, identifier `'categorical_hinge'`): the true class's
 * score should beat the best other score by a margin of 1. Keras wins over
 * PyTorch: `MultiMarginLoss` takes class ids and averages the margin
 * violations over every wrong class, where Keras takes one-hot targets and
 * only the largest wrong score.
 *
 * @example
 * ```ts
 * const loss = new CategoricalHinge();
 * loss.compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 1.4
 * ```
 */
export class CategoricalHinge extends Loss {
  static override readonly className = 'CategoricalHinge';

  constructor(options: LossOptions = {}) {
    super(options, 'categorical_hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}
registerSerializable(CategoricalHinge);

/**
 * Categorical crossentropy between one-hot (or soft) targets and predicted
 * probabilities or logits.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  clipByValue,
  div,
  log,
  logSoftmax,
  mul,
  neg,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import type { LossOptions } from './loss.js';
import { SmoothedCrossentropy } from './smoothed-crossentropy.js';
import {
  asFloat,
  checkLabelSmoothing,
  checkRankAtLeast1,
  checkSameShape,
  EPSILON,
  normalizeLossAxis,
  squeezeOrExpandToSameRank,
} from './utils.js';

/**
 * Options of {@link categoricalCrossentropy} and {@link CategoricalCrossentropy}.
 *
 * @example
 * ```ts
 * categoricalCrossentropy(yTrue, logits, { fromLogits: true, axis: 1 });
 * ```
 */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * In [0, 1]: targets become `yTrue * (1 - s) + s / numClasses` (with 0.1 and
   * 3 classes: 0.0333 for the others, 0.9333 for the target). Default 0.
   */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

/**
 * Per-sample categorical crossentropy over the class `axis`: shape
 * `yPred.shape` without that axis.
 *
 * From probabilities (Keras's formula): the predictions are renormalized to
 * sum to 1 over `axis`, clipped to `[1e-7, 1 - 1e-7]`, and the loss is
 * `-sum(yTrue * log(p))`. From logits: `-sum(yTrue * logSoftmax(yPred))`,
 * stable for any logits.
 *
 * @example
 * ```ts
 * categoricalCrossentropy(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]));
 * // [0.0513, 2.303]
 * ```
 */
export function categoricalCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: CategoricalCrossentropyOptions = {},
): Tensor {
  const who = 'categoricalCrossentropy';
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  checkLabelSmoothing(who, labelSmoothing);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / p.shape[a]);
    if (fromLogits) return neg(sum(mul(t, logSoftmax(p, a)), a));
    p = clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON);
    return neg(sum(mul(t, log(p)), a));
  });
}

/**
 * Crossentropy between one-hot targets and predicted class probabilities
 * or logits (Keras's `CategoricalCrossentropy`, identifier
 * `'categorical_crossentropy'`). For integer targets use
 * {@link SparseCategoricalCrossentropy}.
 *
 * @example
 * ```ts
 * const cce = new CategoricalCrossentropy();
 * cce.compute(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])); // 1.177
 * ```
 */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  static override readonly className = 'CategoricalCrossentropy';

  constructor(options: CategoricalCrossentropyOptions & LossOptions = {}) {
    super(options, 'categorical_crossentropy');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, this);
  }
}
registerSerializable(CategoricalCrossentropy);

/**
 * Binary crossentropy, from probabilities (clipped as Keras clips them) or
 * from logits (the numerically stable form).
 */
import { registerSerializable } from '@layerwise/core';
import {
  abs,
  add,
  clipByValue,
  exp,
  log,
  log1p,
  mean,
  mul,
  neg,
  relu,
  sub,
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
 * Options of {@link binaryCrossentropy} and {@link BinaryCrossentropy}.
 *
 * @example
 * ```ts
 * new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
 * ```
 */
export interface BinaryCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** In [0, 1]: targets become `yTrue * (1 - s) + 0.5 * s`, squeezed towards 0.5 (default 0). */
  labelSmoothing?: number;
  /** The axis the elementwise crossentropy is averaged over (default -1). */
  axis?: number;
}

/**
 * Per-sample binary crossentropy, averaged over `axis`: shape
 * `[batch, d0, ..., dN-1]` for inputs of shape `[batch, d0, ..., dN]`.
 *
 * From probabilities (Keras's formula): `p = clip(yPred, 1e-7, 1 - 1e-7)`,
 * `-(y * log(p) + (1 - y) * log(1 - p))`. From logits `x` (TensorFlow's
 * `sigmoid_cross_entropy_with_logits`): `max(x, 0) - x * y + log(1 + exp(-|x|))`,
 * exact for any `x`.
 *
 * @example
 * ```ts
 * binaryCrossentropy(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [0.916, 0.714]
 * ```
 */
export function binaryCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: BinaryCrossentropyOptions = {},
): Tensor {
  const who = 'binaryCrossentropy';
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  checkLabelSmoothing(who, labelSmoothing);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    let bce: Tensor;
    if (fromLogits) {
      bce = add(sub(relu(p), mul(p, t)), log1p(exp(neg(abs(p)))));
    } else {
      p = clipByValue(p, EPSILON, 1 - EPSILON);
      bce = neg(add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p)))));
    }
    return mean(bce, a);
  });
}

/**
 * Crossentropy between binary targets (0 or 1, or smoothed) and predicted
 * probabilities or logits (Keras's `BinaryCrossentropy`, identifiers
 * `'binary_crossentropy'` and `'bce'`). Prefer `fromLogits: true` with a
 * model that ends without a sigmoid: it is exact where probabilities clip.
 *
 * @example
 * ```ts
 * const bce = new BinaryCrossentropy({ fromLogits: true });
 * bce.compute(tensor([0, 1, 0, 0]), tensor([-18.6, 0.51, 2.94, -12.8])); // 0.8654
 * ```
 */
export class BinaryCrossentropy extends SmoothedCrossentropy {
  static override readonly className = 'BinaryCrossentropy';

  constructor(options: BinaryCrossentropyOptions & LossOptions = {}) {
    super(options, 'binary_crossentropy');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(yTrue, yPred, this);
  }
}
registerSerializable(BinaryCrossentropy);

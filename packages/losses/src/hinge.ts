/**
 * Hinge loss, `mean(max(1 - yTrue * yPred, 0))` over the last axis, with
 * 0/1 labels converted to -1/1 as Keras converts them.
 */
import { registerSerializable } from '@layerwise/core';
import {
  all,
  equal,
  logicalOr,
  maximum,
  mean,
  mul,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
  where,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { asFloat, checkRankAtLeast1, checkSameShape, squeezeOrExpandToSameRank, untaped } from './utils.js';

/**
 * Keras's `convert_binary_labels_to_hinge`: if every label is 0 or 1, the
 * labels become `2 * yTrue - 1` (so -1 or 1); otherwise they are returned as
 * they are. The test covers the whole tensor (a batch that mixes 0 and -1
 * is left alone), and runs on the device, with no read back: the choice is
 * a `where` on a scalar condition, as Keras's `ops.cond`. Differentiable
 * with respect to `yTrue`.
 *
 * @example
 * ```ts
 * convertBinaryLabelsToHinge(tensor([0, 1, 1])); // [-1, 1, 1]
 * convertBinaryLabelsToHinge(tensor([-1, 1, 0])); // [-1, 1, 0]: not all binary, unchanged
 * ```
 */
export function convertBinaryLabelsToHinge(yTrue: Tensor): Tensor {
  return tidy(() => {
    const isBinary = untaped(() => all(logicalOr(equal(yTrue, 0), equal(yTrue, 1))));
    return where(isBinary, sub(mul(yTrue, 2), 1), yTrue);
  });
}

/**
 * `yTrue` and `yPred` as float32 tensors of one shape (a trailing dimension
 * of 1 on either side squeezed or added, as Keras does), of rank >= 1, with
 * the targets converted to -1/1 where they are all 0/1.
 */
export function hingeInputs(who: string, yTrue: TensorInput, yPred: TensorInput): [Tensor, Tensor] {
  const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  checkRankAtLeast1(who, 'yPred', p);
  checkSameShape(who, t, p);
  return [convertBinaryLabelsToHinge(t), p];
}

/**
 * Per-sample hinge loss, `mean(max(1 - yTrue * yPred, 0))` over the last
 * axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. Targets are expected to be -1 or 1; if every
 * target is 0 or 1 they are converted to -1 or 1 first (Keras's rule, see
 * {@link convertBinaryLabelsToHinge}). `yPred` is a raw score (a margin),
 * not a probability.
 *
 * @example
 * ```ts
 * hinge(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // [1.1, 1.5]
 * ```
 */
export function hinge(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = hingeInputs('hinge', yTrue, yPred);
    return mean(maximum(sub(1, mul(t, p)), 0), -1);
  });
}

/**
 * The hinge loss for maximum-margin ("SVM-style") binary classifiers
 * (Keras's `Hinge`, identifier `'hinge'`): `max(1 - yTrue * yPred, 0)`,
 * averaged over the last axis, with targets -1/1 (0/1 targets are
 * converted). Keras wins over PyTorch here: PyTorch has no such loss
 * (`HingeEmbeddingLoss` is a different, distance-based loss, and
 * `MultiMarginLoss` takes class ids).
 *
 * @example
 * ```ts
 * const loss = new Hinge();
 * loss.compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 1.3
 * ```
 */
export class Hinge extends Loss {
  static override readonly className = 'Hinge';

  constructor(options: LossOptions = {}) {
    super(options, 'hinge');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return hinge(yTrue, yPred);
  }
}
registerSerializable(Hinge);

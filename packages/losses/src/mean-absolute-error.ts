/**
 * Mean absolute error: `mean(abs(yTrue - yPred), axis=-1)`.
 */
import { registerSerializable } from '@layerwise/core';
import {
  abs,
  customGrad,
  div,
  mean,
  mul,
  neg,
  reshape,
  sign,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * `mean(|t - p|)` over the last axis as one tape node. The gradient is
 * TensorFlow's: `dy / n * sign(t - p)` for `t`, its negation for `p`, so an
 * exact prediction gets a zero gradient (tfjs's own `Abs` gradient would
 * give it `-dy` there).
 */
const absoluteErrorMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const d = sub(t, p);
  save([d]);
  return {
    value: mean(abs(d), -1),
    gradFunc: (dy: Tensor, [dS]: Tensor[]) => {
      const last = dS.rank - 1;
      const g = mul(div(reshape(dy, keptDimsShape(dS.shape, last)), dS.shape[last]), sign(dS));
      return [g, neg(g)];
    },
  };
});

/**
 * Per-sample mean absolute error, `mean(|yTrue - yPred|)` over the last
 * axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. A trailing dimension of 1 on either side is
 * squeezed or added first (Keras's `squeeze_or_expand_to_same_rank`); other
 * shape differences raise a `ShapeError` (Keras would broadcast).
 *
 * The gradient with respect to `yPred` is `-sign(yTrue - yPred) / n`, 0 where
 * the prediction is exact (as in TensorFlow and PyTorch's `L1Loss`). One node
 * on the gradient tape with a closed-form gradient: first-order gradients
 * only.
 *
 * @example
 * ```ts
 * meanAbsoluteError(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // [0.5, 0.5]
 * ```
 */
export function meanAbsoluteError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('meanAbsoluteError', yTrue, yPred);
    return absoluteErrorMean(t, p);
  });
}

/**
 * Mean of absolute differences between targets and predictions (Keras's
 * `MeanAbsoluteError`, identifiers `'mae'` and `'mean_absolute_error'`):
 * `loss = mean(|yTrue - yPred|)`. PyTorch's `L1Loss` computes the same
 * values for unweighted inputs.
 *
 * @example
 * ```ts
 * const mae = new MeanAbsoluteError();
 * mae.compute(tensor([1, 0.3, 1]), tensor([1.9, 0.3, 1.8])); // 0.5666667
 * ```
 */
export class MeanAbsoluteError extends Loss {
  static override readonly className = 'MeanAbsoluteError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_absolute_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(yTrue, yPred);
  }
}
registerSerializable(MeanAbsoluteError);

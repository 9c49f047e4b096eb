/**
 * Mean squared error: `mean(square(yTrue - yPred), axis=-1)`.
 */
import { registerSerializable } from '@layerwise/core';
import {
  customGrad,
  div,
  mean,
  mul,
  neg,
  reshape,
  square,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * `mean((t - p)^2)` over the last axis as one tape node. The gradient is the
 * one autodiff gives, operation for operation: `dy / n * (2 * (t - p))` for
 * `t`, its negation for `p`.
 */
const squaredErrorMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const d = sub(t, p);
  save([d]);
  return {
    value: mean(square(d), -1),
    gradFunc: (dy: Tensor, [dS]: Tensor[]) => {
      const last = dS.rank - 1;
      const g = mul(div(reshape(dy, keptDimsShape(dS.shape, last)), dS.shape[last]), mul(dS, 2));
      return [g, neg(g)];
    },
  };
});

/**
 * Per-sample mean squared error, `mean((yTrue - yPred)^2)` over the last
 * axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. A trailing dimension of 1 on either side is
 * squeezed or added first (Keras's `squeeze_or_expand_to_same_rank`); other
 * shape differences raise a `ShapeError` (Keras would broadcast). One node
 * on the gradient tape with a closed-form gradient: first-order gradients
 * only.
 *
 * @example
 * ```ts
 * meanSquaredError(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // [0.5, 0.5]
 * ```
 */
export function meanSquaredError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('meanSquaredError', yTrue, yPred);
    return squaredErrorMean(t, p);
  });
}

/**
 * Mean of squares of errors between targets and predictions (Keras's
 * `MeanSquaredError`, identifiers `'mse'` and `'mean_squared_error'`).
 *
 * @example
 * ```ts
 * const mse = new MeanSquaredError();
 * mse.compute(tensor([1, 0, 1]), tensor([0.9, 0.1, 0.8])); // 0.02
 * ```
 */
export class MeanSquaredError extends Loss {
  static override readonly className = 'MeanSquaredError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_squared_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(yTrue, yPred);
  }
}
registerSerializable(MeanSquaredError);

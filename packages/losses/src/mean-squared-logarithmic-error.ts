/**
 * Mean squared logarithmic error:
 * `mean(square(log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1)), axis=-1)`.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  cast,
  customGrad,
  div,
  greaterEqual,
  log,
  maximum,
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
import { EPSILON, keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * Keras's MSLE over the last axis as one tape node: `a = max(p, eps) + 1`,
 * `b = max(t, eps) + 1`, `d = log(a) - log(b)`, value `mean(d^2)`. With
 * `g = 2 * dy / n * d`, the gradients are the exact derivatives with
 * TensorFlow's `maximum` convention (the gradient reaches `x` where
 * `x >= eps`): `g * [p >= eps] / a` for `p` and `-g * [t >= eps] / b` for `t`.
 */
const squaredLogErrorMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const a = add(maximum(p, EPSILON), 1);
  const b = add(maximum(t, EPSILON), 1);
  const d = sub(log(a), log(b));
  save([t, p, a, b, d]);
  return {
    value: mean(square(d), -1),
    gradFunc: (dy: Tensor, [tS, pS, aS, bS, dS]: Tensor[]) => {
      const last = dS.rank - 1;
      const g = mul(mul(reshape(dy, keptDimsShape(dS.shape, last)), 2 / dS.shape[last]), dS);
      const gp = div(mul(g, cast(greaterEqual(pS, EPSILON), 'float32')), aS);
      const gt = div(mul(g, cast(greaterEqual(tS, EPSILON), 'float32')), bS);
      return [neg(gt), gp];
    },
  };
});

/**
 * Per-sample mean squared logarithmic error,
 * `mean((log(max(yPred, 1e-7) + 1) - log(max(yTrue, 1e-7) + 1))^2)` over the
 * last axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. As in Keras, values below `1e-7`
 * (`backend.epsilon()`), zero and negative ones included, are replaced by
 * `1e-7` (and get no gradient). A trailing dimension of 1 on either side is
 * squeezed or added first; other shape differences raise a `ShapeError`
 * (Keras would broadcast). One node on the gradient tape with a closed-form
 * gradient: first-order gradients only.
 *
 * @example
 * ```ts
 * meanSquaredLogarithmicError(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // [0.2402, 0.2402]
 * ```
 */
export function meanSquaredLogarithmicError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('meanSquaredLogarithmicError', yTrue, yPred);
    return squaredLogErrorMean(t, p);
  });
}

/**
 * Mean squared logarithmic error between targets and predictions (Keras's
 * `MeanSquaredLogarithmicError`, identifiers `'msle'` and
 * `'mean_squared_logarithmic_error'`):
 * `loss = mean(square(log(yTrue + 1) - log(yPred + 1)))`, with both clamped
 * below at `1e-7` first. PyTorch has no built-in equivalent.
 *
 * @example
 * ```ts
 * const msle = new MeanSquaredLogarithmicError();
 * msle.compute(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [1, 0]])); // 0.2402
 * ```
 */
export class MeanSquaredLogarithmicError extends Loss {
  static override readonly className = 'MeanSquaredLogarithmicError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_squared_logarithmic_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredLogarithmicError(yTrue, yPred);
  }
}
registerSerializable(MeanSquaredLogarithmicError);

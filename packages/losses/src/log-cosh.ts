/**
 * Log-cosh loss: `mean(log(cosh(yPred - yTrue)), axis=-1)`, computed without
 * overflow.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  customGrad,
  div,
  mean,
  mul,
  neg,
  reshape,
  softplus,
  sub,
  type Tensor,
  type TensorInput,
  tanh,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { keptDimsShape, pairedInputs, type Save } from './utils.js';

/** `log(2)` in float32, as Keras computes it (`ops.log(2.0)`). */
const LOG2 = Math.fround(Math.LN2);

/**
 * Keras's log-cosh over the last axis as one tape node: with `x = p - t`,
 * `mean(x + softplus(-2x) - log(2))`. That is `log(cosh(x))` rewritten so
 * that nothing overflows: `cosh(x)` overflows float32 beyond `|x| ~ 89`,
 * `softplus(-2x)` never does. The derivative of `log(cosh(x))` is `tanh(x)`,
 * so the gradients are `dy / n * tanh(x)` for `p` and its negation for `t`.
 */
const logCoshMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const x = sub(p, t);
  save([x]);
  return {
    value: mean(sub(add(x, softplus(mul(x, -2))), LOG2), -1),
    gradFunc: (dy: Tensor, [xS]: Tensor[]) => {
      const last = xS.rank - 1;
      const g = mul(div(reshape(dy, keptDimsShape(xS.shape, last)), xS.shape[last]), tanh(xS));
      return [neg(g), g];
    },
  };
});

/**
 * Per-sample log-cosh error, `mean(log(cosh(yPred - yTrue)))` over the last
 * axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. `log(cosh(x))` is about `x^2 / 2` for small `x`
 * and `|x| - log(2)` for large `x`: like the mean squared error, but less
 * swayed by an occasional wildly wrong prediction. Computed as Keras does, as
 * `x + softplus(-2x) - log(2)`, finite for any finite error (a direct
 * `log(cosh(x))` overflows to infinity beyond `|x| ~ 89`); near `x = 0` the
 * result carries the absolute float32 rounding of `log(2)` (about 6e-8).
 * A trailing dimension of 1 on either side is squeezed or added first; other
 * shape differences raise a `ShapeError` (Keras would broadcast). One node on
 * the gradient tape with a closed-form gradient (`tanh(x) / n` with respect
 * to `yPred`): first-order gradients only.
 *
 * @example
 * ```ts
 * logCosh(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [0, 0]])); // [0.2169, 0]
 * ```
 */
export function logCosh(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('logCosh', yTrue, yPred);
    return logCoshMean(t, p);
  });
}

/**
 * The logarithm of the hyperbolic cosine of the prediction error (Keras's
 * `LogCosh`, identifiers `'log_cosh'` and `'logcosh'`):
 * `loss = mean(log(cosh(yPred - yTrue)))`, computed without overflow.
 * PyTorch has no built-in equivalent.
 *
 * @example
 * ```ts
 * const loss = new LogCosh();
 * loss.compute(tensor([[0, 1], [0, 0]]), tensor([[1, 1], [0, 0]])); // 0.108
 * ```
 */
export class LogCosh extends Loss {
  static override readonly className = 'LogCosh';

  constructor(options: LossOptions = {}) {
    super(options, 'log_cosh');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return logCosh(yTrue, yPred);
  }
}
registerSerializable(LogCosh);

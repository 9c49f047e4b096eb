/**
 * Mean absolute percentage error:
 * `100 * mean(abs((yTrue - yPred) / maximum(abs(yTrue), 1e-7)), axis=-1)`.
 */
import { registerSerializable } from '@layerwise/core';
import {
  abs,
  cast,
  customGrad,
  div,
  greaterEqual,
  maximum,
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
import { EPSILON, keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * Keras's MAPE over the last axis as one tape node: with `d = t - p`,
 * `m = max(|t|, eps)` and `r = d / m`, the value is `100 * mean(|r|)`. With
 * `g = 100 * dy / n` each entry's share, the gradients are the exact
 * derivatives, with TensorFlow's conventions (`sign(0) = 0`; `maximum` passes
 * the gradient to `|t|` where `|t| >= eps`):
 * `-g * sign(d) / m` for `p` and `g * (sign(d) - |r| * m') / m` for `t`, where
 * `m' = sign(t)` where `|t| >= eps` and 0 elsewhere.
 */
const absolutePercentageErrorMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const d = sub(t, p);
  const m = maximum(abs(t), EPSILON);
  const r = abs(div(d, m));
  save([t, d, m, r]);
  return {
    value: mul(mean(r, -1), 100),
    gradFunc: (dy: Tensor, [tS, dS, mS, rS]: Tensor[]) => {
      const last = dS.rank - 1;
      const g = mul(reshape(dy, keptDimsShape(dS.shape, last)), 100 / dS.shape[last]);
      const sd = sign(dS);
      const dm = mul(sign(tS), cast(greaterEqual(abs(tS), EPSILON), 'float32'));
      const gp = neg(div(mul(g, sd), mS));
      const gt = div(mul(g, sub(sd, mul(rS, dm))), mS);
      return [gt, gp];
    },
  };
});

/**
 * Per-sample mean absolute percentage error,
 * `100 * mean(|(yTrue - yPred) / max(|yTrue|, 1e-7)|)` over the last axis:
 * shape `[batch, d0, ..., dN-1]` for inputs of shape `[batch, d0, ..., dN]`.
 * Dividing by `max(|yTrue|, 1e-7)` (Keras's `backend.epsilon()`) keeps a zero
 * target finite: its error is `|yPred| * 1e9` percent, as in Keras. A trailing
 * dimension of 1 on either side is squeezed or added first; other shape
 * differences raise a `ShapeError` (Keras would broadcast). One node on the
 * gradient tape with a closed-form gradient (0 where the prediction is
 * exact): first-order gradients only.
 *
 * @example
 * ```ts
 * meanAbsolutePercentageError(tensor([[100, 200]]), tensor([[90, 210]])); // [7.5]
 * ```
 */
export function meanAbsolutePercentageError(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('meanAbsolutePercentageError', yTrue, yPred);
    return absolutePercentageErrorMean(t, p);
  });
}

/**
 * Mean absolute percentage error between targets and predictions (Keras's
 * `MeanAbsolutePercentageError`, identifiers `'mape'` and
 * `'mean_absolute_percentage_error'`):
 * `loss = 100 * mean(|(yTrue - yPred) / max(|yTrue|, 1e-7)|)`. PyTorch has no
 * built-in equivalent.
 *
 * @example
 * ```ts
 * const mape = new MeanAbsolutePercentageError();
 * mape.compute(tensor([100, 200, 300]), tensor([90, 210, 310])); // 6.111111
 * ```
 */
export class MeanAbsolutePercentageError extends Loss {
  static override readonly className = 'MeanAbsolutePercentageError';

  constructor(options: LossOptions = {}) {
    super(options, 'mean_absolute_percentage_error');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsolutePercentageError(yTrue, yPred);
  }
}
registerSerializable(MeanAbsolutePercentageError);

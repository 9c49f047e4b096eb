/**
 * Poisson loss: `mean(yPred - yTrue * log(yPred + 1e-7), axis=-1)`.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  customGrad,
  div,
  log,
  mean,
  mul,
  neg,
  reshape,
  sub,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { EPSILON, keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * Keras's Poisson loss over the last axis as one tape node:
 * `mean(p - t * log(p + eps))`. With `g = dy / n` each entry's share, the
 * gradients are `-g * log(p + eps)` for `t` and `g * (1 - t / (p + eps))`
 * for `p`.
 */
const poissonMean = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const a = add(p, EPSILON);
  const la = log(a);
  save([t, a, la]);
  return {
    value: mean(sub(p, mul(t, la)), -1),
    gradFunc: (dy: Tensor, [tS, aS, laS]: Tensor[]) => {
      const last = aS.rank - 1;
      const g = div(reshape(dy, keptDimsShape(aS.shape, last)), aS.shape[last]);
      return [neg(mul(g, laS)), mul(g, sub(1, div(tS, aS)))];
    },
  };
});

/**
 * Per-sample Poisson loss, `mean(yPred - yTrue * log(yPred + 1e-7))` over the
 * last axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. `yPred` is the predicted rate (not its logarithm)
 * and must be >= 0: as in Keras, a negative prediction gives NaN (end the
 * model with `softplus` or `exp`). A trailing dimension of 1 on either side is
 * squeezed or added first; other shape differences raise a `ShapeError`
 * (Keras would broadcast). One node on the gradient tape with a closed-form
 * gradient: first-order gradients only.
 *
 * @example
 * ```ts
 * poisson(tensor([[2, 0]]), tensor([[1, 0.5]])); // [0.75]: ((1 - 2 * log(1)) + (0.5 - 0)) / 2
 * ```
 */
export function poisson(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('poisson', yTrue, yPred);
    return poissonMean(t, p);
  });
}

/**
 * The Poisson loss between targets (counts) and predicted rates (Keras's
 * `Poisson`, identifier `'poisson'`): `loss = yPred - yTrue * log(yPred)`
 * (with `1e-7` added inside the log), averaged over the last axis. Keras and
 * PyTorch differ here and Keras wins: PyTorch's `PoissonNLLLoss` takes
 * log-rates by default (`logInput=True`: `exp(x) - t * x`) and adds `1e-8`;
 * this loss takes rates and adds `1e-7`, as Keras does.
 *
 * @example
 * ```ts
 * const loss = new Poisson();
 * loss.compute(tensor([[2, 0]]), tensor([[1, 0.5]])); // 0.75
 * ```
 */
export class Poisson extends Loss {
  static override readonly className = 'Poisson';

  constructor(options: LossOptions = {}) {
    super(options, 'poisson');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return poisson(yTrue, yPred);
  }
}
registerSerializable(Poisson);

/**
 * Kullback-Leibler divergence: `sum(yTrue * log(yTrue / yPred), axis=-1)`,
 * with both clipped to `[1e-7, 1]` as Keras clips them.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  cast,
  clipByValue,
  customGrad,
  div,
  equal,
  log,
  mul,
  neg,
  reshape,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { EPSILON, keptDimsShape, pairedInputs, type Save } from './utils.js';

/**
 * Keras's KL divergence over the last axis as one tape node:
 * `a = clip(t, eps, 1)`, `b = clip(p, eps, 1)`, `sum(a * log(a / b))`. With
 * `g = dy` broadcast over the summed axis, the gradients are the exact
 * derivatives with TensorFlow's clip gradient (it passes where the input lies
 * in `[eps, 1]`, bounds included, and is 0 where the clip changed it):
 * `g * (log(a / b) + 1) * [t in range]` for `t` and `-g * a / b * [p in range]`
 * for `p`.
 */
const klDivergenceSum = customGrad((t: Tensor, p: Tensor, save: Save) => {
  const a = clipByValue(t, EPSILON, 1);
  const b = clipByValue(p, EPSILON, 1);
  const l = log(div(a, b));
  save([t, p, a, b, l]);
  return {
    value: sum(mul(a, l), -1),
    gradFunc: (dy: Tensor, [tS, pS, aS, bS, lS]: Tensor[]) => {
      const g = reshape(dy, keptDimsShape(aS.shape, aS.rank - 1));
      const gt = mul(mul(g, add(lS, 1)), cast(equal(aS, tS), 'float32'));
      const gp = neg(mul(mul(g, div(aS, bS)), cast(equal(bS, pS), 'float32')));
      return [gt, gp];
    },
  };
});

/**
 * Per-sample Kullback-Leibler divergence, `sum(yTrue * log(yTrue / yPred))`
 * over the last axis: shape `[batch, d0, ..., dN-1]` for inputs of shape
 * `[batch, d0, ..., dN]`. Both are probabilities; as in Keras, both are
 * clipped to `[1e-7, 1]` first (`backend.epsilon()`), so a zero target adds
 * about `1e-7 * log(1e-7 / yPred)` instead of 0 and a zero prediction no
 * longer gives infinity; an entry the clip changed gets no gradient. A
 * trailing dimension of 1 on either side is squeezed or added first; other
 * shape differences raise a `ShapeError` (Keras would broadcast). One node on
 * the gradient tape with a closed-form gradient: first-order gradients only.
 *
 * @example
 * ```ts
 * klDivergence(tensor([[0.5, 0.5]]), tensor([[0.25, 0.75]])); // [0.1438]: 0.5 log 2 + 0.5 log(2 / 3)
 * ```
 */
export function klDivergence(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = pairedInputs('klDivergence', yTrue, yPred);
    return klDivergenceSum(t, p);
  });
}

/**
 * Kullback-Leibler divergence between target and predicted distributions
 * (Keras's `KLDivergence`, identifiers `'kld'`, `'kl_divergence'` and
 * `'kullback_leibler_divergence'`): `loss = yTrue * log(yTrue / yPred)`,
 * summed over the last axis, with both clipped to `[1e-7, 1]`. Keras and
 * PyTorch differ here and Keras wins: PyTorch's `KLDivLoss` takes
 * log-probabilities as its input, does not clip, and its `'mean'` reduction
 * divides by the number of elements (`'batchmean'` gives this loss's value).
 *
 * @example
 * ```ts
 * const kld = new KLDivergence();
 * kld.compute(tensor([[0, 1], [0, 0]]), tensor([[0.6, 0.4], [0.4, 0.6]])); // 0.458
 * ```
 */
export class KLDivergence extends Loss {
  static override readonly className = 'KLDivergence';

  constructor(options: LossOptions = {}) {
    super(options, 'kl_divergence');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return klDivergence(yTrue, yPred);
  }
}
registerSerializable(KLDivergence);

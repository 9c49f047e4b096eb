/**
 * Binary crossentropy, from probabilities (clipped as Keras clips them) or
 * from logits (the numerically stable form).
 */
import { registerSerializable } from '@layerwise/core';
import {
  abs,
  add,
  cast,
  clipByValue,
  customGrad,
  div,
  equal,
  exp,
  log,
  log1p,
  mean,
  mul,
  neg,
  relu,
  reshape,
  sigmoid,
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
  keptDimsShape,
  normalizeLossAxis,
  type Save,
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

/** `dy` of a mean over axis `a` of a tensor of `shape`, as each entry's share: `dy / shape[a]`, broadcastable. */
function meanShare(dy: Tensor, shape: readonly number[], a: number): Tensor {
  return div(reshape(dy, keptDimsShape(shape, a)), shape[a]);
}

/**
 * Keras's binary crossentropy from probabilities, averaged over axis `a`, as
 * one tape node: `c = clip(p, eps, 1 - eps)`,
 * `mean(-(t * log(c) + (1 - t) * log(1 - c)))`. The gradients are the exact
 * derivatives of that formula: `(log(1 - c) - log(c)) * g` for `t` and
 * `m * (c - t) / (c * (1 - c)) * g` for `p`, where `g = dy / n` is each
 * entry's share of the mean and `m` is 1 where the clip let `p` through
 * (TensorFlow's clip gradient) and 0 elsewhere.
 */
function fromProbabilities(a: number): (t: Tensor, p: Tensor) => Tensor {
  return customGrad((t: Tensor, p: Tensor, save: Save) => {
    const c = clipByValue(p, EPSILON, 1 - EPSILON);
    const lc = log(c);
    const omc = sub(1, c);
    const l1c = log(omc);
    save([t, p, c, omc, lc, l1c]);
    return {
      value: mean(neg(add(mul(t, lc), mul(sub(1, t), l1c))), a),
      gradFunc: (dy: Tensor, [tS, pS, cS, omcS, lcS, l1cS]: Tensor[]) => {
        const g = meanShare(dy, pS.shape, a);
        const dc = div(sub(cS, tS), mul(cS, omcS));
        return [mul(sub(l1cS, lcS), g), mul(mul(dc, cast(equal(cS, pS), 'float32')), g)];
      },
    };
  });
}

/**
 * TensorFlow's `sigmoid_cross_entropy_with_logits`, averaged over axis `a`,
 * as one tape node: `mean(max(x, 0) - x * t + log(1 + exp(-|x|)))`. The
 * gradients are `-x * g` for `t` and `(sigmoid(x) - t) * g` for `x`, with
 * `g = dy / n` each entry's share of the mean.
 */
function fromLogits(a: number): (t: Tensor, x: Tensor) => Tensor {
  return customGrad((t: Tensor, x: Tensor, save: Save) => {
    save([t, x]);
    return {
      value: mean(add(sub(relu(x), mul(x, t)), log1p(exp(neg(abs(x))))), a),
      gradFunc: (dy: Tensor, [tS, xS]: Tensor[]) => {
        const g = meanShare(dy, xS.shape, a);
        return [neg(mul(xS, g)), mul(sub(sigmoid(xS), tS), g)];
      },
    };
  });
}

/**
 * Per-sample binary crossentropy, averaged over `axis`: shape
 * `[batch, d0, ..., dN-1]` for inputs of shape `[batch, d0, ..., dN]`.
 *
 * From probabilities (Keras's formula): `p = clip(yPred, 1e-7, 1 - 1e-7)`,
 * `-(y * log(p) + (1 - y) * log(1 - p))`. From logits `x` (TensorFlow's
 * `sigmoid_cross_entropy_with_logits`): `max(x, 0) - x * y + log(1 + exp(-|x|))`,
 * exact for any `x`. Either is one node on the gradient tape with a
 * closed-form gradient (for both arguments): first-order gradients only.
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
  const { fromLogits: logits = false, labelSmoothing = 0, axis = -1 } = options;
  checkLabelSmoothing(who, labelSmoothing);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
    return (logits ? fromLogits : fromProbabilities)(a)(t, p);
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

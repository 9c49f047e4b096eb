/**
 * Categorical crossentropy between one-hot (or soft) targets and predicted
 * probabilities or logits.
 */
import { registerSerializable } from '@layerwise/core';
import {
  add,
  cast,
  clipByValue,
  customGrad,
  div,
  equal,
  exp,
  log,
  max,
  mul,
  neg,
  reshape,
  sub,
  sum,
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
  type Save,
  squeezeOrExpandToSameRank,
} from './utils.js';

/**
 * Options of {@link categoricalCrossentropy} and {@link CategoricalCrossentropy}.
 *
 * @example
 * ```ts
 * categoricalCrossentropy(yTrue, logits, { fromLogits: true, axis: 1 });
 * ```
 */
export interface CategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * In [0, 1]: targets become `yTrue * (1 - s) + s / numClasses` (with 0.1 and
   * 3 classes: 0.0333 for the others, 0.9333 for the target). Default 0.
   */
  labelSmoothing?: number;
  /** The class axis (default -1). */
  axis?: number;
}

/**
 * Keras's crossentropy from probabilities over axis `a`, as one tape node:
 * `sum(t * -log(c))` with `c = clip(p / sum(p), eps, 1 - eps)`. The
 * gradients are the exact derivatives of that formula: `-log(c) * dy` for
 * `t` and, for `p`, `(sum(t * m) - t * m / c) * dy / sum(p)`, where `m` is 1
 * where the clip let `p / sum(p)` through (TensorFlow's clip gradient) and 0
 * elsewhere.
 */
function fromProbabilities(a: number): (t: Tensor, p: Tensor) => Tensor {
  return customGrad((t: Tensor, p: Tensor, save: Save) => {
    const s = sum(p, a, true);
    const q = div(p, s);
    const c = clipByValue(q, EPSILON, 1 - EPSILON);
    const nl = neg(log(c));
    save([t, s, q, c, nl]);
    return {
      // sum(t * -log(c)) is -sum(t * log(c)) bit for bit: negation is exact.
      value: sum(mul(t, nl), a),
      gradFunc: (dy: Tensor, [tS, sS, qS, cS, nlS]: Tensor[]) => {
        const d = reshape(dy, sS.shape);
        const tm = mul(tS, cast(equal(qS, cS), 'float32'));
        return [mul(nlS, d), mul(sub(sum(tm, a, true), div(tm, cS)), div(d, sS))];
      },
    };
  });
}

/**
 * `-sum(t * logSoftmax(x))` over axis `a`, as one tape node (the same
 * operations as `logSoftmax`, so the same values). The gradients are
 * `-logSoftmax(x) * dy` for `t` and `(softmax(x) * sum(t) - t) * dy` for `x`.
 */
function fromLogits(a: number): (t: Tensor, x: Tensor) => Tensor {
  return customGrad((t: Tensor, x: Tensor, save: Save) => {
    const mx = max(x, a, true);
    const e = exp(sub(x, mx));
    const se = sum(e, a, true);
    // logSumExp(x) - x, which is -logSoftmax(x) bit for bit.
    const nls = sub(add(mx, log(se)), x);
    save([t, e, se, nls]);
    return {
      value: sum(mul(t, nls), a),
      gradFunc: (dy: Tensor, [tS, eS, seS, nlsS]: Tensor[]) => {
        const d = reshape(dy, seS.shape);
        return [mul(nlsS, d), mul(sub(mul(div(eS, seS), sum(tS, a, true)), tS), d)];
      },
    };
  });
}

/**
 * Per-sample categorical crossentropy over the class `axis`: shape
 * `yPred.shape` without that axis.
 *
 * From probabilities (Keras's formula): the predictions are renormalized to
 * sum to 1 over `axis`, clipped to `[1e-7, 1 - 1e-7]`, and the loss is
 * `-sum(yTrue * log(p))`. From logits: `-sum(yTrue * logSoftmax(yPred))`,
 * stable for any logits. Either is one node on the gradient tape with a
 * closed-form gradient (for both arguments): first-order gradients only.
 *
 * @example
 * ```ts
 * categoricalCrossentropy(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]]));
 * // [0.0513, 2.303]
 * ```
 */
export function categoricalCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: CategoricalCrossentropyOptions = {},
): Tensor {
  const who = 'categoricalCrossentropy';
  const { fromLogits: logits = false, labelSmoothing = 0, axis = -1 } = options;
  checkLabelSmoothing(who, labelSmoothing);
  return tidy(() => {
    let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    const a = normalizeLossAxis(who, axis, p.rank);
    if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / p.shape[a]);
    return (logits ? fromLogits : fromProbabilities)(a)(t, p);
  });
}

/**
 * Crossentropy between one-hot targets and predicted class probabilities
 * or logits (Keras's `CategoricalCrossentropy`, identifier
 * `'categorical_crossentropy'`). For integer targets use
 * {@link SparseCategoricalCrossentropy}.
 *
 * @example
 * ```ts
 * const cce = new CategoricalCrossentropy();
 * cce.compute(tensor([[0, 1, 0], [0, 0, 1]]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])); // 1.177
 * ```
 */
export class CategoricalCrossentropy extends SmoothedCrossentropy {
  static override readonly className = 'CategoricalCrossentropy';

  constructor(options: CategoricalCrossentropyOptions & LossOptions = {}) {
    super(options, 'categorical_crossentropy');
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, this);
  }
}
registerSerializable(CategoricalCrossentropy);

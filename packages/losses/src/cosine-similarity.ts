/**
 * Cosine similarity loss: `-sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)`,
 * the NEGATIVE cosine, as in Keras.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  cast,
  customGrad,
  greaterEqual,
  maximum,
  mul,
  neg,
  reshape,
  rsqrt,
  square,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import {
  asFloat,
  checkRankAtLeast1,
  checkSameShape,
  EPSILON,
  keptDimsShape,
  normalizeLossAxis,
  type Save,
  squeezeOrExpandToSameRank,
} from './utils.js';

/**
 * Options of {@link cosineSimilarity} and {@link CosineSimilarity}.
 *
 * @example
 * ```ts
 * new CosineSimilarity({ axis: 1 });
 * ```
 */
export interface CosineSimilarityOptions {
  /** The axis along which the similarity is computed (the features axis; default -1). */
  axis?: number;
}

/** Keras's `ops.normalize` clamps the squared norm at `epsilon^2` before the `rsqrt`. */
const EPSILON_SQUARED = EPSILON * EPSILON;

/** Throws a {@link ValueError} unless `axis` is an integer. */
function checkAxis(who: string, axis: number): number {
  if (!Number.isInteger(axis)) {
    throw new ValueError(`${who}: axis is ${String(axis)}; expected an integer such as -1 (the default).`);
  }
  return axis;
}

/**
 * Keras's cosine similarity loss along axis `a` as one tape node: with
 * `r(x) = rsqrt(max(sum(x^2), eps^2))` (Keras's `ops.normalize`),
 * `u = t * r(t)`, `v = p * r(p)` and `c = sum(u * v)`, the value is `-c`.
 * With `g = dy` broadcast over the axis, the gradients are the exact
 * derivatives: `-g * r(p) * (u - c * v * m(p))` for `p` and
 * `-g * r(t) * (v - c * u * m(t))` for `t`, where `m(x)` is 1 where
 * `sum(x^2) >= eps^2` (the clamp lets the norm through, TensorFlow's
 * `maximum` convention) and 0 elsewhere: a zero vector gets the finite
 * gradient `-g * u / eps` that Keras's clamp gives it.
 */
function cosineSum(a: number): (t: Tensor, p: Tensor) => Tensor {
  return customGrad((t: Tensor, p: Tensor, save: Save) => {
    const st = sum(square(t), a, true);
    const sp = sum(square(p), a, true);
    const rt = rsqrt(maximum(st, EPSILON_SQUARED));
    const rp = rsqrt(maximum(sp, EPSILON_SQUARED));
    const v = mul(p, rp);
    const u = mul(t, rt);
    const c = sum(mul(u, v), a, true);
    const mt = cast(greaterEqual(st, EPSILON_SQUARED), 'float32');
    const mp = cast(greaterEqual(sp, EPSILON_SQUARED), 'float32');
    save([u, v, c, rt, rp, mt, mp]);
    const withoutAxis = t.shape.filter((_, i) => i !== a);
    return {
      value: neg(reshape(c, withoutAxis)),
      gradFunc: (dy: Tensor, [uS, vS, cS, rtS, rpS, mtS, mpS]: Tensor[]) => {
        const g = neg(reshape(dy, keptDimsShape(uS.shape, a)));
        const gp = mul(mul(g, rpS), sub(uS, mul(mul(cS, vS), mpS)));
        const gt = mul(mul(g, rtS), sub(vS, mul(mul(cS, uS), mtS)));
        return [gt, gp];
      },
    };
  });
}

/**
 * Per-sample cosine similarity loss along `axis`: the NEGATIVE cosine of the
 * angle between `yTrue` and `yPred`,
 * `-sum(l2Normalize(yTrue) * l2Normalize(yPred), axis)`, with `axis` removed
 * from the shape (`[batch]` for `[batch, features]` inputs). It lies in
 * `[-1, 1]`: -1 when the vectors point the same way, 0 when they are
 * orthogonal, 1 when they are opposite, so minimizing it aligns them. This
 * sign is Keras's: the loss is the negative of the `CosineSimilarity` metric
 * and of PyTorch's `F.cosine_similarity`. A zero vector on either side gives
 * 0: as in Keras's `ops.normalize`, `x` is normalized as
 * `x * rsqrt(max(sum(x^2), 1e-14))` (PyTorch clamps the product of the norms
 * at 1e-8 instead). A trailing dimension of 1 on either side is squeezed or
 * added first; other shape differences raise a `ShapeError`, an axis out of
 * range a `ValueError`. One node on the gradient tape with a closed-form
 * gradient: first-order gradients only.
 *
 * @example
 * ```ts
 * cosineSimilarity(tensor([[0, 1], [1, 1], [1, 1]]), tensor([[1, 0], [1, 1], [-1, -1]])); // [0, -1, 1]
 * ```
 */
export function cosineSimilarity(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: CosineSimilarityOptions = {},
): Tensor {
  const who = 'cosineSimilarity';
  const axis = checkAxis(who, options.axis ?? -1);
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkRankAtLeast1(who, 'yPred', p);
    checkSameShape(who, t, p);
    return cosineSum(normalizeLossAxis(who, axis, p.rank))(t, p);
  });
}

/**
 * The cosine similarity loss (Keras's `CosineSimilarity`, identifier
 * `'cosine_similarity'`): `loss = -sum(l2Normalize(yTrue) * l2Normalize(yPred))`
 * along `axis`. Note the sign: this is the NEGATIVE cosine, as in Keras, in
 * `[-1, 1]` with -1 for perfectly aligned vectors, so that minimizing it
 * maximizes the similarity. The `CosineSimilarity` metric (and PyTorch's
 * `F.cosine_similarity`) return the positive cosine; PyTorch's
 * `CosineEmbeddingLoss` is `1 - cos` instead. A zero vector on either side
 * gives 0.
 *
 * @example
 * ```ts
 * const loss = new CosineSimilarity({ axis: -1 });
 * loss.compute(tensor([[0, 1], [1, 1]]), tensor([[1, 0], [1, 1]])); // -0.5: the mean of 0 and -1
 * ```
 */
export class CosineSimilarity extends Loss {
  static override readonly className = 'CosineSimilarity';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'axis'];

  /** The axis along which the similarity is computed. */
  readonly axis: number;

  constructor(options: CosineSimilarityOptions & LossOptions = {}) {
    super(options, 'cosine_similarity');
    this.axis = checkAxis('CosineSimilarity', options.axis ?? -1);
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return cosineSimilarity(yTrue, yPred, this);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), axis: this.axis };
  }
}
registerSerializable(CosineSimilarity);

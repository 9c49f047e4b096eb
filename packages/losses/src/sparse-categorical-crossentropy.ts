/**
 * Categorical crossentropy with integer class targets.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
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
  notEqual,
  oneHot,
  reshape,
  ShapeError,
  shapeString,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
  transpose,
  where,
  zeros,
} from '@layerwise/tensors';
import { Loss, type LossOptions, type LossValues } from './loss.js';
import { asFloat, checkRankAtLeast1, EPSILON, isTensor, normalizeLossAxis, type Save, untaped } from './utils.js';

/**
 * Options of {@link sparseCategoricalCrossentropy} and {@link SparseCategoricalCrossentropy}.
 *
 * @example
 * ```ts
 * new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 255 });
 * ```
 */
export interface SparseCategoricalCrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /**
   * A class id whose entries do not count (e.g. -1 or 255 for "void" pixels in
   * segmentation): their loss is 0, and `'sum_over_batch_size'` divides by the
   * number of the other entries. Default none.
   */
  ignoreClass?: number | null;
  /** The class axis of `yPred` (default -1). */
  axis?: number;
}

/**
 * The class ids as int32 of the batch shape. Ignored entries (where `keep` is
 * false) get id -1: a one-hot row of zeros, which gives them a zero gradient
 * with no mask in the backward pass (their value is masked to 0).
 */
function classIds(t: Tensor, keep: Tensor | undefined, batchShape: number[]): Tensor {
  let ids = t.dtype === 'int32' ? t : cast(t, 'int32');
  if (ids.rank !== batchShape.length) ids = reshape(ids, batchShape);
  if (keep !== undefined) ids = sub(mul(add(ids, 1), cast(keep, 'int32')), 1);
  return ids;
}

/** `[..., 1]`-shaped values as per-sample losses of the batch shape, 0 where `keep` is false. */
function perSample(values: Tensor, batchShape: number[], keep: Tensor | undefined): Tensor {
  const v = reshape(values, batchShape);
  return keep === undefined ? v : where(keep, v, zeros(batchShape));
}

/**
 * Keras's crossentropy from probabilities `p` (class axis last) at the class
 * ids `t`, as one tape node:
 * `-log(clip(p[id] / sum(p), eps, 1 - eps))`, which is
 * `-sum(oneHot(id) * log(clip(p / sum(p), eps, 1 - eps)))` bit for bit with
 * the work done on the picked entry only. An id outside `[0, numClasses)`
 * gives NaN (TensorFlow raises, which would need a device read), with a zero
 * gradient as before. The gradient is the exact derivative of the formula:
 * with `q = p[id] / sum(p)` and `c` its clipped value,
 * `dy * m / (c * sum(p)) * (q - oneHot(id))`, where `m` is 1 if the clip let
 * `q` through (`eps <= q <= 1 - eps`: TensorFlow's clip gradient) and 0
 * otherwise.
 */
function fromProbabilities(t: Tensor, keep: Tensor | undefined, batchShape: number[]): (p: Tensor) => Tensor {
  return customGrad((p: Tensor, save: Save) => {
    const oh = oneHot(classIds(t, keep, batchShape), p.shape[p.rank - 1]);
    const found = sum(oh, -1, true); // 1, or 0 for an id out of range
    const s = sum(p, -1, true);
    const q = div(sum(mul(oh, p), -1, true), s);
    const c = clipByValue(q, EPSILON, 1 - EPSILON);
    // An id out of range has q = 0 (so m = 0 and a zero gradient); found / found makes its value NaN.
    const value = perSample(mul(neg(log(c)), div(found, found)), batchShape, keep);
    save([oh, s, q, c]);
    return {
      value,
      gradFunc: (dy: Tensor, [ohS, sS, qS, cS]: Tensor[]) => {
        const m = cast(equal(qS, cS), 'float32');
        const coef = div(mul(reshape(dy, qS.shape), m), mul(cS, sS));
        return mul(sub(qS, ohS), coef);
      },
    };
  });
}

/**
 * `-logSoftmax(x)[id]` (class axis last) as one tape node:
 * `logSumExp(x) - x[id]`, bit for bit `-sum(oneHot(id) * logSoftmax(x))`. The
 * gradient is that formula's, `dy * (softmax(x) * found - oneHot(id))`, where
 * `found` is 1, or 0 for an id outside `[0, numClasses)` (whose value is NaN).
 */
function fromLogits(t: Tensor, keep: Tensor | undefined, batchShape: number[]): (x: Tensor) => Tensor {
  return customGrad((x: Tensor, save: Save) => {
    const oh = oneHot(classIds(t, keep, batchShape), x.shape[x.rank - 1]);
    const found = sum(oh, -1, true);
    const mx = max(x, -1, true);
    const e = exp(sub(x, mx));
    const se = sum(e, -1, true);
    const picked = sum(mul(oh, x), -1, true);
    const value = perSample(mul(sub(add(mx, log(se)), picked), div(found, found)), batchShape, keep);
    // softmax * found is e / (se / found): se / 1 is se, se / 0 is Infinity, giving 0.
    save([oh, e, div(se, found)]);
    return {
      value,
      gradFunc: (dy: Tensor, [ohS, eS, seS]: Tensor[]) => mul(sub(div(eS, seS), ohS), reshape(dy, seS.shape)),
    };
  });
}

function sparseCrossentropyWithMask(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: SparseCategoricalCrossentropyOptions,
): LossValues {
  const who = 'sparseCategoricalCrossentropy';
  const { fromLogits: logits = false, ignoreClass = null, axis = -1 } = options;
  if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
    throw new ValueError(`${who}: ignoreClass is ${ignoreClass}; expected an integer class id or null.`);
  }
  let p = asFloat(yPred);
  // Integer class ids are used as they are: a round trip through float32 would cost two casts.
  const t = isTensor(yTrue) && yTrue.dtype === 'int32' ? yTrue : asFloat(yTrue);
  checkRankAtLeast1(who, 'yPred', p);
  const predShape = p.shape;
  const a = normalizeLossAxis(who, axis, p.rank);
  const idShape = t.rank === p.rank && t.shape[a] === 1 ? t.shape.filter((_, i) => i !== a) : t.shape;
  if (a !== p.rank - 1) {
    const perm = [...Array(p.rank).keys()].filter((i) => i !== a);
    p = transpose(p, [...perm, a]);
  }
  const batchShape = p.shape.slice(0, -1);
  if (idShape.length !== batchShape.length || idShape.some((d, i) => d !== batchShape[i])) {
    throw new ShapeError(
      `${who}: yTrue has shape ${shapeString(t.shape)} but yPred has shape ${shapeString(predShape)}. ` +
        `Expected yTrue to be yPred's shape without the class axis (${shapeString(batchShape)}), optionally ` +
        'with a 1 in place of the class axis. Pass integer class ids, not one-hot targets (for those use ' +
        'categoricalCrossentropy).',
    );
  }
  // The targets feed no gradient: everything computed from them alone stays off the tape.
  const keep =
    ignoreClass === null
      ? undefined
      : untaped(() => {
          const k = notEqual(t, ignoreClass);
          return k.rank === batchShape.length ? k : reshape(k, batchShape);
        });
  const values = (logits ? fromLogits : fromProbabilities)(t, keep, batchShape)(p);
  return keep === undefined ? { values } : { values, mask: keep };
}

/**
 * Per-sample crossentropy between integer class ids `yTrue` (shape
 * `[batch, ...]` or `[batch, ..., 1]`; any numeric dtype) and class
 * probabilities or logits `yPred` (shape `[batch, ..., numClasses]`): shape
 * `yTrue.shape` without a trailing 1.
 *
 * From probabilities the predictions are renormalized to sum to 1 and
 * clipped to `[1e-7, 1 - 1e-7]`, as in Keras's categorical crossentropy;
 * from logits it is `-logSoftmax(yPred)[label]`. Entries equal to
 * `ignoreClass` are 0. A label outside `[0, numClasses)` gives NaN
 * (TensorFlow raises an error, which would need a device read). One node on
 * the gradient tape with a closed-form gradient (the exact derivative of the
 * formula, clipping included): first-order gradients only.
 *
 * @example
 * ```ts
 * sparseCategoricalCrossentropy(tensor([1, 2]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])); // [0.0513, 2.303]
 * ```
 */
export function sparseCategoricalCrossentropy(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: SparseCategoricalCrossentropyOptions = {},
): Tensor {
  return tidy(() => sparseCrossentropyWithMask(yTrue, yPred, options).values);
}

/**
 * Crossentropy between integer class targets and predicted class
 * probabilities or logits (Keras's `SparseCategoricalCrossentropy`,
 * identifier `'sparse_categorical_crossentropy'`). With `ignoreClass`, the
 * ignored entries are left out of the average.
 *
 * @example
 * ```ts
 * const scce = new SparseCategoricalCrossentropy();
 * scce.compute(tensor([1, 2]), tensor([[0.05, 0.95, 0], [0.1, 0.8, 0.1]])); // 1.177
 * ```
 */
export class SparseCategoricalCrossentropy extends Loss {
  static override readonly className = 'SparseCategoricalCrossentropy';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'fromLogits', 'ignoreClass', 'axis'];

  readonly fromLogits: boolean;
  readonly ignoreClass: number | null;
  readonly axis: number;

  constructor(options: SparseCategoricalCrossentropyOptions & LossOptions = {}) {
    super(options, 'sparse_categorical_crossentropy');
    this.fromLogits = options.fromLogits ?? false;
    this.ignoreClass = options.ignoreClass ?? null;
    this.axis = options.axis ?? -1;
    if (this.ignoreClass !== null && !Number.isInteger(this.ignoreClass)) {
      throw new ValueError(
        `SparseCategoricalCrossentropy: ignoreClass is ${this.ignoreClass}; expected an integer class id or null.`,
      );
    }
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, this);
  }

  /** Class ids: int32 ids are kept as they are, anything else becomes float32 (and is truncated to ids). */
  protected override convertTargets(yTrue: TensorInput): Tensor {
    return isTensor(yTrue) && yTrue.dtype === 'int32' ? yTrue : asFloat(yTrue);
  }

  protected override callWithMask(yTrue: Tensor, yPred: Tensor): LossValues {
    return sparseCrossentropyWithMask(yTrue, yPred, this);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass, axis: this.axis };
  }
}
registerSerializable(SparseCategoricalCrossentropy);

/**
 * Categorical crossentropy with integer class targets.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  cast,
  clipByValue,
  div,
  greaterEqual,
  less,
  log,
  logicalOr,
  logSoftmax,
  mul,
  neg,
  notEqual,
  oneHot,
  ShapeError,
  shapeString,
  squeeze,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
  transpose,
  where,
} from '@layerwise/tensors';
import { Loss, type LossOptions, type LossValues } from './loss.js';
import { asFloat, checkRankAtLeast1, EPSILON, normalizeLossAxis } from './utils.js';

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

function sparseCrossentropyWithMask(
  yTrue: TensorInput,
  yPred: TensorInput,
  options: SparseCategoricalCrossentropyOptions,
): LossValues {
  const who = 'sparseCategoricalCrossentropy';
  const { fromLogits = false, ignoreClass = null, axis = -1 } = options;
  if (ignoreClass !== null && !Number.isInteger(ignoreClass)) {
    throw new ValueError(`${who}: ignoreClass is ${ignoreClass}; expected an integer class id or null.`);
  }
  let p = asFloat(yPred);
  let t = asFloat(yTrue);
  checkRankAtLeast1(who, 'yPred', p);
  const predShape = p.shape;
  const trueShape = t.shape;
  const a = normalizeLossAxis(who, axis, p.rank);
  if (t.rank === p.rank && t.shape[a] === 1) t = squeeze(t, a);
  if (a !== p.rank - 1) {
    const perm = [...Array(p.rank).keys()].filter((i) => i !== a);
    p = transpose(p, [...perm, a]);
  }
  const batchShape = p.shape.slice(0, -1);
  if (t.rank !== batchShape.length || t.shape.some((d, i) => d !== batchShape[i])) {
    throw new ShapeError(
      `${who}: yTrue has shape ${shapeString(trueShape)} but yPred has shape ${shapeString(predShape)}. ` +
        `Expected yTrue to be yPred's shape without the class axis (${shapeString(batchShape)}), optionally ` +
        'with a 1 in place of the class axis. Pass integer class ids, not one-hot targets (for those use ' +
        'categoricalCrossentropy).',
    );
  }
  const numClasses = p.shape[p.rank - 1];
  let labels = cast(t, 'int32');
  let valid: Tensor | undefined;
  if (ignoreClass !== null) {
    valid = notEqual(t, ignoreClass);
    labels = where(valid, labels, 0);
  }
  const logProbs = fromLogits ? logSoftmax(p, -1) : log(clipByValue(div(p, sum(p, -1, true)), EPSILON, 1 - EPSILON));
  let values = neg(sum(mul(oneHot(labels, numClasses), logProbs), -1));
  // Labels outside [0, numClasses) give NaN (TensorFlow raises; that needs a device read).
  values = add(values, where(logicalOr(less(labels, 0), greaterEqual(labels, numClasses)), Number.NaN, 0));
  if (valid === undefined) return { values };
  return { values: where(valid, values, 0), mask: valid };
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
 * (TensorFlow raises an error, which would need a device read).
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

  protected override callWithMask(yTrue: Tensor, yPred: Tensor): LossValues {
    return sparseCrossentropyWithMask(yTrue, yPred, this);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), fromLogits: this.fromLogits, ignoreClass: this.ignoreClass, axis: this.axis };
  }
}
registerSerializable(SparseCategoricalCrossentropy);

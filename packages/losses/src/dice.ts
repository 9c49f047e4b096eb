/**
 * Dice loss, `1 - 2 * sum(yTrue * yPred) / (sum(yTrue) + sum(yPred) + 1e-7)`,
 * over every axis or the given ones: the overlap loss of segmentation.
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import {
  add,
  div,
  mul,
  ShapeError,
  shapeString,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { Loss, type LossOptions } from './loss.js';
import { asFloat, checkSameShape, EPSILON, isTensor, normalizeLossAxis, squeezeOrExpandToSameRank } from './utils.js';

/**
 * The axes an overlap loss ({@link Dice}, `Tversky`) sums over: `null` for
 * every axis (one value for the whole batch), one axis, or several.
 */
export type OverlapAxis = number | number[] | null;

/** Throws a {@link ValueError} unless `axis` is `null`, an integer or an array of integers. */
export function checkOverlapAxisOption(who: string, axis: unknown): void {
  const ok = axis === null || Number.isInteger(axis) || (Array.isArray(axis) && axis.every((a) => Number.isInteger(a)));
  if (!ok) {
    throw new ValueError(
      `${who}: axis is ${JSON.stringify(axis)}; expected null (every axis), an integer or an array of integers ` +
        '(e.g. [1, 2, 3] for one value per sample of [batch, height, width, channels] inputs).',
    );
  }
}

/**
 * `axis` as the axes to sum over for a tensor of `rank` (`undefined`: every
 * axis), or a {@link ValueError} for an out-of-range or repeated axis.
 */
export function overlapAxes(who: string, axis: OverlapAxis, rank: number): number[] | undefined {
  checkOverlapAxisOption(who, axis);
  if (axis === null) return undefined;
  const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => normalizeLossAxis(who, a, rank));
  if (new Set(axes).size !== axes.length) {
    throw new ValueError(`${who}: axis ${JSON.stringify(axis)} repeats an axis; expected each axis at most once.`);
  }
  return axes;
}

/** The shape of a sample weight given as a tensor, a typed array, nested arrays or a number. */
function weightShape(w: TensorInput): number[] {
  if (isTensor(w)) return w.shape;
  if (ArrayBuffer.isView(w)) return [(w as unknown as ArrayLike<number>).length];
  const shape: number[] = [];
  let x: unknown = w;
  while (Array.isArray(x)) {
    shape.push(x.length);
    x = x[0];
  }
  return shape;
}

/**
 * With `axis` `null` an overlap loss is one number for the whole batch: a
 * {@link ShapeError} that says so (and what to do) for a sample weight with
 * more than one entry, which Keras would broadcast against that number.
 */
export function checkBatchLossWeight(who: string, axis: OverlapAxis, sampleWeight?: TensorInput | null): void {
  if (axis !== null || sampleWeight === undefined || sampleWeight === null) return;
  const shape = weightShape(sampleWeight);
  if (shape.reduce((a, b) => a * b, 1) > 1) {
    throw new ShapeError(
      `${who}: sampleWeight has shape ${shapeString(shape)}, but with axis null the loss sums over every axis and ` +
        'is one number for the whole batch. Expected a scalar sampleWeight, or pass axis (e.g. [1, 2, 3] for ' +
        '[batch, height, width, channels]) to get one loss per sample that can be weighted.',
    );
  }
}

/**
 * `yTrue` and `yPred` as float32 tensors of one shape (a trailing dimension
 * of 1 on either side squeezed or added, as Keras does).
 */
export function overlapInputs(who: string, yTrue: TensorInput, yPred: TensorInput): [Tensor, Tensor] {
  const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  checkSameShape(who, t, p);
  return [t, p];
}

/**
 * Options of {@link dice} and {@link Dice}.
 *
 * @example
 * ```ts
 * new Dice({ axis: [1, 2, 3] }); // one value per sample of [batch, h, w, c] masks
 * ```
 */
export interface DiceOptions {
  /**
   * The axes the sums run over (default `null`: every axis, batch included,
   * so the loss is one number for the whole batch). `[1, 2, 3]` gives one
   * value per sample of `[batch, height, width, channels]` masks.
   */
  axis?: OverlapAxis;
}

/**
 * The Dice loss over `axis`:
 *
 * ```
 * loss = 1 - 2 * sum(yTrue * yPred) / (sum(yTrue) + sum(yPred) + 1e-7)
 * ```
 *
 * Shape: `yPred.shape` without the summed axes (a scalar with the default
 * `axis` `null`). The 1e-7 (Keras's epsilon) sits in the denominator only,
 * so two empty masks give a loss of 1, not 0.
 *
 * @example
 * ```ts
 * const yTrue = [[[[1], [1]], [[0], [0]]], [[[1], [1]], [[0], [0]]]];
 * const yPred = [[[[0], [1]], [[0], [1]]], [[[0.4], [0]], [[0], [0.9]]]];
 * dice(yTrue, yPred, { axis: [1, 2, 3] }); // [0.5, 0.7576]
 * dice(yTrue, yPred);                      // 0.6164
 * ```
 */
export function dice(yTrue: TensorInput, yPred: TensorInput, options: DiceOptions = {}): Tensor {
  const who = 'dice';
  const { axis = null } = options;
  checkOverlapAxisOption(who, axis);
  return tidy(() => {
    const [t, p] = overlapInputs(who, yTrue, yPred);
    const axes = overlapAxes(who, axis, p.rank);
    const intersection = sum(mul(t, p), axes);
    const union = add(add(sum(t, axes), sum(p, axes)), EPSILON);
    return sub(1, div(mul(intersection, 2), union));
  });
}

/**
 * The Dice loss (Keras's `Dice`, identifier `'dice'`): one minus the Dice
 * coefficient (F1 score) between a target mask and a predicted soft mask,
 * for segmentation with imbalanced foreground and background.
 *
 * By default (`axis: null`) the sums run over every axis, batch included,
 * as in Keras: the loss is one number for the whole batch, so the only
 * sample weight that applies is a scalar; pass `axis` (e.g. `[1, 2, 3]`)
 * for per-sample values that can be weighted and reduced. Keras wins over
 * PyTorch libraries (MONAI's `DiceLoss` adds a smoothing term to numerator
 * and denominator and averages per sample and channel): the epsilon is
 * 1e-7, in the denominator only.
 *
 * @example
 * ```ts
 * new Dice().compute(tensor([[1, 2], [1, 2]]), tensor([[4, 1], [6, 1]])); // -0.5556
 * new Dice({ axis: [1, 2, 3], reduction: 'none' }).compute(masks, predictions); // one value per sample
 * ```
 */
export class Dice extends Loss {
  static override readonly className = 'Dice';
  static override readonly configKeys: readonly string[] = ['name', 'reduction', 'axis'];

  readonly axis: OverlapAxis;

  constructor(options: DiceOptions & LossOptions = {}) {
    super(options, 'dice');
    const axis = options.axis ?? null;
    checkOverlapAxisOption('Dice', axis);
    this.axis = Array.isArray(axis) ? [...axis] : axis;
  }

  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return dice(yTrue, yPred, this);
  }

  /** As `Loss.compute`; with `axis` `null` only a scalar `sampleWeight` applies (a `ShapeError` otherwise). */
  override compute(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): Tensor {
    checkBatchLossWeight('Dice', this.axis, sampleWeight);
    return super.compute(yTrue, yPred, sampleWeight);
  }

  override getConfig(): Config {
    return { ...super.getConfig(), axis: Array.isArray(this.axis) ? [...this.axis] : this.axis };
  }
}
registerSerializable(Dice);

/**
 * Internal: the threshold bucketing that every confusion-matrix metric shares
 * (Keras's `metrics_utils.update_confusion_matrix_variables`), threshold
 * parsing and validation, and Keras's top-k filter. Not exported from the
 * package.
 *
 * Every count is computed for all thresholds at once on the device, with no
 * read-back: evenly spaced thresholds use Keras's O(T + N) bucket method (one
 * scatter-add of the weights into buckets, then a reversed cumulative sum);
 * other thresholds compare every prediction with every threshold in one
 * broadcast `[T, N]` comparison.
 */
import { squeezeOrExpandToSameRank, ValueError } from '@layerwise/core';
import {
  add,
  broadcastTo,
  cast,
  ceil,
  clipByValue,
  cumsum,
  expandDims,
  greater,
  isNaN as isNaNTensor,
  maximum,
  mul,
  notEqual,
  oneHot,
  range,
  reshape,
  ShapeError,
  scatterND,
  shapeString,
  sliceRange,
  stack,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tensor,
  tidy,
  topK as topKOp,
  type Variable,
  where,
} from '@layerwise/tensors';
import { asFloat, checkSameShape } from './utils.js';

/** Keras's `NEG_INF`: the threshold that top-k metrics use, below any kept prediction. */
export const NEG_INF = -1e10;

/** Keras's `backend.epsilon()`, used for AUC's end thresholds and the F-scores. */
export const EPSILON = 1e-7;

/** Thresholds as a user gives them: one number, a list, or nothing for the default. */
export type ThresholdsInput = number | readonly number[] | null | undefined;

/** The four confusion-matrix cells, as Keras's `ConfusionMatrix` enum values. */
export type ConfusionCell = 'tp' | 'fp' | 'tn' | 'fn';

/** The state variables to add this batch's counts to (one entry per threshold, or `[T, labels]` for multi-label). */
export type ConfusionVariables = Partial<Record<ConfusionCell, Variable>>;

/** A JSON-friendly copy of a thresholds argument (for `getConfig`). */
export function thresholdsConfig(t: ThresholdsInput): number | number[] | null {
  if (t === null || t === undefined) return null;
  return typeof t === 'number' ? t : [...t];
}

/**
 * Keras's `parse_init_thresholds`: the thresholds as a list, after checking
 * that each is a number in `[0, 1]` (a {@link ValueError} lists the bad ones).
 * `null`/`undefined` gives `[defaultThreshold]`.
 */
export function parseThresholds(who: string, thresholds: ThresholdsInput, defaultThreshold: number): number[] {
  if (thresholds === null || thresholds === undefined) return [defaultThreshold];
  const list: unknown[] =
    typeof thresholds === 'number' ? [thresholds] : Array.isArray(thresholds) ? [...thresholds] : [thresholds];
  const bad = list.filter((t) => typeof t !== 'number' || Number.isNaN(t) || t < 0 || t > 1);
  if (bad.length > 0 || list.length === 0) {
    const shown = bad.map((t) => (typeof t === 'number' && !Number.isNaN(t) ? String(t) : JSON.stringify(t ?? null)));
    throw new ValueError(
      `${who}: Threshold values must be in [0, 1]. Received: [${shown.join(', ')}] ` +
        `(argument thresholds = ${JSON.stringify(thresholds)}). Pass numbers between 0 and 1, e.g. thresholds: [0.3, 0.5].`,
    );
  }
  return list as number[];
}

/**
 * Keras's `is_evenly_distributed_thresholds`: at least 3 thresholds equal to
 * `i / (n - 1)` within NumPy's `allclose` (atol 1e-7, rtol 1e-5).
 */
export function isEvenlyDistributed(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  if (n < 3) return false;
  return thresholds.every((t, i) => {
    const even = Math.fround(i) / Math.fround(n - 1);
    return Math.abs(t - even) <= EPSILON + 1e-5 * Math.abs(even);
  });
}

/** Checks an optional positive-integer option (`topK`, `numLabels`...). */
export function checkPositiveInt(who: string, arg: string, v: number | null | undefined): void {
  if (v === null || v === undefined) return;
  if (!Number.isInteger(v) || v < 1) {
    throw new ValueError(`${who}: ${arg} is ${v}; expected a positive integer or null.`);
  }
}

/** Checks `classId`: a non-negative integer or null. */
export function checkClassId(who: string, classId: number | null | undefined): void {
  if (classId === null || classId === undefined) return;
  if (!Number.isInteger(classId) || classId < 0) {
    throw new ValueError(`${who}: classId is ${classId}; expected a non-negative integer (a class index) or null.`);
  }
}

/**
 * Keras's `_filter_top_k`: keeps the `k` largest values along the last axis
 * and sets the others to {@link NEG_INF}.
 */
export function filterTopK(x: Tensor, k: number, who: string): Tensor {
  const last = x.rank === 0 ? 0 : x.shape[x.rank - 1];
  if (x.rank === 0 || k > last) {
    throw new ValueError(
      `${who}: topK is ${k} but yPred has shape ${shapeString(x.shape)}. Expected topK <= the last dimension (${last}).`,
    );
  }
  return tidy(() => {
    const { indices } = topKOp(x, k);
    const mask = sum(oneHot(indices, last), -2);
    return add(mul(x, mask), mul(NEG_INF, sub(1, mask)));
  });
}

/** Broadcasts a weight to `shape`, or throws a {@link ShapeError} naming the argument. */
export function broadcastWeight(
  who: string,
  arg: string,
  w: Tensor,
  shape: readonly number[],
  given: number[],
): Tensor {
  const offset = shape.length - w.rank;
  const fits = offset >= 0 && w.shape.every((d, i) => d === 1 || d === shape[offset + i]);
  if (!fits) {
    throw new ShapeError(
      `${who}: ${arg} has shape ${shapeString(given)}, which does not broadcast to the predictions' shape ` +
        `${shapeString(shape)}. Expected a scalar, one weight per sample ([batch] or [batch, 1]), or a shape that ` +
        'broadcasts to the predictions.',
    );
  }
  return broadcastTo(w, [...shape]);
}

/** Options of {@link updateConfusionVariables}. */
export interface ConfusionUpdateOptions {
  /** Thresholds (sorted ascending when evenly distributed). */
  thresholds: readonly number[];
  /** Use the bucket method: thresholds are `i / (T - 1)`, possibly with the ends moved by epsilon. */
  thresholdsDistributedEvenly?: boolean;
  /** Keep only the top-k predictions of each row (the rest become {@link NEG_INF}). */
  topK?: number | null;
  /** Only count this class (the last axis of yTrue and yPred). */
  classId?: number | null;
  sampleWeight?: TensorInput | null;
  /** Count each label (the last axis of a rank-2 yPred) apart: variables of shape `[T, labels]`. */
  multiLabel?: boolean;
  /** Per-label weights (`[labels]`) applied to the flattened data; only without `multiLabel`. */
  labelWeights?: readonly number[] | null;
}

/**
 * Keras's `update_confusion_matrix_variables`: adds, for every threshold `t`,
 * the weighted counts of (label, prediction > t) pairs to the given
 * variables: `tp` (label 1, predicted 1), `fp` (0, 1), `tn` (0, 0), `fn`
 * (1, 0). Labels are cast to bool (any non-zero is positive). Runs on the
 * device without reading anything back; call it where a `tidy` can free the
 * intermediates (it opens one itself).
 *
 * Shapes: yTrue and yPred must match (a trailing 1 on either side is
 * squeezed or added). `sampleWeight` (a scalar, `[batch]`, or any shape that
 * broadcasts to yPred) is aligned to yTrue as Keras does. Without
 * `multiLabel`, everything is flattened; with it, yPred must be `[batch,
 * labels]`.
 *
 * Predictions are not checked against `[0, 1]` (that would need a device
 * read); the bucket method clips them to `[0, 1]` as Keras does.
 */
export function updateConfusionVariables(
  who: string,
  variables: ConfusionVariables,
  yTrueIn: TensorInput,
  yPredIn: TensorInput,
  options: ConfusionUpdateOptions,
): void {
  tidy(() => {
    const thresholds = options.thresholds;
    const multiLabel = options.multiLabel ?? false;
    let yPred = asFloat(yPredIn);
    let yTrue = asFloat(yTrueIn);
    [yPred, yTrue] = squeezeOrExpandToSameRank(yPred, yTrue);
    checkSameShape(who, yTrue, yPred);

    let sw: Tensor | undefined;
    let swShape: number[] = [];
    if (options.sampleWeight !== null && options.sampleWeight !== undefined) {
      const given = asFloat(options.sampleWeight);
      swShape = given.shape;
      [, sw] = squeezeOrExpandToSameRank(yTrue, expandDims(given, -1), false);
    }

    if (options.topK !== null && options.topK !== undefined) yPred = filterTopK(yPred, options.topK, who);

    if (options.classId !== null && options.classId !== undefined) {
      const classId = options.classId;
      if (yPred.rank < 2) {
        throw new ValueError(
          `${who}: When classId is provided, yPred must be a 2D array with shape [numSamples, numClasses], ` +
            `found shape: ${shapeString(yPred.shape)}.`,
        );
      }
      const numClasses = yPred.shape[yPred.rank - 1];
      if (classId >= numClasses) {
        throw new ValueError(
          `${who}: classId is ${classId} but yPred has ${numClasses} classes (shape ${shapeString(yPred.shape)}). ` +
            `Expected classId in [0, ${numClasses - 1}].`,
        );
      }
      const begin = [...yPred.shape.slice(0, -1).map(() => 0), classId];
      const size = [...yPred.shape.slice(0, -1).map(() => -1), 1];
      yTrue = sliceRange(yTrue, begin, size);
      yPred = sliceRange(yPred, begin, size);
    }

    if (multiLabel && yPred.rank !== 2) {
      throw new ShapeError(
        `${who}: with multiLabel, yPred must have rank 2 ([batch, labels]); got shape ${shapeString(yPred.shape)}.`,
      );
    }

    const shape = yPred.shape;
    let weights: Tensor | undefined;
    if (sw !== undefined) weights = broadcastWeight(who, 'sampleWeight', sw, shape, swShape);
    if (!multiLabel && options.labelWeights !== null && options.labelWeights !== undefined) {
      const lw = tensor([...options.labelWeights], [options.labelWeights.length], 'float32');
      const b = broadcastWeight(who, 'labelWeights', lw, shape, lw.shape);
      weights = weights === undefined ? b : mul(weights, b);
    }

    let labels = cast(notEqual(yTrue, 0), 'float32');
    let preds = yPred;
    if (!multiLabel) {
      labels = reshape(labels, [-1]);
      preds = reshape(preds, [-1]);
      if (weights !== undefined) weights = reshape(weights, [-1]);
    }
    const trueLabels = weights === undefined ? labels : mul(labels, weights);
    const falseLabels = weights === undefined ? sub(1, labels) : mul(sub(1, labels), weights);

    const [tp, fp] = options.thresholdsDistributedEvenly
      ? bucketCounts(preds, trueLabels, falseLabels, thresholds, multiLabel)
      : comparisonCounts(preds, trueLabels, falseLabels, thresholds, multiLabel);

    const axis = multiLabel ? 0 : undefined;
    if (variables.tp) assignAddChecked(who, variables.tp, tp);
    if (variables.fp) assignAddChecked(who, variables.fp, fp);
    if (variables.tn) assignAddChecked(who, variables.tn, sub(sum(falseLabels, axis), fp));
    if (variables.fn) assignAddChecked(who, variables.fn, sub(sum(trueLabels, axis), tp));
  });
}

/** `v += delta`, with an error naming the metric if the number of labels changed. */
function assignAddChecked(who: string, v: Variable, delta: Tensor): void {
  if (v.shape.length !== delta.shape.length || v.shape.some((d, i) => d !== delta.shape[i])) {
    throw new ShapeError(
      `${who}: this batch gives counts of shape ${shapeString(delta.shape)} but the metric's state has shape ` +
        `${shapeString(v.shape)}. The number of labels must stay the same from batch to batch.`,
    );
  }
  v.assign(add(v, delta));
}

/**
 * Keras's `_update_confusion_matrix_variables_optimized`: the bucket of a
 * prediction `p` is `ceil(p * (T - 1)) - 1` (so `p` counts for every
 * threshold it is strictly above); a scatter-add sums the weights per bucket
 * and a reversed cumulative sum turns buckets into counts per threshold.
 * When the end thresholds were moved by epsilon (below 0 and above 1), bucket
 * -1 becomes 0: every prediction in `[0, 1]` is above the first threshold.
 * Here bucket `b` is stored at index `b + 1` and the cumulative sum is
 * exclusive, which drops bucket -1 without a negative index.
 */
function bucketCounts(
  preds: Tensor,
  trueLabels: Tensor,
  falseLabels: Tensor,
  thresholds: readonly number[],
  multiLabel: boolean,
): [Tensor, Tensor] {
  const t = thresholds.length;
  const withEpsilon = thresholds[0] < 0 || thresholds[t - 1] > 1;
  let j = ceil(mul(clipByValue(preds, 0, 1), t - 1));
  if (withEpsilon) j = maximum(j, 1);
  // A NaN prediction goes to index 0, which no threshold counts (and never indexes out of range).
  j = cast(where(isNaNTensor(j), 0, j), 'int32');
  let indices: Tensor;
  let outShape: number[];
  if (multiLabel) {
    const [n, l] = preds.shape;
    const labelIndex = broadcastTo(range(0, l, 1, 'int32'), [n, l]);
    indices = stack([j, labelIndex], -1);
    outShape = [t, l];
  } else {
    indices = expandDims(j, -1);
    outShape = [t];
  }
  const tp = cumsum(scatterND(indices, trueLabels, outShape), 0, true, true);
  const fp = cumsum(scatterND(indices, falseLabels, outShape), 0, true, true);
  return [tp, fp];
}

/**
 * The general method: `predictions > thresholds` as one broadcast `[T, ...]`
 * comparison, multiplied by the weighted labels and summed over the samples.
 */
function comparisonCounts(
  preds: Tensor,
  trueLabels: Tensor,
  falseLabels: Tensor,
  thresholds: readonly number[],
  multiLabel: boolean,
): [Tensor, Tensor] {
  const t = thresholds.length;
  const thr = tensor([...thresholds], multiLabel ? [t, 1, 1] : [t, 1], 'float32');
  const predIsPos = cast(greater(expandDims(preds, 0), thr), 'float32');
  const tp = sum(mul(predIsPos, expandDims(trueLabels, 0)), 1);
  const fp = sum(mul(predIsPos, expandDims(falseLabels, 0)), 1);
  return [tp, fp];
}

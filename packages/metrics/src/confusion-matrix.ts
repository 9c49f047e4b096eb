/**
 * `confusionMatrix`: counts of (true class, predicted class) pairs.
 */
import { squeezeOrExpandToSameRank, ValueError } from '@layerwise/core';
import {
  add,
  cast,
  expandDims,
  greaterEqual,
  less,
  logicalAnd,
  mul,
  ones,
  reshape,
  ShapeError,
  scatterND,
  shapeString,
  type Tensor,
  type TensorInput,
  tidy,
  where,
} from '@layerwise/tensors';
import { asTensor, isTensor } from './utils.js';

/** The flat values of a JavaScript (nested) array, or undefined for a tensor. */
function hostValues(x: TensorInput): number[] | undefined {
  if (isTensor(x)) return undefined;
  if (typeof x === 'number') return [x];
  if (ArrayBuffer.isView(x)) return Array.from(x as unknown as ArrayLike<number>);
  if (Array.isArray(x)) return (x as unknown[]).flat(Number.POSITIVE_INFINITY) as number[];
  return undefined;
}

function checkClasses(arg: string, x: TensorInput, numClasses: number): void {
  const values = hostValues(x);
  if (values === undefined) return;
  const bad = values.find((v) => typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= numClasses);
  if (bad !== undefined) {
    throw new ValueError(
      `confusionMatrix: ${arg} contains ${JSON.stringify(bad)}; expected integer class indices in [0, ${numClasses - 1}] ` +
        `(numClasses is ${numClasses}).`,
    );
  }
}

/**
 * The confusion matrix of integer labels and predictions (Keras's
 * `metrics_utils.confusion_matrix`, TensorFlow's `tf.math.confusion_matrix`):
 * a `[numClasses, numClasses]` tensor whose entry `[i, j]` counts the samples
 * of true class `i` predicted as class `j`, or sums their `weights`. Rows are
 * the true classes, columns the predictions.
 *
 * `yTrue` and `yPred` are class indices of shape `[n]` (a trailing
 * dimension of 1 is squeezed); `weights`, if given, has one value per
 * sample. The result has `dtype` int32 (default, as Keras; weights are cast
 * to it, which truncates fractional weights) or float32. Indices given as
 * JavaScript arrays are checked (a {@link ValueError} for one outside
 * `[0, numClasses)`); indices in tensors are not read back, and a pair with
 * an index out of range is left out of the matrix.
 *
 * @example
 * ```ts
 * confusionMatrix([1, 2, 4], [2, 2, 4], 5);
 * // [[0, 0, 0, 0, 0],
 * //  [0, 0, 1, 0, 0],
 * //  [0, 0, 1, 0, 0],
 * //  [0, 0, 0, 0, 0],
 * //  [0, 0, 0, 0, 1]]
 * confusionMatrix([0, 1, 1], [0, 1, 0], 2, [0.5, 1, 2], 'float32'); // [[0.5, 0], [2, 1]]
 * ```
 */
export function confusionMatrix(
  yTrue: TensorInput,
  yPred: TensorInput,
  numClasses: number,
  weights?: TensorInput | null,
  dtype: 'int32' | 'float32' = 'int32',
): Tensor {
  if (!Number.isInteger(numClasses) || numClasses < 1) {
    throw new ValueError(`confusionMatrix: numClasses is ${numClasses}; expected a positive integer.`);
  }
  if (dtype !== 'int32' && dtype !== 'float32') {
    throw new ValueError(`confusionMatrix: dtype '${dtype}' is not supported; expected 'int32' or 'float32'.`);
  }
  checkClasses('yTrue', yTrue, numClasses);
  checkClasses('yPred', yPred, numClasses);
  return tidy(() => {
    let labels = cast(asTensor(yTrue), 'int32');
    let preds = cast(asTensor(yPred), 'int32');
    [labels, preds] = squeezeOrExpandToSameRank(labels, preds);
    if (labels.rank === 2 && labels.shape[1] === 1) labels = reshape(labels, [-1]);
    if (preds.rank === 2 && preds.shape[1] === 1) preds = reshape(preds, [-1]);
    if (labels.rank !== 1 || preds.rank !== 1 || labels.shape[0] !== preds.shape[0]) {
      throw new ShapeError(
        `confusionMatrix: yTrue has shape ${shapeString(labels.shape)} and yPred ${shapeString(preds.shape)}; ` +
          'expected two 1-D tensors of class indices of the same length.',
      );
    }
    const n = labels.shape[0] as number;
    let values: Tensor;
    if (weights !== null && weights !== undefined) {
      let w = asTensor(weights);
      if (w.rank === 2 && w.shape[1] === 1) w = reshape(w, [-1]);
      if (w.rank !== 1 || w.shape[0] !== n) {
        throw new ShapeError(
          `confusionMatrix: weights has shape ${shapeString(w.shape)}; expected [${n}], one weight per prediction.`,
        );
      }
      values = cast(cast(w, dtype), 'float32');
    } else {
      values = ones([n]);
    }
    const inRange = (x: Tensor) => logicalAnd(greaterEqual(x, 0), less(x, numClasses));
    const valid = logicalAnd(inRange(labels), inRange(preds));
    const flat = where(valid, add(mul(labels, numClasses), preds), 0);
    const counts = scatterND(expandDims(flat, -1), where(valid, values, 0), [numClasses * numClasses]);
    return cast(reshape(counts, [numClasses, numClasses]), dtype);
  });
}

/**
 * Per-sample accuracy functions: 1 where the prediction matches the target,
 * 0 elsewhere (Keras's `accuracy`, `binary_accuracy`, `categorical_accuracy`,
 * `sparse_categorical_accuracy`). All return float32.
 */
import {
  argMax,
  cast,
  equal,
  greater,
  ShapeError,
  shapeString,
  squeeze,
  type Tensor,
  type TensorInput,
  tidy,
} from '@layerwise/tensors';
import { asFloat, checkSameShape, squeezeOrExpandToSameRank } from './utils.js';

/**
 * 1 where `yPred` equals `yTrue` exactly, else 0, shaped like the inputs
 * (after squeezing or adding a trailing 1 so the ranks match).
 *
 * @example
 * ```ts
 * accuracy([[1], [2], [3], [4]], [[0], [2], [3], [4]]); // [[0], [1], [1], [1]]
 * ```
 */
export function accuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('accuracy', t, p);
    return cast(equal(t, p), 'float32');
  });
}

/**
 * 1 where `yPred > threshold` agrees with the binary target `yTrue` (0/1 or
 * boolean), else 0, shaped like the inputs (after squeezing or adding a
 * trailing 1 so the ranks match).
 *
 * @example
 * ```ts
 * binaryAccuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]); // [[1], [1], [1], [0]]
 * ```
 */
export function binaryAccuracy(yTrue: TensorInput, yPred: TensorInput, threshold = 0.5): Tensor {
  return tidy(() => {
    const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
    checkSameShape('binaryAccuracy', t, p);
    return cast(equal(t, cast(greater(p, threshold), 'float32')), 'float32');
  });
}

/**
 * 1 where the largest entry of `yPred` is at the same index as the largest
 * of the one-hot `yTrue` along the last axis, else 0: shape `yPred.shape`
 * without its last axis. Logits work as well as probabilities.
 *
 * @example
 * ```ts
 * categoricalAccuracy([[0, 0, 1], [0, 1, 0]], [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]); // [0, 1]
 * ```
 */
export function categoricalAccuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    const t = asFloat(yTrue);
    const p = asFloat(yPred);
    checkSameShape('categoricalAccuracy', t, p, 'one-hot targets of the same shape as the predictions');
    if (p.rank < 1) {
      throw new ShapeError('categoricalAccuracy: yPred is a scalar; expected shape [batch, ..., classes].');
    }
    return cast(equal(argMax(t, -1), argMax(p, -1)), 'float32');
  });
}

/**
 * 1 where the index of the largest entry of `yPred` (along the last axis)
 * equals the integer class `yTrue`, else 0. `yTrue` has `yPred`'s shape
 * without the class axis, or with a 1 in its place (`[batch]` or
 * `[batch, 1]` for `[batch, classes]` predictions); the result has shape
 * `yPred.shape` without the last axis.
 *
 * @example
 * ```ts
 * sparseCategoricalAccuracy([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]); // [0, 1]
 * ```
 */
export function sparseCategoricalAccuracy(yTrue: TensorInput, yPred: TensorInput): Tensor {
  return tidy(() => {
    let t = asFloat(yTrue);
    const p = asFloat(yPred);
    const trueShape = t.shape;
    if (p.rank >= 1 && t.rank === p.rank && t.shape[t.rank - 1] === 1) t = squeeze(t, -1);
    const batchShape = p.shape.slice(0, -1);
    if (p.rank < 1 || t.rank !== batchShape.length || t.shape.some((d, i) => d !== batchShape[i])) {
      throw new ShapeError(
        `sparseCategoricalAccuracy: yTrue has shape ${shapeString(trueShape)} but yPred has shape ` +
          `${shapeString(p.shape)}. Expected integer class targets of shape ${shapeString(batchShape)} or ` +
          `${shapeString([...batchShape, 1])} (the predictions' shape without the class axis).`,
      );
    }
    return cast(equal(t, cast(argMax(p, -1), 'float32')), 'float32');
  });
}

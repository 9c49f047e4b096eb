/**
 * Scatters: build a tensor from updates at index tuples ({@link scatterND}),
 * or overwrite entries of an existing one ({@link tensorScatterUpdate}). The
 * index layout is TensorFlow's: the last dimension `k` of `indices` addresses
 * the first `k` dimensions of the output, and `updates` has shape
 * `indices.shape[:-1] + shape[k:]`.
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { checkTuples, sizeOf, toIndices, toWeakTensor } from './common.js';

interface Layout {
  indices: Tensor;
  updates: Tensor;
}

/** Checks the TensorFlow layout and flattens to indices `[n, k]`, updates `[n, ...shape[k:]]`. */
function layout(
  indices: TensorInput,
  updates: TensorInput,
  shape: readonly number[],
  op: string,
  dtype?: Tensor['dtype'],
): Layout {
  const idx = toIndices(indices, 'indices', op);
  const it = idx.tensor;
  const ut = toWeakTensor(updates, 'updates', op, dtype);
  const k = it.rank === 0 ? 0 : it.shape[it.rank - 1];
  if (it.rank === 0 || k < 1 || k > shape.length) {
    throw new ShapeError(
      `${op}: indices ${shapeString(it.shape)} must have rank >= 1 with a last dimension (index depth) in ` +
        `[1, ${shape.length}] for output shape ${shapeString(shape)}.`,
    );
  }
  const batch = it.shape.slice(0, -1);
  const tail = shape.slice(k);
  const expected = [...batch, ...tail];
  if (ut.rank !== expected.length || ut.shape.some((d, i) => d !== expected[i])) {
    throw new ShapeError(
      `${op}: updates has shape ${shapeString(ut.shape)} but indices ${shapeString(it.shape)} into shape ` +
        `${shapeString(shape)} need updates of shape ${shapeString(expected)} (indices.shape[:-1] + shape[${k}:]).`,
    );
  }
  checkTuples(idx.host, shape, k, op);
  const n = sizeOf(batch);
  return { indices: tfc.reshape(it, [n, k]), updates: tfc.reshape(ut, [n, ...tail]) };
}

/**
 * A tensor of zeros of `shape` with `updates` added at `indices` (TensorFlow's
 * `scatter_nd`): repeated indices add up. Indices must be int32 (or JavaScript
 * integers); differentiable with respect to `updates`.
 *
 * @example
 * ```ts
 * scatterND([[1], [3]], tensor([9, 10]), [5]);          // [0, 9, 0, 10, 0]
 * scatterND([[0, 1], [1, 0]], tensor([1, 2]), [2, 2]);  // [[0, 1], [2, 0]]
 * ```
 */
export function scatterND(indices: TensorInput, updates: TensorInput, shape: readonly number[]): Tensor {
  const op = 'scatterND';
  return tfc.tidy(() => {
    if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d < 0)) {
      throw new ShapeError(
        `${op}: shape ${shapeString(shape)} is invalid. Expected a non-empty list of non-negative integers.`,
      );
    }
    const l = layout(indices, updates, shape, op);
    return tfc.scatterND(l.indices, l.updates, [...shape]);
  });
}

/**
 * A copy of `t` with the entries (or slices) at `indices` replaced by
 * `updates` (TensorFlow's `tensor_scatter_nd_update`). `updates` must have
 * `t`'s dtype (plain numbers take it). With repeated indices, which update
 * wins is unspecified, and so is the gradient for the losing ones.
 * Differentiable with respect to `t` (zero at the replaced entries) and
 * `updates`.
 *
 * @example
 * ```ts
 * tensorScatterUpdate(tensor([1, 2, 3, 4]), [[0], [2]], [9, 8]); // [9, 2, 8, 4]
 * ```
 */
export function tensorScatterUpdate(t: TensorInput, indices: TensorInput, updates: TensorInput): Tensor {
  const op = 'tensorScatterUpdate';
  return tfc.tidy(() => {
    const tt = toTensor(t, 't', op);
    if (tt.rank === 0) {
      throw new ShapeError(`${op}: t is a scalar; expected a tensor of rank >= 1 to update.`);
    }
    const l = layout(indices, updates, tt.shape, op, tt.dtype);
    if (l.updates.dtype !== tt.dtype) {
      throw new DTypeError(
        `${op}: updates has dtype ${l.updates.dtype} but t has dtype ${tt.dtype}. Expected the same dtype: ` +
          `cast(updates, '${tt.dtype}').`,
      );
    }
    return tfc.tensorScatterUpdate(tt, l.indices, l.updates);
  });
}

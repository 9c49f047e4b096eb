/**
 * Diagonals and bands of matrices. All are built from reshape, slice, pad and
 * select, so they are differentiable on every backend and copy values exactly
 * (no multiplication by a 0/1 mask, which would turn Inf and NaN off the
 * diagonal into NaN).
 */
import { type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { sizeOf } from './common.js';

/** The main diagonals of the last two dimensions, `[..., m, n] -> [..., min(m, n)]`. */
function diagonals(t: Tensor): Tensor {
  const batch = t.shape.slice(0, -2);
  const [m, n] = t.shape.slice(-2);
  const k = Math.min(m, n);
  const rows = sizeOf(batch);
  const flat = tfc.reshape(t, [rows, m * n]);
  if (k === 0) return tfc.reshape(tfc.slice(flat, [0, 0], [rows, 0]), [...batch, 0]);
  // Element (i, i) sits at i * (n + 1) of the flattened matrix: lay the
  // flattened matrix out in rows of n + 1 and keep column 0.
  const need = k * (n + 1);
  const have = Math.min(need, m * n);
  let y = tfc.slice(flat, [0, 0], [rows, have]);
  if (have < need)
    y = tfc.pad(y, [
      [0, 0],
      [0, need - have],
    ]);
  y = tfc.slice(tfc.reshape(y, [rows, k, n + 1]), [0, 0, 0], [rows, k, 1]);
  return tfc.reshape(y, [...batch, k]);
}

/**
 * The main diagonal of each matrix in the last two dimensions:
 * `[..., m, n] -> [..., min(m, n)]` (TensorFlow's `linalg.diag_part`; the
 * matrices need not be square). Differentiable.
 *
 * @example `diagPart(reshape(range(16), [4, 4]))` is `[0, 5, 10, 15]`
 */
export function diagPart(x: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'diagPart');
    if (t.rank < 2) {
      throw new ShapeError(
        `diagPart: x has shape ${shapeString(t.shape)} (rank ${t.rank}); expected rank >= 2 (a matrix or a batch ` +
          'of matrices). To build a diagonal matrix from a vector use diag(v).',
      );
    }
    return diagonals(t);
  });
}

/**
 * NumPy's and Keras's `diag`: for a vector `v` of length n, the square matrix
 * of size `n + |k|` with `v` on its `k`-th diagonal (k > 0 above the main
 * one, k < 0 below) and zeros elsewhere; for a matrix, its `k`-th diagonal as
 * a vector. Differentiable. For batches of matrices use {@link diagPart}.
 *
 * @example
 * ```ts
 * diag(tensor([1, 2]));            // [[1, 0], [0, 2]]
 * diag(tensor([1, 2]), 1);         // [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
 * diag(tensor([[1, 2], [3, 4]]));  // [1, 4]
 * ```
 */
export function diag(v: TensorInput, k = 0): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(v, 'v', 'diag');
    if (!Number.isInteger(k)) throw new ValueError(`diag: k is ${k}; expected an integer diagonal offset.`);
    if (t.rank === 1) {
      const n = t.shape[0];
      // Each value followed by n zeros, read back as n rows of n: the values land on the diagonal.
      const padded = tfc.pad(tfc.reshape(t, [n, 1]), [
        [0, 0],
        [0, n],
      ]);
      let m = tfc.reshape(tfc.slice(tfc.reshape(padded, [n * (n + 1)]), [0], [n * n]), [n, n]);
      if (k !== 0) {
        const s = Math.abs(k);
        m = tfc.pad(
          m,
          k > 0
            ? [
                [0, s],
                [s, 0],
              ]
            : [
                [s, 0],
                [0, s],
              ],
        );
      }
      return m;
    }
    if (t.rank === 2) {
      const [rows, cols] = t.shape;
      const sub =
        k >= 0
          ? tfc.slice(t, [0, Math.min(k, cols)], [rows, Math.max(cols - k, 0)])
          : tfc.slice(t, [Math.min(-k, rows), 0], [Math.max(rows + k, 0), cols]);
      return diagonals(sub);
    }
    throw new ShapeError(
      `diag: v has shape ${shapeString(t.shape)} (rank ${t.rank}); expected a vector (to build a diagonal matrix) ` +
        'or a matrix (to take a diagonal). For batches of matrices use diagPart.',
    );
  });
}

/**
 * Keeps a band around the diagonal of each matrix in the last two dimensions
 * and zeros the rest (TensorFlow's `linalg.band_part`): entry (i, j) is kept
 * when `(numLower < 0 || i - j <= numLower) && (numUpper < 0 || j - i <= numUpper)`.
 * A negative count keeps the whole triangle: `bandPart(x, -1, 0)` is the lower
 * triangle, `bandPart(x, 0, -1)` the upper one, `bandPart(x, 0, 0)` the
 * diagonal. Differentiable.
 *
 * @example `bandPart(ones([3, 3]), 1, 0)` is `[[1, 0, 0], [1, 1, 0], [0, 1, 1]]`
 */
export function bandPart(x: TensorInput, numLower: number, numUpper: number): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'bandPart');
    if (t.rank < 2) {
      throw new ShapeError(
        `bandPart: x has shape ${shapeString(t.shape)} (rank ${t.rank}); expected rank >= 2 (a matrix or a batch of matrices).`,
      );
    }
    for (const [name, v] of [
      ['numLower', numLower],
      ['numUpper', numUpper],
    ] as const) {
      if (!Number.isInteger(v)) {
        throw new ValueError(`bandPart: ${name} is ${v}; expected an integer (negative keeps the whole triangle).`);
      }
    }
    if (numLower < 0 && numUpper < 0) return tfc.clone(t);
    const [m, n] = t.shape.slice(-2);
    // i - j for every entry of an m x n matrix.
    const offset = tfc.sub(tfc.reshape(tfc.range(0, m, 1, 'int32'), [m, 1]), tfc.range(0, n, 1, 'int32'));
    const lower = numLower < 0 ? undefined : tfc.lessEqual(offset, tfc.scalar(numLower, 'int32'));
    const upper = numUpper < 0 ? undefined : tfc.greaterEqual(offset, tfc.scalar(-numUpper, 'int32'));
    const keep = lower && upper ? tfc.logicalAnd(lower, upper) : (lower ?? upper)!;
    return tfc.where(keep, t, tfc.zeros([], t.dtype));
  });
}

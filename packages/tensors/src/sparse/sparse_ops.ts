/**
 * Operations between a SparseTensor and a dense tensor.
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { segmentMatMul } from './internal.js';
import { SparseTensor } from './sparse_tensor.js';

/** Options of {@link sparseMatMul}. */
export interface SparseMatMulOptions {
  /** Use the transpose of the sparse operand: `[k, m]` stored, `[m, k]` used. Default false. */
  adjointA?: boolean;
  /** Use the transpose of the dense operand: `[n, k]` given, `[k, n]` used. Default false. */
  adjointB?: boolean;
}

function checkSparse(a: SparseTensor, op: string): void {
  if (!(a instanceof SparseTensor)) {
    throw new ValueError(
      `${op}: argument 'a' must be a SparseTensor, got ${typeof a}. Build one with new SparseTensor(...).`,
    );
  }
}

function checkNumeric(a: SparseTensor, b: Tensor, op: string): void {
  if (a.dtype !== b.dtype || (a.dtype !== 'float32' && a.dtype !== 'int32')) {
    throw new DTypeError(
      `${op}: the sparse values are ${a.dtype} and the dense operand is ${b.dtype}. ` +
        `Expected both float32 (or both int32); cast one of them.`,
    );
  }
}

/**
 * Product of a sparse matrix `a` `[m, k]` and a dense matrix `b` `[k, n]`,
 * giving a dense `[m, n]`, computed without densifying `a`: the rows of `b`
 * named by `a`'s column indices are gathered, scaled by `a`'s values and
 * summed into the output rows named by `a`'s row indices. Costs
 * O(nnz * n) time and memory instead of O(m * k * n). Repeated indices add up.
 *
 * Differentiable with respect to `a.values` and `b` (the gradient of `b` is
 * the same sparse product with `a` transposed), on every backend: it needs
 * only the Gather and ScatterNd kernels.
 *
 * `adjointA` uses `a`'s transpose (`a` stored as `[k, m]`), `adjointB` uses
 * `b`'s transpose (`b` given as `[n, k]`), as in `tf.sparse.sparse_dense_matmul`.
 * Indices outside `a.denseShape` are not checked here (see
 * {@link SparseTensor.validate}).
 *
 * @example
 * ```ts
 * const a = new SparseTensor([[0, 1], [1, 0]], [2, 3], [2, 2]); // [[0, 2], [3, 0]]
 * sparseMatMul(a, tensor([[1, 2], [3, 4]])).print();            // [[6, 8], [3, 6]]
 * ```
 */
export function sparseMatMul(a: SparseTensor, b: TensorInput, options: SparseMatMulOptions = {}): Tensor {
  const op = 'sparseMatMul';
  checkSparse(a, op);
  const { adjointA = false, adjointB = false } = options;
  return tfc.tidy(() => {
    const values = toTensor(a.values, 'a.values', op);
    const indices = toTensor(a.indices, 'a.indices', op);
    const tb = toTensor(b, 'b', op);
    if (a.rank !== 2 || tb.rank !== 2) {
      throw new ShapeError(
        `${op}: expected a rank-2 SparseTensor and a rank-2 dense tensor, got denseShape ${shapeString(a.denseShape)} ` +
          `and ${shapeString(tb.shape)}. Reshape both to matrices.`,
      );
    }
    checkNumeric(a, tb, op);
    const [rowsA, colsA] = a.denseShape;
    const m = adjointA ? colsA : rowsA;
    const k = adjointA ? rowsA : colsA;
    const kb = adjointB ? tb.shape[1] : tb.shape[0];
    if (k !== kb) {
      throw new ShapeError(
        `${op}: inner dimensions differ: sparse ${shapeString(a.denseShape)}${adjointA ? '^T' : ''} @ dense ` +
          `${shapeString(tb.shape)}${adjointB ? '^T' : ''} (${k} vs ${kb}). Expected the sparse operand's columns ` +
          `to equal the dense operand's rows; check the adjoint flags.`,
      );
    }
    const nnz = a.nnz;
    const rowIdx = tfc.reshape(tfc.slice(indices, [0, 0], [nnz, 1]), [nnz]);
    const colIdx = tfc.reshape(tfc.slice(indices, [0, 1], [nnz, 1]), [nnz]);
    const dense = adjointB ? tfc.transpose(tb) : tb;
    return adjointA ? segmentMatMul(colIdx, rowIdx, values, dense, m) : segmentMatMul(rowIdx, colIdx, values, dense, m);
  });
}

/**
 * Sum of a SparseTensor and a dense tensor of the same shape and dtype,
 * as a dense tensor: the sparse values are scattered onto `b` (repeated
 * indices add up). Differentiable with respect to `a.values` and `b`.
 *
 * @example
 * ```ts
 * const a = new SparseTensor([[0, 0]], [5], [2, 2]);
 * sparseAdd(a, ones([2, 2])).print(); // [[6, 1], [1, 1]]
 * ```
 */
export function sparseAdd(a: SparseTensor, b: TensorInput): Tensor {
  const op = 'sparseAdd';
  checkSparse(a, op);
  return tfc.tidy(() => {
    const tb = toTensor(b, 'b', op);
    const same = tb.rank === a.rank && tb.shape.every((d, i) => d === a.denseShape[i]);
    if (!same) {
      throw new ShapeError(
        `${op}: the dense operand has shape ${shapeString(tb.shape)} but the SparseTensor has denseShape ` +
          `${shapeString(a.denseShape)}. Expected equal shapes (no broadcasting); reshape or broadcastTo the dense operand.`,
      );
    }
    checkNumeric(a, tb, op);
    return tfc.add(tb, a.toDense(0));
  });
}

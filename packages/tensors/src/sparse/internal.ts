/**
 * Helpers shared by the sparse and ragged tensors (not part of the public API).
 *
 * The device paths use GatherV2, GatherNd and ScatterNd, which every backend
 * has; their gradients are the registered ones (tfjs's for GatherV2, through
 * UnsortedSegmentSum; ../gradients/ for GatherNd and ScatterNd), except in
 * {@link segmentMatMul}, which states why it has its own. ScatterNd adds
 * updates that land on the same position, so it doubles as an unsorted
 * segment sum.
 */
import { ShapeError, shapeString, ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

type SaveFn = (tensors: Tensor[]) => void;

/** Checks a shape given as numbers: non-negative integers, and at least `minRank` of them. */
export function checkDenseShape(shape: readonly number[], arg: string, op: string, minRank = 1): number[] {
  if (!Array.isArray(shape) || shape.length < minRank || shape.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ShapeError(
      `${op}: ${arg} ${Array.isArray(shape) ? shapeString(shape) : String(shape)} is invalid. ` +
        `Expected an array of at least ${minRank} non-negative integer(s), e.g. [3, 4].`,
    );
  }
  return [...shape];
}

/** Product of a shape's dimensions. */
export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/**
 * Finds the first index row outside `shape` in a flat int array of `nnz x rank`
 * coordinates and throws a {@link ValueError} naming it.
 */
export function checkIndicesInBounds(flat: ArrayLike<number>, shape: readonly number[], op: string): void {
  const rank = shape.length;
  const nnz = rank === 0 ? 0 : flat.length / rank;
  for (let i = 0; i < nnz; i++) {
    for (let d = 0; d < rank; d++) {
      const v = flat[i * rank + d];
      if (!Number.isInteger(v) || v < 0 || v >= shape[d]) {
        const row = Array.from({ length: rank }, (_, k) => flat[i * rank + k]);
        throw new ValueError(
          `${op}: index row ${i} is [${row.join(',')}], but coordinate ${d} must be an integer in [0, ${shape[d] - 1}] ` +
            `for denseShape ${shapeString(shape)}. Expected every index inside the dense shape; fix the indices or enlarge denseShape.`,
        );
      }
    }
  }
}

/**
 * Coordinates (`[count, rank]`, row-major order) of the entries of a flat
 * array that `keep` accepts: the host-side equivalent of `whereAsync`.
 */
export function hostWhere<T>(data: ArrayLike<T>, shape: readonly number[], keep: (v: T) => boolean): Int32Array {
  const rank = shape.length;
  const strides = stridesOf(shape);
  const hits: number[] = [];
  for (let i = 0; i < data.length; i++) if (keep(data[i])) hits.push(i);
  const out = new Int32Array(hits.length * rank);
  hits.forEach((flat, n) => {
    let rest = flat;
    for (let d = 0; d < rank; d++) {
      out[n * rank + d] = Math.floor(rest / strides[d]);
      rest %= strides[d];
    }
  });
  return out;
}

/**
 * The core of `sparseMatMul`: `out[rows[i], :] += values[i] * b[cols[i], :]`,
 * giving `[m, n]` for `b` of shape `[k, n]`. Differentiable w.r.t. `values`
 * (`dv[i] = dy[rows[i]] . b[cols[i]]`) and `b` (the transposed product
 * `dB = A^T dy`, the same kernel with rows and cols swapped).
 *
 * The gradient is written here rather than left to the registered gradients
 * of the gather, multiply and scatter below, which would compute the same
 * values with the same kernels, because of memory: through the tape, the
 * Multiply would keep its `[nnz, n]` input `gather(b, cols)` alive until the
 * backward pass, where this gradient saves only `rows`, `cols`, `values` and
 * `b` (which exist anyway) and gathers `b`'s rows again when it runs. With
 * `nnz` much larger than `k` (a sparse matrix with several entries per row
 * of `b`), that tensor is the largest one of the op.
 */
export function segmentMatMul(rows: Tensor, cols: Tensor, values: Tensor, b: Tensor, m: number): Tensor {
  const f = tfc.customGrad((...args: unknown[]) => {
    const v = args[0] as Tensor;
    const bb = args[1] as Tensor;
    const save = args[2] as SaveFn;
    save([rows, cols, v, bb]);
    const n = bb.shape[1] as number;
    const contrib = tfc.mul(tfc.expandDims(v, 1), tfc.gather(bb, cols));
    return {
      value: tfc.scatterND(tfc.expandDims(rows, 1), contrib, [m, n]),
      gradFunc: (dy: Tensor, saved: Tensor[]) => {
        const [r, c, sv, sb] = saved;
        const dyRows = tfc.gather(dy, r);
        const dv = tfc.sum(tfc.mul(dyRows, tfc.gather(sb, c)), 1);
        const db = tfc.scatterND(tfc.expandDims(c, 1), tfc.mul(tfc.expandDims(sv, 1), dyRows), sb.shape);
        return [dv, db];
      },
    };
  });
  return f(values, b);
}

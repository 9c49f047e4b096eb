/**
 * Shared pieces of the linear-algebra ops: input checks, batch flattening,
 * and the elimination kernels (Gauss-Jordan and LU with partial pivoting)
 * written as plain tensor ops. Pivot selection is argMax + oneHot, so nothing
 * is ever read back to the host and the same code runs on every backend.
 *
 * The kernels here are forward-only: the public ops wrap them in
 * `tfc.customGrad` with closed-form gradients.
 */
import { type TensorInput, toTensor } from '../check.js';
import { DTypeError, ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';

/** Converts an input to a float32 tensor of rank >= 2 (ints and bools are cast). */
export function floatMatrix(x: TensorInput, arg: string, op: string, square: boolean): Tensor {
  let t = toTensor(x, arg, op);
  if (t.dtype === 'int32' || t.dtype === 'bool') t = tfc.cast(t, 'float32');
  if (t.dtype !== 'float32') {
    throw new DTypeError(
      `${op}: argument '${arg}' has dtype '${t.dtype}', expected a real (float32, int32 or bool) tensor. ` +
        `Cast it with cast(x, 'float32').`,
    );
  }
  if (t.rank < 2) {
    throw new ShapeError(
      `${op}: argument '${arg}' must be a matrix or a batch of matrices (rank >= 2, shape [..., m, n]), ` +
        `got shape ${shapeString(t.shape)}. Reshape a vector to [n, 1] or [1, n] first.`,
    );
  }
  if (square && t.shape[t.rank - 1] !== t.shape[t.rank - 2]) {
    throw new ShapeError(
      `${op}: argument '${arg}' must be square in its last two dimensions (shape [..., n, n]), ` +
        `got shape ${shapeString(t.shape)}.`,
    );
  }
  return t;
}

/** Reshapes `[..., m, n]` to `[b, m, n]`; returns the batch shape too. */
export function flattenBatch(t: Tensor): { flat: Tensor; batch: number[] } {
  const batch = t.shape.slice(0, -2);
  const b = batch.reduce((p, d) => p * d, 1);
  return { flat: tfc.reshape(t, [b, t.shape[t.rank - 2], t.shape[t.rank - 1]]), batch };
}

/** A float32 one-hot row vector of length n with a 1 at k (a constant). */
function unit(k: number, n: number): Tensor {
  const v = new Float32Array(n);
  v[k] = 1;
  return tfc.tensor1d(v);
}

/** What one pivoting step found; the row swap is left for the caller to fold into its update. */
interface Pivot {
  /** e_k - e_p ([b, n]), or null when no swap is possible (the last step). */
  swapDir: Tensor | null;
  /** row_p - row_k ([b, c]), or null with swapDir. */
  rowDiff: Tensor | null;
  /** The pivot row (row p before the swap, row k after; [b, c]). */
  row: Tensor;
  /** The pivot m[p, k] ([b, 1]). */
  pivot: Tensor;
  /** Column k after the swap ([b, n]). */
  col: Tensor;
  /** Whether rows were exchanged ([b] bool). */
  swapped: Tensor;
}

/**
 * Partial pivoting at step k on `m` ([b, n, c]): picks the row p >= k with the
 * largest |m[p, k]| (argMax + oneHot, no read-back). Swapping rows k and p is
 * m + (e_k - e_p) (row_p - row_k)^T, a no-op when p == k; callers add that
 * outer product together with their elimination update in one matMul, which
 * is much faster on cpu than broadcast element-wise ops.
 */
function pivotStep(m: Tensor, k: number, n: number): Pivot {
  const [b, , c] = dims(m);
  const rowK = tfc.reshape(tfc.slice(m, [0, k, 0], [b, 1, c]), [b, c]);
  const colK = tfc.reshape(tfc.slice(m, [0, 0, k], [b, n, 1]), [b, n]);
  if (k === n - 1) {
    // One candidate left: nothing to choose (and oneHot needs a depth >= 2).
    const pivot = tfc.slice(rowK, [0, k], [b, 1]);
    return { swapDir: null, rowDiff: null, row: rowK, pivot, col: colK, swapped: tfc.zeros([b], 'bool') };
  }
  const below = tfc.slice(colK, [0, k], [b, n - k]);
  const p = tfc.add(tfc.argMax(tfc.abs(below), -1), tfc.scalar(k, 'int32')); // [b]
  const ep = tfc.cast(tfc.oneHot(p, n), 'float32'); // [b, n]
  const row = tfc.reshape(tfc.matMul(tfc.expandDims(ep, 1), m), [b, c]); // row p
  const swapDir = tfc.sub(unit(k, n), ep);
  const pivot = tfc.slice(row, [0, k], [b, 1]);
  const col = tfc.add(colK, tfc.mul(swapDir, tfc.sub(pivot, tfc.slice(colK, [0, k], [b, 1]))));
  return { swapDir, rowDiff: tfc.sub(row, rowK), row, pivot, col, swapped: tfc.notEqual(p, tfc.scalar(k, 'int32')) };
}

/** m + sum_i u_i v_i^T for u_i [b, n] and v_i [b, c], as one batched matMul. */
function addOuter(m: Tensor, us: Tensor[], vs: Tensor[]): Tensor {
  return tfc.add(m, tfc.matMul(tfc.stack(us, 2), tfc.stack(vs, 1)));
}

/**
 * Solves `a x = rhs` by Gauss-Jordan elimination with partial pivoting.
 * `a` is [b, n, n], `rhs` is [b, n, r]; returns x as [b, n, r]. A zero pivot
 * (an exactly singular matrix) divides by zero, so x holds Infinity or NaN.
 */
export function gaussJordan(a: Tensor, rhs: Tensor): Tensor {
  const n = dims(a)[2];
  let m = tfc.concat([a, rhs], 2);
  for (let k = 0; k < n; k++) {
    const prev = m;
    m = tfc.tidy(() => {
      const { swapDir, rowDiff, row, pivot, col } = pivotStep(prev, k, n);
      // After the swap, row i != k loses col_i * normRow and row k becomes normRow.
      const normRow = tfc.div(row, pivot);
      const us = [tfc.sub(unit(k, n), col)];
      const vs = [normRow];
      if (swapDir && rowDiff) {
        us.push(swapDir);
        vs.push(rowDiff);
      }
      return addOuter(prev, us, vs);
    });
    prev.dispose(); // the concat or the previous step: never an input
  }
  const [b, , c] = dims(m);
  return tfc.slice(m, [0, 0, n], [b, n, c - n]);
}

/**
 * LU factorization with partial pivoting, keeping only what determinants
 * need: the pivots (the diagonal of U, [b, n]) and the permutation's sign
 * ([b], +1 or -1). A zero pivot (its whole column below is zero) is replaced
 * by 1 for the elimination, so an exactly singular matrix yields a zero pivot
 * and no NaN.
 */
export function luPivots(a: Tensor): { pivots: Tensor; sign: Tensor } {
  const b = dims(a)[0];
  const n = dims(a)[1];
  let m = a;
  let sign = tfc.ones([b]);
  const pivots: Tensor[] = [];
  for (let k = 0; k < n; k++) {
    const prevM = m;
    const prevSign = sign;
    const out = tfc.tidy(() => {
      const { swapDir, rowDiff, row, pivot, col, swapped } = pivotStep(prevM, k, n);
      const nextSign = tfc.where(swapped, tfc.neg(prevSign), prevSign);
      if (!swapDir || !rowDiff) return { next: tfc.clone(prevM), nextSign, pivot }; // last step: nothing below
      const safe = tfc.where(tfc.equal(pivot, 0), tfc.onesLike(pivot), pivot);
      const below = new Float32Array(n);
      below.fill(1, k + 1);
      const f = tfc.mul(tfc.div(col, safe), tfc.tensor1d(below));
      return { next: addOuter(prevM, [swapDir, tfc.neg(f)], [rowDiff, row]), nextSign, pivot };
    });
    if (k > 0) prevM.dispose();
    prevSign.dispose();
    m = out.next;
    sign = out.nextSign;
    pivots.push(out.pivot);
  }
  if (n > 0) m.dispose();
  const all = n > 0 ? tfc.concat(pivots, 1) : tfc.zeros([b, 0]);
  for (const p of pivots) p.dispose();
  return { pivots: all, sign };
}

/** The batched identity `[b, n, n]` (a constant). */
export function batchEye(b: number, n: number): Tensor {
  return tfc.tile(tfc.expandDims(tfc.eye(n), 0), [b, 1, 1]);
}

/** Swaps the last two axes of a rank-3 tensor. */
export function t3(x: Tensor): Tensor {
  return tfc.transpose(x, [0, 2, 1]);
}

/** A constant [rows, cols] mask with ones where `keep(i, j)`. */
export function mask2d(rows: number, cols: number, keep: (i: number, j: number) => boolean): Tensor {
  const v = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) v[i * cols + j] = keep(i, j) ? 1 : 0;
  return tfc.tensor2d(v, [rows, cols]);
}

/** A tensor's shape as a plain number[] (tfjs types a generic Tensor's shape as a union of tuples). */
export function dims(t: Tensor): number[] {
  return t.shape;
}

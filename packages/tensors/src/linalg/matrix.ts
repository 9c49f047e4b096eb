/**
 * Inverse, determinant, log-determinant and linear solves of square matrices
 * (and batches of them), by elimination with partial pivoting written as
 * tensor ops, with closed-form gradients.
 */
import { broadcastShapes, type TensorInput, toTensor } from '../check.js';
import { ShapeError, shapeString } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { batchEye, dims, flattenBatch, floatMatrix, gaussJordan, luPivots, t3 } from './common.js';

type Save = (tensors: Tensor[]) => void;
type GradFunc = (dy: Tensor, saved: Tensor[]) => Tensor | Tensor[];

/** `tfc.customGrad` with the types this file needs. */
function withGrad(f: (...args: never[]) => { value: Tensor; gradFunc: GradFunc }): (...inputs: Tensor[]) => Tensor {
  return tfc.customGrad(f as unknown as Parameters<typeof tfc.customGrad>[0]) as (...inputs: Tensor[]) => Tensor;
}

/** [b, n, n] -> [b, n, n], with dA = -A^-T dY A^-T. */
const invOp = withGrad((a: Tensor, save: Save) => {
  const [b, n] = dims(a);
  const y = gaussJordan(a, batchEye(b, n));
  save([y]);
  return {
    value: y,
    gradFunc: (dy, [yy]) => tfc.neg(tfc.matMul(tfc.matMul(yy, dy, true, false), yy, false, true)),
  };
});

/** [b, n, n] -> [b], with dA = dy det A^-T. */
const detOp = withGrad((a: Tensor, save: Save) => {
  const { pivots, sign } = luPivots(a);
  const det = tfc.mul(sign, tfc.prod(pivots, 1));
  save([a, det]);
  return {
    value: det,
    gradFunc: (dy, [aa, d]) => {
      const [b, n] = dims(aa);
      const invT = t3(gaussJordan(aa, batchEye(b, n)));
      return tfc.mul(tfc.reshape(tfc.mul(dy, d), [b, 1, 1]), invT);
    },
  };
});

/** [b, n, n] -> [b, 2] holding (sign, log|det|), with dA = dLogAbsDet A^-T (sign: no gradient). */
const slogdetOp = withGrad((a: Tensor, save: Save) => {
  const { pivots, sign } = luPivots(a);
  const s = tfc.mul(sign, tfc.prod(tfc.sign(pivots), 1));
  const logAbs = tfc.sum(tfc.log(tfc.abs(pivots)), 1);
  save([a]);
  return {
    value: tfc.stack([s, logAbs], 1),
    gradFunc: (dy, [aa]) => {
      const [b, n] = dims(aa);
      const invT = t3(gaussJordan(aa, batchEye(b, n)));
      const dLog = tfc.slice(dy, [0, 1], [b, 1]);
      return tfc.mul(tfc.reshape(dLog, [b, 1, 1]), invT);
    },
  };
});

/** ([b, n, n], [b, n, r]) -> [b, n, r], with dB = A^-T dX and dA = -dB X^T. */
const solveOp = withGrad((a: Tensor, rhs: Tensor, save: Save) => {
  const x = gaussJordan(a, rhs);
  save([a, x]);
  return {
    value: x,
    gradFunc: (dx, [aa, xx]) => {
      const db = gaussJordan(t3(aa), dx);
      return [tfc.neg(tfc.matMul(db, xx, false, true)), db];
    },
  };
});

/**
 * The inverse of a square matrix, or of each matrix in a batch `[..., n, n]`,
 * by Gauss-Jordan elimination with partial pivoting (no read-back: it runs as
 * device ops). Integer and bool inputs are cast to float32.
 *
 * A singular matrix is not detected (that would need a read-back): an exactly
 * singular one (a zero pivot) gives Infinity/NaN entries, a nearly singular
 * one gives very large entries. Check `isFinite` on the result, or the
 * condition number, where that matters.
 *
 * Gradient: dA = -A^-T dY A^-T.
 *
 * @example
 * ```ts
 * linalg.inv(tensor([[4, 7], [2, 6]])); // [[0.6, -0.7], [-0.2, 0.4]]
 * ```
 */
export function inv(a: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatMatrix(a, 'a', 'linalg.inv', true);
    const { flat } = flattenBatch(t);
    return tfc.reshape(invOp(flat), t.shape);
  });
}

/**
 * The determinant of a square matrix, or of each matrix in a batch: shape
 * `[..., n, n]` gives `[...]` (a scalar for one matrix). Computed by LU
 * elimination with partial pivoting as device ops. An exactly singular matrix
 * gives 0; large matrices can overflow float32, where {@link slogdet} does not.
 *
 * Gradient: dA = dy det(A) A^-T (non-finite at a singular A).
 *
 * @example
 * ```ts
 * linalg.det(tensor([[1, 2], [3, 4]])); // -2
 * ```
 */
export function det(a: TensorInput): Tensor {
  return tfc.tidy(() => {
    const t = floatMatrix(a, 'a', 'linalg.det', true);
    const { flat, batch } = flattenBatch(t);
    return tfc.reshape(detOp(flat), batch);
  });
}

/**
 * The sign and the natural log of the absolute value of the determinant, as
 * NumPy's `slogdet`: `det = sign * exp(logAbsDet)`, without the overflow of
 * {@link det} for large matrices. Both have shape `[...]` for input
 * `[..., n, n]`. A singular matrix gives sign 0 and logAbsDet -Infinity.
 *
 * Gradient (of logAbsDet): dA = dy A^-T; sign has none.
 *
 * @example
 * ```ts
 * const [sign, logAbsDet] = linalg.slogdet(tensor([[1, 2], [3, 4]])); // -1, log(2)
 * ```
 */
export function slogdet(a: TensorInput): [Tensor, Tensor] {
  return tfc.tidy(() => {
    const t = floatMatrix(a, 'a', 'linalg.slogdet', true);
    const { flat, batch } = flattenBatch(t);
    const packed = slogdetOp(flat);
    const b = dims(flat)[0];
    const sign = tfc.reshape(tfc.slice(packed, [0, 0], [b, 1]), batch);
    const logAbsDet = tfc.reshape(tfc.slice(packed, [0, 1], [b, 1]), batch);
    return [sign, logAbsDet] as [Tensor, Tensor];
  });
}

/**
 * Solves `a x = b` for `x`. `a` is `[..., n, n]`; `b` is `[..., n, k]` (k
 * right-hand sides) or a vector `[n]` (NumPy's rule: only a rank-1 `b` is
 * treated as a vector, giving `x` of shape `[..., n]`). Batch dimensions
 * broadcast. Gauss-Jordan elimination with partial pivoting as device ops;
 * an exactly singular `a` gives Infinity/NaN in `x` (not detected, as that
 * would need a read-back).
 *
 * Gradients: dB = A^-T dX, dA = -dB X^T.
 *
 * @example
 * ```ts
 * linalg.solve(tensor([[3, 1], [1, 2]]), tensor([9, 8])); // [2, 3]
 * ```
 */
export function solve(a: TensorInput, b: TensorInput): Tensor {
  return tfc.tidy(() => {
    const ta = floatMatrix(a, 'a', 'linalg.solve', true);
    const raw = toTensor(b, 'b', 'linalg.solve');
    const n = ta.shape[ta.rank - 1];
    if (raw.rank === 0) {
      throw new ShapeError(
        `linalg.solve: argument 'b' must be a vector [n] or a matrix [..., n, k], got a scalar. ` +
          `Pass b with ${n} rows, as many as a has.`,
      );
    }
    const vector = raw.rank === 1;
    const tb = floatMatrix(vector ? tfc.expandDims(raw, 1) : raw, 'b', 'linalg.solve', false);
    if (tb.shape[tb.rank - 2] !== n) {
      throw new ShapeError(
        `linalg.solve: a has shape ${shapeString(ta.shape)} (n = ${n}) but b has shape ` +
          `${shapeString(raw.shape)} with ${tb.shape[tb.rank - 2]} rows. Expected b of shape [..., ${n}, k] or [${n}].`,
      );
    }
    const k = tb.shape[tb.rank - 1];
    const batch = broadcastShapes(ta.shape.slice(0, -2), tb.shape.slice(0, -2), 'linalg.solve');
    const fullA = [...batch, n, n];
    const fullB = [...batch, n, k];
    const ba = shapeString(ta.shape) === shapeString(fullA) ? ta : tfc.broadcastTo(ta, fullA);
    const bb = shapeString(tb.shape) === shapeString(fullB) ? tb : tfc.broadcastTo(tb, fullB);
    const size = batch.reduce((p, d) => p * d, 1);
    const x = solveOp(tfc.reshape(ba, [size, n, n]), tfc.reshape(bb, [size, n, k]));
    return tfc.reshape(x, vector ? [...batch, n] : fullB);
  });
}

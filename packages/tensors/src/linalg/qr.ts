/**
 * QR decomposition by Householder reflections, batched, as device ops, with
 * the closed-form gradient (the one TensorFlow uses).
 */
import type { TensorInput } from '../check.js';
import { ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { batchEye, dims, flattenBatch, floatMatrix, gaussJordan, mask2d, t3 } from './common.js';

/**
 * Householder QR of [b, m, n]: q [b, m, m] orthogonal, r [b, m, n] upper
 * triangular with a non-negative diagonal.
 */
function householder(a: Tensor): { q: Tensor; r: Tensor } {
  const [b, m, n] = dims(a);
  let q = batchEye(b, m);
  let r = a;
  // A column of length 1 needs no reflection (the sign fix below handles it).
  const steps = Math.min(m - 1, n);
  for (let j = 0; j < steps; j++) {
    const prevQ = q;
    const prevR = r;
    [q, r] = tfc.tidy(() => {
      const rowsFromJ = new Float32Array(m);
      rowsFromJ.fill(1, j);
      const ej = new Float32Array(m);
      ej[j] = 1;
      const x = tfc.mul(tfc.reshape(tfc.slice(prevR, [0, 0, j], [b, m, 1]), [b, m]), tfc.tensor1d(rowsFromJ));
      const normX = tfc.sqrt(tfc.sum(tfc.square(x), 1, true)); // [b, 1]
      const alpha = tfc.slice(x, [0, j], [b, 1]);
      const s = tfc.where(tfc.greaterEqual(alpha, 0), tfc.onesLike(alpha), tfc.neg(tfc.onesLike(alpha)));
      // v = x + sign(alpha) |x| e_j; H = I - tau v v^T with tau = 2 / |v|^2 (H = I for a zero column).
      const v = tfc.add(x, tfc.mul(tfc.mul(s, normX), tfc.tensor1d(ej)));
      const vv = tfc.sum(tfc.square(v), 1, true);
      const tau = tfc.where(tfc.greater(vv, 0), tfc.div(2, vv), tfc.zerosLike(vv));
      const tv = tfc.mul(tau, v);
      // R <- R - (tau v) (v^T R), Q <- Q - (Q v) (tau v)^T, as matMuls (fast on cpu, unlike broadcasts).
      const nextR = tfc.sub(prevR, tfc.matMul(tfc.expandDims(tv, 2), tfc.matMul(tfc.expandDims(v, 1), prevR)));
      const nextQ = tfc.sub(prevQ, tfc.matMul(tfc.matMul(prevQ, tfc.expandDims(v, 2)), tfc.expandDims(tv, 1)));
      return [nextQ, nextR];
    });
    prevQ.dispose();
    if (j > 0) prevR.dispose();
  }
  return tfc.tidy(() => {
    // Exact zeros below the diagonal, then a non-negative diagonal: R <- D R, Q <- Q D.
    const upper = tfc.mul(
      r,
      mask2d(m, n, (i, j) => j >= i),
    );
    const diag = tfc.sum(
      tfc.mul(
        upper,
        mask2d(m, n, (i, j) => i === j),
      ),
      2,
    ); // [b, m]
    const d = tfc.where(tfc.less(diag, 0), tfc.neg(tfc.onesLike(diag)), tfc.onesLike(diag));
    return { q: tfc.mul(q, tfc.expandDims(d, 1)), r: tfc.mul(upper, tfc.expandDims(d, 2)) };
  });
}

/** x R^-T for upper-triangular, invertible r. */
function timesInvT(x: Tensor, rInv: Tensor): Tensor {
  return tfc.matMul(x, rInv, false, true);
}

/** dA for m >= n and reduced factors q [b, m, n], r [b, n, n]. */
function gradDeep(q: Tensor, r: Tensor, dq: Tensor, dr: Tensor): Tensor {
  const [b, n] = dims(r);
  const rInv = gaussJordan(r, batchEye(b, n));
  const qdq = tfc.matMul(q, dq, true, false);
  const rdr = tfc.matMul(r, dr, false, true);
  const anti = tfc.add(tfc.sub(qdq, t3(qdq)), tfc.sub(rdr, t3(rdr)));
  const tril = tfc.mul(
    anti,
    mask2d(n, n, (i, j) => j <= i),
  );
  const gradA = tfc.matMul(q, tfc.add(dr, timesInvT(tril, rInv)));
  const gradB = timesInvT(tfc.sub(dq, tfc.matMul(q, qdq)), rInv);
  return tfc.add(gradA, gradB);
}

function makeQrOp(fullMatrices: boolean): (a: Tensor) => Tensor {
  const f = (a: Tensor, save: (ts: Tensor[]) => void) => {
    const [b, m, n] = dims(a);
    const k = Math.min(m, n);
    let { q, r } = householder(a);
    if (!fullMatrices && m > n) {
      q = tfc.slice(q, [0, 0, 0], [b, m, n]);
      r = tfc.slice(r, [0, 0, 0], [b, n, n]);
    }
    const qc = dims(q)[2];
    const rr = dims(r)[1];
    save([a, q, r]);
    return {
      // customGrad has one output: Q and R travel flattened side by side.
      value: tfc.concat([tfc.reshape(q, [b, m * qc]), tfc.reshape(r, [b, rr * n])], 1),
      gradFunc: (dy: Tensor, [aa, qq, rq]: Tensor[]) => {
        if (m > n && fullMatrices) {
          throw new ValueError(
            `linalg.qr: the gradient is not defined for fullMatrices=true with more rows than columns ` +
              `(input [${m},${n}]): the extra columns of Q are not unique. Use fullMatrices=false.`,
          );
        }
        const dq = tfc.reshape(tfc.slice(dy, [0, 0], [b, m * qc]), [b, m, qc]);
        const dr = tfc.reshape(tfc.slice(dy, [0, m * qc], [b, rr * n]), [b, rr, n]);
        if (m >= n) return gradDeep(qq, rq, dq, dr);
        // Wide: A = [X | Y], R = [U | V]; reduce to the square case.
        const y = tfc.slice(aa, [0, 0, k], [b, m, n - k]);
        const u = tfc.slice(rq, [0, 0, 0], [b, m, k]);
        const du = tfc.slice(dr, [0, 0, 0], [b, m, k]);
        const dv = tfc.slice(dr, [0, 0, k], [b, m, n - k]);
        const dYpart = tfc.matMul(qq, dv);
        const dX = gradDeep(qq, u, tfc.add(dq, tfc.matMul(y, dv, false, true)), du);
        return tfc.concat([dX, dYpart], 2);
      },
    };
  };
  return tfc.customGrad(f as unknown as Parameters<typeof tfc.customGrad>[0]) as (a: Tensor) => Tensor;
}

const qrReduced = makeQrOp(false);
const qrFull = makeQrOp(true);

/**
 * QR decomposition `a = q r` of a matrix or a batch `[..., m, n]`, by
 * Householder reflections as device ops. `q` has orthonormal columns and `r`
 * is upper triangular with a non-negative diagonal (so the factors are unique
 * for a full-rank `a`; NumPy and TensorFlow leave the signs unspecified).
 *
 * With `fullMatrices = false` (default) `q` is `[..., m, k]` and `r`
 * `[..., k, n]`, k = min(m, n); with `true`, `q` is `[..., m, m]` and `r`
 * `[..., m, n]`. Integer and bool inputs are cast to float32.
 *
 * Gradient: TensorFlow's closed form, for both factors; it needs the leading
 * k x k block of `r` invertible (non-finite for rank-deficient input) and is
 * not defined (a ValueError when differentiated) for `fullMatrices = true` with
 * m > n.
 *
 * @example
 * ```ts
 * const [q, r] = linalg.qr(tensor([[3, 1], [4, 2]]));
 * // q = [[0.6, -0.8], [0.8, 0.6]], r = [[5, 2.2], [0, 0.4]]
 * ```
 */
export function qr(a: TensorInput, fullMatrices = false): [Tensor, Tensor] {
  return tfc.tidy(() => {
    const t = floatMatrix(a, 'a', 'linalg.qr', false);
    const { flat, batch } = flattenBatch(t);
    const [b, m, n] = dims(flat);
    const k = Math.min(m, n);
    const qc = fullMatrices ? m : k;
    const rr = fullMatrices ? m : k;
    const packed = (fullMatrices ? qrFull : qrReduced)(flat);
    const q = tfc.reshape(tfc.slice(packed, [0, 0], [b, m * qc]), [...batch, m, qc]);
    const r = tfc.reshape(tfc.slice(packed, [0, m * qc], [b, rr * n]), [...batch, rr, n]);
    return [q, r] as [Tensor, Tensor];
  });
}

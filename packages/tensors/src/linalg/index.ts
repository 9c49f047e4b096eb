/**
 * Linear algebra: the `linalg` namespace (inverse, determinant,
 * log-determinant, solve, QR) and `einsum`. Everything runs as device ops
 * (no read-backs) and is differentiable on every backend.
 */
import { det, inv, slogdet, solve } from './matrix.js';
import { qr } from './qr.js';

export { einsum } from './einsum.js';

/**
 * Linear-algebra ops on matrices and batches of matrices (`[..., m, n]`).
 *
 * @example
 * ```ts
 * import { linalg, tensor } from '@layerwise/tensors';
 * const a = tensor([[4, 7], [2, 6]]);
 * linalg.inv(a);                      // [[0.6, -0.7], [-0.2, 0.4]]
 * linalg.det(a);                      // 10
 * linalg.solve(a, tensor([1, 2]));    // x with a x = [1, 2]
 * const [q, r] = linalg.qr(a);        // a = q r
 * ```
 */
export const linalg = {
  inv,
  det,
  slogdet,
  solve,
  qr,
} as const;

// FusedBatchNorm gradient: any rank of x (tfjs's failed beyond rank 4),
// statistics of rank 1 or of x's rank. Hand-derived values (exact in float32
// up to rounding, compared to 1e-5) and checkGradients (eps 1e-2, rtol 1e-2,
// atol 2e-3).
import { describe, it } from 'vitest';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';

const u = (shape: number[], seed: number, lo = -2, hi = 2) => tfc.randomUniform(shape, lo, hi, 'float32', seed);

describe('FusedBatchNorm', () => {
  it('y = (x - m) / sqrt(v + eps) * s + o, by hand (one channel, eps 0)', () => {
    const inputs = [tfc.tensor([[1], [3]]), tfc.tensor([2]), tfc.tensor([1]), tfc.tensor([0.5]), tfc.tensor([2])];
    const w = tfc.tensor([[1], [2]]);
    const [dx, dm, dv, doff, ds] = tfc.grads((x: Tensor, m: Tensor, v: Tensor, o: Tensor, s: Tensor) =>
      tfc.sum(tfc.mul(tfc.batchNorm(x, m, v, o, s, 0), w)),
    )(inputs);
    expectClose(dx, [2, 4]); // w * s / sqrt(v)
    expectClose(dm, [-6]); // -sum(w) * s / sqrt(v)
    expectClose(dv, [-1]); // sum(w * s * (x - m)) * -1/2 v^(-3/2) = (-2 + 4) * -1/2
    expectClose(doff, [3]); // sum(w)
    expectClose(ds, [1]); // sum(w * (x - m)) / sqrt(v)
  });

  it('rank 5, rank 2 and rank 1 x with per-channel statistics', () => {
    const f = (x: Tensor, m: Tensor, v: Tensor, o: Tensor, s: Tensor) => tfc.batchNorm(x, m, v, o, s, 1e-3);
    const stats = (c: number, seed: number) => [
      u([c], seed, -1, 1),
      u([c], seed + 1, 0.5, 2),
      u([c], seed + 2, -1, 1),
      u([c], seed + 3, 0.5, 2),
    ];
    checkGradients(f, [u([1, 2, 2, 1, 3], 1), ...stats(3, 2)]);
    checkGradients(f, [u([4, 3], 6), ...stats(3, 7)]);
    checkGradients(f, [u([3], 11), ...stats(3, 12)]);
  });

  it('statistics of the rank of x, broadcast along the other axes', () => {
    const f = (x: Tensor, m: Tensor, v: Tensor, o: Tensor, s: Tensor) => tfc.batchNorm(x, m, v, o, s, 1e-3);
    checkGradients(f, [
      u([2, 3, 2, 4], 16),
      u([1, 1, 1, 4], 17, -1, 1),
      u([1, 1, 1, 4], 18, 0.5, 2),
      u([1, 1, 1, 4], 19, -1, 1),
      u([1, 1, 1, 4], 20, 0.5, 2),
    ]);
  });
});

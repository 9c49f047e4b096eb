// Gradients of GatherNd, ScatterNd and TensorScatterUpdate (tfjs registers
// none), taken through tfjs's own ops so that nothing but the registry
// supplies them. Hand-derived values (exact in float32, compared to 1e-5) and
// finite differences through checkGradients (eps 1e-2, rtol 1e-2, atol 2e-3).
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';

const u = (shape: number[], seed: number, lo = -2, hi = 2) => tfc.randomUniform(shape, lo, hi, 'float32', seed);
const int = (values: number[][] | number[][][]) => tfc.tensor(values, undefined, 'int32');

/** Gradients of sum(f(...inputs) * w): a non-uniform dy shows where each entry goes. */
function gradsOf(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], w: Tensor): Tensor[] {
  return tfc.grads((...xs: Tensor[]) => tfc.sum(tfc.mul(f(...xs), w)))(inputs);
}

describe('GatherNd', () => {
  const x = tfc.tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);

  it('element tuples, one repeated: dy goes back to each position, repeats add up', () => {
    // out = [x[1,2], x[0,0], x[1,2]] * w: dx[1,2] = 10 + 1000, dx[0,0] = 100.
    const [dx] = gradsOf(
      (t) =>
        tfc.gatherND(
          t,
          int([
            [1, 2],
            [0, 0],
            [1, 2],
          ]),
        ),
      [x],
      tfc.tensor([10, 100, 1000]),
    );
    expectClose(dx, [100, 0, 0, 0, 0, 1010], 1e-5, [2, 3]);
  });

  it('row tuples (index depth 1 of rank 2) and a batch of index tuples', () => {
    // out = [x[1], x[1]]: dx row 1 = w row 0 + w row 1.
    const w = tfc.tensor([
      [1, 2, 3],
      [10, 20, 30],
    ]);
    const [dx] = gradsOf((t) => tfc.gatherND(t, int([[1], [1]])), [x], w);
    expectClose(dx, [0, 0, 0, 11, 22, 33], 1e-5, [2, 3]);
    // indices [2, 2, 2]: out [2, 2] = [[x01, x10], [x12, x01]].
    const [dx2] = gradsOf(
      (t) =>
        tfc.gatherND(
          t,
          int([
            [
              [0, 1],
              [1, 0],
            ],
            [
              [1, 2],
              [0, 1],
            ],
          ]),
        ),
      [x],
      tfc.tensor([
        [1, 2],
        [3, 4],
      ]),
    );
    expectClose(dx2, [0, 1 + 4, 0, 2, 0, 3], 1e-5, [2, 3]);
  });

  it('against finite differences: rank 3 input, depths 1, 2 and 3', () => {
    const x3 = u([3, 2, 4], 1);
    checkGradients((t) => tfc.gatherND(t, int([[2], [0], [2]])), [x3]);
    checkGradients(
      (t) =>
        tfc.gatherND(
          t,
          int([
            [1, 1],
            [2, 0],
            [1, 1],
            [0, 1],
          ]),
        ),
      [x3],
    );
    checkGradients((t) => tfc.gatherND(t, int([[[0, 1, 3]], [[2, 0, 0]]])), [x3]);
  });

  it('an empty set of tuples gives a zero gradient of the input shape', () => {
    const [dx] = tfc.grads((t: Tensor) => tfc.sum(tfc.gatherND(t, tfc.zeros([0, 2], 'int32'))))([x]);
    expectClose(dx, [0, 0, 0, 0, 0, 0], 1e-5, [2, 3]);
  });
});

describe('ScatterNd', () => {
  it('updates at a repeated position each get the whole dy there', () => {
    // out[1] = u0 + u2, out[3] = u1; dy = w.
    const [du] = gradsOf(
      (v) => tfc.scatterND(int([[1], [3], [1]]), v, [5]),
      [tfc.tensor([0.5, -1, 2])],
      tfc.tensor([1, 10, 100, 1000, 10000]),
    );
    expectClose(du, [10, 1000, 10], 1e-5, [3]);
  });

  it('row updates into a matrix, and a batch of index tuples', () => {
    const w = tfc.tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const [du] = gradsOf((v) => tfc.scatterND(int([[2], [0]]), v, [3, 2]), [u([2, 2], 2)], w);
    expectClose(du, [5, 6, 1, 2], 1e-5, [2, 2]);
    // indices [2, 1, 2]: updates [2, 1], one element each.
    const [du2] = gradsOf((v) => tfc.scatterND(int([[[1, 0]], [[0, 1]]]), v, [3, 2]), [u([2, 1], 3)], w);
    expectClose(du2, [3, 2], 1e-5, [2, 1]);
  });

  it('against finite differences, with repeats, into rank 3', () => {
    checkGradients((v) => tfc.scatterND(int([[1], [3], [1]]), v, [4, 2, 3]), [u([3, 2, 3], 4)]);
    checkGradients(
      (v) =>
        tfc.scatterND(
          int([
            [0, 1],
            [2, 0],
            [0, 1],
          ]),
          v,
          [3, 2, 3],
        ),
      [u([3, 3], 5)],
    );
  });
});

describe('TensorScatterUpdate', () => {
  it('dy to the tensor except at the replaced entries; to each update, dy at its position', () => {
    const t = tfc.tensor([1, 2, 3, 4]);
    const v = tfc.tensor([9, 8]);
    const [dt, dv] = gradsOf(
      (a, b) => tfc.tensorScatterUpdate(a, int([[0], [2]]), b),
      [t, v],
      tfc.tensor([1, 10, 100, 1000]),
    );
    expectClose(dt, [0, 10, 0, 1000], 1e-5, [4]);
    expectClose(dv, [1, 100], 1e-5, [2]);
  });

  it('row updates of a matrix', () => {
    const t = tfc.tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const w = tfc.tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    const [dt, dv] = gradsOf((a, b) => tfc.tensorScatterUpdate(a, int([[1]]), b), [t, tfc.tensor([[7, 8]])], w);
    expectClose(dt, [1, 2, 0, 0, 5, 6], 1e-5, [3, 2]);
    expectClose(dv, [3, 4], 1e-5, [1, 2]);
  });

  it('against finite differences: element and slice updates into rank 3', () => {
    const f = (idx: Tensor) => (a: Tensor, b: Tensor) => tfc.tensorScatterUpdate(a, idx, b);
    checkGradients(
      f(
        int([
          [0, 1, 2],
          [2, 0, 3],
        ]),
      ),
      [u([3, 2, 4], 6), u([2], 7)],
    );
    checkGradients(f(int([[2], [0]])), [u([3, 2, 4], 8), u([2, 2, 4], 9)]);
  });

  it('the gradient is registered for all three kernels', () => {
    for (const name of ['GatherNd', 'ScatterNd', 'TensorScatterUpdate']) expect(tfc.getGradient(name)).toBeDefined();
  });
});

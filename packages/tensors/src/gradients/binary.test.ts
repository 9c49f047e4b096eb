// Gradients of the binary elementwise kernels replaced in this folder
// (Maximum, Minimum, SquaredDifference, FloorDiv, Multiply, RealDiv), the
// zero gradients of comparisons and logical ops, and divNoNan. Hand-derived
// values (exact in float32, compared to 1e-5), and finite differences through
// checkGradients (eps 1e-2, rtol 1e-2, atol 2e-3) for broadcasting cases.
import { describe, expect, it } from 'vitest';
import { expectClose } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';
import { type Tensor, tfc } from '../tfjs.js';
import { divNoNan } from './div_no_nan.js';

/** Gradients of sum(f(a, b) * w): a non-uniform dy shows how entries are summed. */
function gradsOf(f: (a: Tensor, b: Tensor) => Tensor, a: Tensor, b: Tensor, w: Tensor): Tensor[] {
  return tfc.grads((x: Tensor, y: Tensor) => tfc.sum(tfc.mul(f(x, y), w)))([a, b]);
}

const u = (shape: number[], seed: number, lo = -2, hi = 2) => tfc.randomUniform(shape, lo, hi, 'float32', seed);
const W = tfc.tensor([
  [1, 2, 3],
  [4, 5, 6],
]);

describe('Maximum and Minimum', () => {
  const a = tfc.tensor([
    [1, 5, 3],
    [4, 2, 6],
  ]);
  const b = tfc.tensor([2, 4, 3]);

  it('maximum: dy to a where a >= b (ties to a), to b elsewhere, summed over the broadcast rows', () => {
    const [da, db] = gradsOf(tfc.maximum, a, b, W);
    expectClose(da, [0, 2, 3, 4, 0, 6], 1e-5, [2, 3]);
    expectClose(db, [1, 5, 0], 1e-5, [3]);
  });

  it('minimum: dy to a where a <= b (ties to a), to b elsewhere, summed over the broadcast rows', () => {
    const [da, db] = gradsOf(tfc.minimum, a, b, W);
    expectClose(da, [1, 0, 3, 0, 5, 0], 1e-5, [2, 3]);
    expectClose(db, [4, 2, 6], 1e-5, [3]);
  });

  it('both broadcast ([2,1] vs [1,3]) and scalar operands, against finite differences', () => {
    const x = tfc.tensor([[0.33], [-0.41]]);
    const y = tfc.tensor([[0.05, -0.6, 0.5]]);
    checkGradients(tfc.maximum, [x, y]);
    checkGradients(tfc.minimum, [x, y]);
    checkGradients(tfc.maximum, [tfc.tensor([0.7, -0.2, 0.1]), tfc.scalar(0.05)]);
    checkGradients(tfc.minimum, [tfc.scalar(0.05), tfc.tensor([0.7, -0.2, 0.1])]);
  });
});

describe('SquaredDifference', () => {
  it('2 (a - b) dy and -2 (a - b) dy, summed over broadcast axes ([2,1] vs [1,3])', () => {
    const [da, db] = gradsOf(tfc.squaredDifference, tfc.tensor([[1], [2]]), tfc.tensor([[0, 1, 3]]), W);
    // da_i = sum_j 2 (a_i - b_j) w_ij;  db_j = sum_i -2 (a_i - b_j) w_ij
    expectClose(da, [-10, 14], 1e-5, [2, 1]);
    expectClose(db, [-18, -10, 24], 1e-5, [1, 3]);
  });

  it('[2,3] vs [3] and rank 3 vs rank 1, against finite differences', () => {
    checkGradients(tfc.squaredDifference, [u([2, 3], 1), u([3], 2)]);
    checkGradients(tfc.squaredDifference, [u([4], 3), u([2, 3, 4], 4)]);
  });
});

describe('FloorDiv', () => {
  it('zero gradients of the inputs own shapes (floor division is piecewise constant)', () => {
    const [da, db] = gradsOf(
      tfc.floorDiv,
      tfc.tensor([
        [5.5, -3.2, 7.1],
        [1.5, 2.5, 3.5],
      ]),
      tfc.tensor([2, 1.5, -3]),
      W,
    );
    expectClose(da, [0, 0, 0, 0, 0, 0], 1e-5, [2, 3]);
    expectClose(db, [0, 0, 0], 1e-5, [3]);
  });
});

describe('Multiply and RealDiv', () => {
  it('multiply: d a = dy * b, d b = dy * a, summed over broadcast axes', () => {
    const [da, db] = gradsOf(tfc.mul, tfc.tensor([[1], [2]]), tfc.tensor([1, 2, 3]), W);
    expectClose(da, [1 + 4 + 9, 4 + 10 + 18], 1e-5, [2, 1]);
    expectClose(db, [1 + 8, 2 + 10, 3 + 12], 1e-5, [3]);
  });

  it('realDiv: d a = dy / b, d b = -dy a / b^2, summed over broadcast axes', () => {
    const [da, db] = gradsOf(tfc.div, tfc.tensor([[1], [2]]), tfc.tensor([1, 2, 4]), W);
    expectClose(da, [1 + 1 + 0.75, 4 + 2.5 + 1.5], 1e-5, [2, 1]);
    // db_j = -sum_i w_ij a_i / b_j^2
    expectClose(db, [-(1 + 8), -(2 + 10) / 4, -(3 + 12) / 16], 1e-5, [3]);
  });

  it('broadcast operands against finite differences', () => {
    checkGradients(tfc.mul, [u([3, 1], 5), u([1, 4], 6)]);
    checkGradients(tfc.mul, [u([], 7), u([2, 3], 8)]);
    checkGradients(tfc.div, [u([2, 3], 9), u([2, 1], 10, 0.5, 2)]);
    checkGradients(tfc.div, [u([3], 11), u([2, 3], 12, 0.5, 2)]);
  });
});

describe('comparisons and logical ops: zero gradients', () => {
  const a = tfc.tensor([0.5, -1, 2]);
  const b = tfc.tensor([0.5, 1, -2]);
  const cases: Array<[string, (x: Tensor, y: Tensor) => Tensor]> = [
    ['equal', tfc.equal],
    ['notEqual', tfc.notEqual],
    ['less', tfc.less],
    ['lessEqual', tfc.lessEqual],
    ['greater', tfc.greater],
    ['greaterEqual', tfc.greaterEqual],
    ['logicalAnd', (x, y) => tfc.logicalAnd(tfc.greater(x, 0), tfc.less(y, 0))],
    ['logicalOr', (x, y) => tfc.logicalOr(tfc.greater(x, 0), tfc.less(y, 0))],
    ['logicalXor', (x, y) => tfc.logicalXor(tfc.greater(x, 0), tfc.less(y, 0))],
    ['logicalNot', (x) => tfc.logicalNot(tfc.greater(x, 0))],
    ['zerosLike', (x) => tfc.zerosLike(x)],
  ];
  for (const [name, f] of cases) {
    it(`${name} contributes nothing: the gradient of x * y + ${name}(x, y) is (y, x)`, () => {
      const [da, db] = tfc.grads((x: Tensor, y: Tensor) =>
        tfc.sum(tfc.add(tfc.mul(x, y), tfc.cast(f(x, y), 'float32'))),
      )([a, b]);
      expectClose(da, [0.5, 1, -2], 1e-5, [3]);
      expectClose(db, [0.5, -1, 2], 1e-5, [3]);
    });
  }

  it("tfjs's divNoNan (where(equal(b, 0), 0, a / b)) is differentiable where b != 0", () => {
    const [da, db] = gradsOf(tfc.divNoNan, tfc.tensor([1, 2]), tfc.tensor([2, -4]), tfc.ones([2]));
    expectClose(da, [0.5, -0.25], 1e-5, [2]);
    expectClose(db, [-0.25, -0.125], 1e-5, [2]);
  });
});

describe('divNoNan (one tape node with TensorFlow DivNoNan gradient)', () => {
  it('value a / b, 0 where b == 0; gradient 0 where b == 0 instead of NaN', () => {
    const a = tfc.tensor([1, 2, 3]);
    const b = tfc.tensor([0, 2, 0]);
    expectClose(divNoNan(a, b), [0, 1, 0], 1e-5, [3]);
    const [da, db] = gradsOf(divNoNan, a, b, tfc.ones([3]));
    expectClose(da, [0, 0.5, 0], 1e-5, [3]);
    expectClose(db, [0, -0.5, 0], 1e-5, [3]);
    // tfjs's composite divNoNan gives NaN there (0 / 0 in RealDiv's gradient): why this op exists.
    const [ta] = gradsOf(tfc.divNoNan, a, b, tfc.ones([3]));
    expect(Number.isNaN(ta.dataSync()[0])).toBe(true);
  });

  it('broadcast [2,3] / [3] with a zero divisor', () => {
    const a = tfc.tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const [da, db] = gradsOf(divNoNan, a, tfc.tensor([0, 2, -1]), tfc.ones([2, 3]));
    expectClose(da, [0, 0.5, -1, 0, 0.5, -1], 1e-5, [2, 3]);
    // db_j = -sum_i a_ij / b_j^2
    expectClose(db, [0, -7 / 4, -9], 1e-5, [3]);
  });

  it('matches finite differences away from b == 0, broadcasting both ways', () => {
    checkGradients(divNoNan, [u([2, 3], 13), u([3], 14, 0.5, 2)]);
    checkGradients(divNoNan, [u([3, 1], 15), u([1, 2], 16, -2, -0.5)]);
  });
});

describe('Abs', () => {
  it('sign(x) dy: 0 at x = 0, as TensorFlow and PyTorch (tfjs gave -1)', () => {
    const x = tfc.tensor([-1.5, 0, 2, -0]);
    const g = tfc.grad((t: Tensor) => tfc.sum(tfc.mul(tfc.abs(t), tfc.tensor([1, 2, 3, 4]))))(x);
    expect(Array.from(g.dataSync())).toEqual([-1, 0, 3, 0]);
  });
  it('matches finite differences away from 0', () => {
    checkGradients((t) => tfc.abs(t), [tfc.tensor([-1.2, 0.7, 3])]);
  });
});

// The cases the foundation issue names, plus broadcasting and shape errors.
// Exact integer arithmetic, or float32 to 1e-6 unless stated.
import { describe, expect, it } from 'vitest';
import {
  add,
  argMax,
  broadcastTo,
  clipByGlobalNorm,
  clipByNorm,
  concat,
  div,
  dot,
  expandDims,
  grad,
  logSumExp,
  matMul,
  max,
  mean,
  mul,
  norm,
  pad,
  prod,
  range,
  reshape,
  ShapeError,
  softmax,
  split,
  squeeze,
  stack,
  std,
  sum,
  tensor,
  tensordot,
  tile,
  topK,
  transpose,
  unstack,
  ValueError,
  variance,
  zeros,
} from './index.js';
import { values } from './test-utils.js';

describe('broadcasting', () => {
  it('[2,3] * [3]', () => {
    const r = mul(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      tensor([10, 20, 30]),
    );
    expect(r.shape).toEqual([2, 3]);
    expect(values(r)).toEqual([10, 40, 90, 40, 100, 180]);
  });

  it('[3,1] * [1,4]', () => {
    const r = mul(tensor([[1], [2], [3]]), tensor([[1, 10, 100, 1000]]));
    expect(r.shape).toEqual([3, 4]);
    expect(values(r)).toEqual([1, 10, 100, 1000, 2, 20, 200, 2000, 3, 30, 300, 3000]);
  });

  it('a mismatch names both shapes', () => {
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(ShapeError);
    expect(() => add(zeros([2, 3]), zeros([4]))).toThrow(/\[2,3\] and \[4\]/);
  });

  it('plain numbers take the tensor dtype (weak typing)', () => {
    expect(add(tensor([1, 2], [2], 'int32'), 1).dtype).toBe('int32');
    expect(add(tensor([1, 2], [2], 'int32'), 0.5).dtype).toBe('float32');
    expect(values(div(tensor([1, 3], [2], 'int32'), 2))).toEqual([0.5, 1.5]);
  });
});

describe('reductions', () => {
  it('sum([[1,2],[3,4]], 1) is [3,7]', () => {
    expect(
      values(
        sum(
          tensor([
            [1, 2],
            [3, 4],
          ]),
          1,
        ),
      ),
    ).toEqual([3, 7]);
  });

  it('mean, max, prod, keepDims, negative axes', () => {
    const t = tensor([
      [1, 2],
      [3, 4],
    ]);
    expect(values(mean(t))).toEqual([2.5]);
    expect(values(max(t, -1))).toEqual([2, 4]);
    expect(values(prod(t, 0))).toEqual([3, 8]);
    expect(sum(t, 0, true).shape).toEqual([1, 2]);
    expect(values(argMax(t, 1))).toEqual([1, 1]);
  });

  it('std and variance divide by N (NumPy)', () => {
    const t = tensor([1, 2, 3, 4]);
    expect(values(variance(t))[0]).toBeCloseTo(1.25, 6);
    expect(values(std(t))[0]).toBeCloseTo(Math.sqrt(1.25), 6);
  });

  it('logSumExp is stable for large inputs', () => {
    expect(values(logSumExp(tensor([1000, 1000])))[0]).toBeCloseTo(1000 + Math.log(2), 3);
  });

  it('rejects an axis out of range', () => {
    expect(() => sum(zeros([2, 2]), 2)).toThrow(/axis 2 is out of range for a tensor of rank 2/);
  });
});

describe('shapes', () => {
  it('reshape(range(9), [3,3]) and -1', () => {
    const r = reshape(range(9), [3, 3]);
    expect(r.shape).toEqual([3, 3]);
    expect(values(r)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(reshape(range(12), [-1, 4]).shape).toEqual([3, 4]);
    expect(() => reshape(range(9), [2, 4])).toThrow(/\[9\].*9 elements.*\[2,4\]/);
  });

  it('squeezing [3,1,4] gives [3,4]', () => {
    expect(squeeze(zeros([3, 1, 4])).shape).toEqual([3, 4]);
    expect(squeeze(zeros([3, 1, 4]), 1).shape).toEqual([3, 4]);
    expect(() => squeeze(zeros([3, 1, 4]), 0)).toThrow(/dimension 0 .* is 3, expected 1/);
  });

  it('expandDims, transpose, tile, pad, broadcastTo', () => {
    expect(expandDims(zeros([3]), -1).shape).toEqual([3, 1]);
    expect(
      values(
        transpose(
          tensor([
            [1, 2, 3],
            [4, 5, 6],
          ]),
        ),
      ),
    ).toEqual([1, 4, 2, 5, 3, 6]);
    expect(values(tile(tensor([1, 2]), [3]))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(values(pad(tensor([1, 2]), [[1, 2]]))).toEqual([0, 1, 2, 0, 0]);
    expect(values(pad(tensor([1, 2, 3]), [[2, 0]], 'reflect'))).toEqual([3, 2, 1, 2, 3]);
    expect(values(broadcastTo(tensor([1, 2]), [2, 2]))).toEqual([1, 2, 1, 2]);
    expect(() => broadcastTo(tensor([1, 2]), [3])).toThrow(ShapeError);
    expect(() => transpose(zeros([2, 3]), [0, 0])).toThrow(/not a permutation/);
  });
});

describe('joining and splitting', () => {
  it('concat, stack, unstack, split by count and sizes', () => {
    expect(values(concat([tensor([[1, 2]]), tensor([[3, 4]])], 0))).toEqual([1, 2, 3, 4]);
    expect(stack([tensor([1, 2]), tensor([3, 4])], 1).shape).toEqual([2, 2]);
    expect(
      unstack(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ).map(values),
    ).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(split(range(6), 3).map(values)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    expect(split(range(6), [1, -1]).map(values)).toEqual([[0], [1, 2, 3, 4, 5]]);
    expect(() => split(range(5), 2)).toThrow(/size 5.*2 equal parts/);
    expect(() => concat([zeros([1, 2]), zeros([1, 3])], 0)).toThrow(/\[1,3\].*\[1,2\]/);
  });
});

describe('products, norms, topK, clipping', () => {
  it('tensordot([1,2,3],[4,5,6]) is 32', () => {
    expect(values(tensordot(tensor([1, 2, 3]), tensor([4, 5, 6]), 1))).toEqual([32]);
    expect(
      tensordot(zeros([2, 3, 4]), zeros([4, 3, 5]), [
        [1, 2],
        [1, 0],
      ]).shape,
    ).toEqual([2, 5]);
  });

  it('matMul and dot', () => {
    expect(values(matMul(tensor([[1, 2]]), tensor([[3], [4]])))).toEqual([11]);
    expect(values(matMul(tensor([[1, 2]]), tensor([[3, 4]]), false, true))).toEqual([11]);
    expect(values(dot(tensor([1, 2]), tensor([3, 4])))).toEqual([11]);
    expect(() => matMul(zeros([2, 3]), zeros([2, 3]))).toThrow(/inner dimensions differ.*3 vs 2/);
  });

  it('topK([3.2,1.5,7.8,5.5], 2) gives [7.8,5.5]', () => {
    const { values: v, indices } = topK(tensor([3.2, 1.5, 7.8, 5.5]), 2);
    expect(values(v)[0]).toBeCloseTo(7.8, 6);
    expect(values(v)[1]).toBeCloseTo(5.5, 6);
    expect(values(indices)).toEqual([2, 3]);
  });

  it('norm, clipByNorm, clipByGlobalNorm', () => {
    expect(values(norm(tensor([3, 4])))[0]).toBeCloseTo(5, 6);
    expect(values(norm(tensor([3, -4]), 1))[0]).toBeCloseTo(7, 6);
    expect(values(clipByNorm(tensor([3, 4]), 1))).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6)]);
    const { clipped, globalNorm } = clipByGlobalNorm([tensor([3]), tensor([4])], 2.5);
    expect(values(globalNorm)[0]).toBeCloseTo(5, 6);
    expect(clipped.map((c) => values(c)[0])).toEqual([expect.closeTo(1.5, 6), expect.closeTo(2, 6)]);
  });

  // Reference values are NumPy's np.linalg.norm, worked out by hand; float32 to 1e-5 relative.
  describe('norm (NumPy semantics)', () => {
    const close = (t: { dataSync(): ArrayLike<number> }, expected: number[]) => {
      const got = values(t);
      expect(got).toHaveLength(expected.length);
      got.forEach((g, i) => {
        expect(Math.abs(g - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])));
      });
    };

    it('general p for vectors: sum(|x|^p)^(1/p)', () => {
      close(norm(tensor([1, -2, 2]), 3), [17 ** (1 / 3)]);
      close(norm(tensor([1, -2, 2]), 0.5), [(1 + 2 * Math.SQRT2) ** 2]);
      close(norm(tensor([3, -4]), 2), [5]);
      close(norm(tensor([3, -4]), 'euclidean'), [5]);
      close(norm(tensor([3, -4]), -1), [1 / (1 / 3 + 1 / 4)]);
      // per column of [[1, -2], [2, 3]]: (1 + 8)^(1/3), (8 + 27)^(1/3)
      const x = tensor([
        [1, -2],
        [2, 3],
      ]);
      close(norm(x, 3, 0), [9 ** (1 / 3), 35 ** (1 / 3)]);
      close(norm(x, 4, -1), [17 ** 0.25, 97 ** 0.25]);
      // axis left out: all entries as one vector
      close(norm(x, 3), [(1 + 8 + 8 + 27) ** (1 / 3)]);
    });

    it('Infinity, -Infinity and ord 0 (number of non-zero entries) for vectors', () => {
      const v = tensor([0, -3, 0.5, 2]);
      close(norm(v, Number.POSITIVE_INFINITY), [3]);
      close(norm(v, Number.NEGATIVE_INFINITY), [0]);
      close(norm(v, 0), [3]);
      close(
        norm(
          tensor([
            [0, 1, 2],
            [0, 0, 5],
          ]),
          0,
          1,
        ),
        [2, 1],
      );
    });

    it('ord 0 has a zero gradient, general p the analytic one', () => {
      const x = tensor([1, -2, 2]);
      expect(values(grad((t) => norm(t, 0))(x))).toEqual([0, 0, 0]);
      // d/dx (sum |x|^3)^(1/3) = sign(x) x^2 / norm^2
      const n2 = 17 ** (2 / 3);
      close(grad((t) => norm(t, 3))(x), [1 / n2, -4 / n2, 4 / n2]);
    });

    it('matrix norms: fro, 1, -1, Infinity, -Infinity over any two axes', () => {
      const m = tensor([
        [1, -2],
        [3, 4],
      ]);
      close(norm(m, 'fro', [0, 1]), [Math.sqrt(30)]);
      close(norm(m, 1, [0, 1]), [6]); // column sums 4, 6
      close(norm(m, -1, [0, 1]), [4]);
      close(norm(m, Number.POSITIVE_INFINITY, [0, 1]), [7]); // row sums 3, 7
      close(norm(m, Number.NEGATIVE_INFINITY, [0, 1]), [3]);
      // swapped axes transpose the matrix: 1 and Infinity trade places
      close(norm(m, 1, [1, 0]), [7]);
      close(norm(m, Number.POSITIVE_INFINITY, [-1, -2]), [6]);
      // batched [2, 2, 2], keepDims
      const b = tensor([
        [
          [1, -2],
          [3, 4],
        ],
        [
          [0, 1],
          [1, 0],
        ],
      ]);
      const r = norm(b, 1, [1, 2], true);
      expect(r.shape).toEqual([2, 1, 1]);
      close(r, [6, 1]);
    });

    it('keepDims keeps the reduced axes as 1', () => {
      expect(norm(zeros([2, 3]), 2, 1, true).shape).toEqual([2, 1]);
      expect(norm(zeros([2, 3]), 3, undefined, true).shape).toEqual([1, 1]);
      expect(norm(zeros([2, 3]), 'fro', [0, 1], true).shape).toEqual([1, 1]);
    });

    it('unsupported orders and axes raise ValueError', () => {
      const m = zeros([2, 2]);
      expect(() => norm(m, 2, [0, 1])).toThrow(ValueError);
      expect(() => norm(m, 2, [0, 1])).toThrow(/invalid ord 2 for a matrix norm.*singular values/);
      expect(() => norm(m, 0, [0, 1])).toThrow(ValueError);
      expect(() => norm(m, 3, [0, 1])).toThrow(ValueError);
      expect(() => norm(m, 'fro', 0)).toThrow(/'fro' is a matrix norm/);
      expect(() => norm(m, Number.NaN)).toThrow(ValueError);
      expect(() => norm(m, 'nuc' as 'fro', [0, 1])).toThrow(/invalid ord 'nuc'/);
      expect(() => norm(m, 2, [0, 0])).toThrow(/two distinct axes/);
      expect(() => norm(zeros([2, 2, 2]), 2, [0, 1, 2])).toThrow(ValueError);
    });
  });

  it('softmax along any axis sums to 1', () => {
    const s = softmax(
      tensor([
        [1, 2],
        [3, 5],
      ]),
      0,
    );
    const v = values(s);
    expect(v[0] + v[2]).toBeCloseTo(1, 6);
    expect(v[0]).toBeCloseTo(1 / (1 + Math.exp(2)), 6);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  grads,
  matMul,
  memory,
  ones,
  ShapeError,
  SparseTensor,
  sparseAdd,
  sparseMatMul,
  sum,
  tensor,
  transpose,
  ValueError,
  valueAndGrads,
} from '../index.js';
import { expectClose, nested } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

/** Deterministic pseudo-random numbers in [-1, 1) (LCG), so the tests need no seeded op. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32) * 2 - 1;
  };
}

// A = [[0, 2, 0], [3, 0, 4]] (2x3), B = [[1, 2], [3, 4], [5, 6]] (3x2).
// A @ B = [[2*3, 2*4], [3*1 + 4*5, 3*2 + 4*6]] = [[6, 8], [23, 30]].
const A_IDX = [
  [0, 1],
  [1, 0],
  [1, 2],
];
const A_VAL = [2, 3, 4];
const B = [
  [1, 2],
  [3, 4],
  [5, 6],
];
const AB = [
  [6, 8],
  [23, 30],
];

describe('sparseMatMul', () => {
  it('matches the hand-derived product and dense matMul (1e-5)', () => {
    const a = new SparseTensor(A_IDX, A_VAL, [2, 3]);
    const b = tensor(B);
    const out = sparseMatMul(a, b);
    expect(out.shape).toEqual([2, 2]);
    expectClose(out, AB, 1e-5);
    const dense = a.toDense();
    const ref = matMul(dense, b);
    expectClose(out, ref.arraySync() as number[][], 1e-5);
    for (const t of [a, b, out, dense, ref]) t.dispose();
  });

  it('supports adjointA and adjointB (same product from transposed storage)', () => {
    // A^T stored as [3, 2]: entry (k, i) for each (i, k) of A.
    const at = new SparseTensor(
      A_IDX.map(([i, k]) => [k, i]),
      A_VAL,
      [3, 2],
    );
    const a = new SparseTensor(A_IDX, A_VAL, [2, 3]);
    const b = tensor(B);
    const bt = tensor([
      [1, 3, 5],
      [2, 4, 6],
    ]);
    const outs = [
      sparseMatMul(at, b, { adjointA: true }),
      sparseMatMul(a, bt, { adjointB: true }),
      sparseMatMul(at, bt, { adjointA: true, adjointB: true }),
    ];
    for (const o of outs) {
      expect(o.shape).toEqual([2, 2]);
      expectClose(o, AB, 1e-5);
    }
    for (const t of [at, a, b, bt, ...outs]) t.dispose();
  });

  it('matches dense matMul on a random 6x7 @ 7x5 with repeated indices, all flag combinations (1e-5)', () => {
    const rnd = lcg(42);
    const idx: number[][] = [];
    const vals: number[] = [];
    for (let i = 0; i < 14; i++) {
      idx.push([Math.floor(((rnd() + 1) / 2) * 6), Math.floor(((rnd() + 1) / 2) * 7)]);
      vals.push(rnd());
    }
    idx.push([...idx[0]]); // a repeated index adds up
    vals.push(0.25);
    const a = new SparseTensor(idx, vals, [6, 7]);
    const at = new SparseTensor(
      idx.map(([i, k]) => [k, i]),
      vals,
      [7, 6],
    );
    const b = tensor(Array.from({ length: 7 }, () => Array.from({ length: 5 }, rnd)));
    const bt = transpose(b);
    const dense = a.toDense();
    const ref = matMul(dense, b).arraySync() as number[][];
    const cases: [SparseTensor, typeof b, { adjointA?: boolean; adjointB?: boolean }][] = [
      [a, b, {}],
      [at, b, { adjointA: true }],
      [a, bt, { adjointB: true }],
      [at, bt, { adjointA: true, adjointB: true }],
    ];
    for (const [sa, sb, opts] of cases) {
      const out = sparseMatMul(sa, sb, opts);
      expectClose(out, ref, 1e-5, [6, 5]);
      out.dispose();
    }
    for (const t of [a, at, b, bt, dense]) t.dispose();
  });

  it('gives hand-derived gradients w.r.t. values and the dense operand', () => {
    const indices = tensor(A_IDX, undefined, 'int32');
    const b = tensor(B);
    const [dv, db] = grads((v, bb) => sum(sparseMatMul(new SparseTensor(indices, v, [2, 3]), bb)))([tensor(A_VAL), b]);
    // d/dv[(i,k)] sum(A@B) = sum_j B[k, j]: (0,1) -> 3+4, (1,0) -> 1+2, (1,2) -> 5+6.
    expect(nested(dv)).toEqual([7, 3, 11]);
    // d/dB[k, j] sum(A@B) = sum_i A[i, k] = column sums of A: [3, 2, 4].
    expect(nested(db)).toEqual([
      [3, 3],
      [2, 2],
      [4, 4],
    ]);
    for (const t of [indices, b, dv, db]) t.dispose();
  });

  it('passes finite-difference gradient checks w.r.t. values and dense, with and without adjoints', () => {
    const indices = tensor([...A_IDX, [0, 1]], undefined, 'int32');
    const indicesT = tensor(
      [...A_IDX, [0, 1]].map(([i, k]) => [k, i]),
      undefined,
      'int32',
    );
    const v = tensor([0.5, -1.2, 0.8, 0.3]);
    const b = tensor([
      [0.1, -0.4],
      [0.7, 0.2],
      [-0.3, 0.9],
    ]);
    const bt = tensor([
      [0.1, 0.7, -0.3],
      [-0.4, 0.2, 0.9],
    ]);
    // Default tolerances: rtol 1e-2, atol 2e-3, eps 1e-2.
    checkGradients((vv, bb) => sparseMatMul(new SparseTensor(indices, vv, [2, 3]), bb), [v, b]);
    checkGradients((vv, bb) => sparseMatMul(new SparseTensor(indicesT, vv, [3, 2]), bb, { adjointA: true }), [v, b]);
    checkGradients((vv, bb) => sparseMatMul(new SparseTensor(indices, vv, [2, 3]), bb, { adjointB: true }), [v, bt]);
    for (const t of [indices, indicesT, v, b, bt]) t.dispose();
  });

  it('returns zeros for an empty SparseTensor', () => {
    const a = new SparseTensor([], [], [2, 3]);
    const out = sparseMatMul(a, tensor(B));
    expect(nested(out)).toEqual([
      [0, 0],
      [0, 0],
    ]);
    a.dispose();
    out.dispose();
  });

  it('rejects mismatched shapes, ranks and dtypes with typed errors', () => {
    const a = new SparseTensor(A_IDX, A_VAL, [2, 3]);
    expect(() => sparseMatMul(a, ones([2, 2]))).toThrow(ShapeError);
    expect(() => sparseMatMul(a, ones([2, 2]))).toThrow(/inner dimensions differ.*\[2,3\] @ dense \[2,2\] \(3 vs 2\)/);
    expect(() => sparseMatMul(a, ones([3, 2]), { adjointA: true })).toThrow(/\[2,3\]\^T.*\(2 vs 3\)/);
    expect(() => sparseMatMul(a, ones([3]))).toThrow(/rank-2/);
    expect(() => sparseMatMul(a, ones([3, 2], 'int32'))).toThrow(DTypeError);
    expect(() => sparseMatMul(a, ones([3, 2], 'int32'))).toThrow(/float32 and the dense operand is int32/);
    expect(() => sparseMatMul(tensor([1]) as never, ones([3, 2]))).toThrow(ValueError);
    const s3 = new SparseTensor([[0, 0, 0]], [1], [1, 1, 1]);
    expect(() => sparseMatMul(s3, ones([1, 1]))).toThrow(/denseShape \[1,1,1\]/);
    a.dispose();
    s3.dispose();
  });

  it('leaks no tensors (forward and backward)', () => {
    const a = new SparseTensor(A_IDX, A_VAL, [2, 3]);
    const b = tensor(B);
    const start = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      sparseMatMul(a, b, { adjointB: false }).dispose();
      // valueAndGrads, not grads: grads() in autodiff.ts currently drops (leaks) the value tensor.
      const { value, grads: g } = valueAndGrads((v, bb) => sum(sparseMatMul(a.withValues(v), bb)))([a.values, b]);
      for (const t of [value, ...g]) t.dispose();
    }
    expect(memory().numTensors).toBe(start);
    a.dispose();
    b.dispose();
  });
});

describe('sparseAdd', () => {
  it('adds a SparseTensor to a dense tensor of the same shape', () => {
    const a = new SparseTensor(
      [
        [0, 0],
        [1, 1],
        [0, 0],
      ],
      [5, -2, 1],
      [2, 2],
    );
    const out = sparseAdd(a, ones([2, 2]));
    expect(nested(out)).toEqual([
      [7, 1],
      [1, -1],
    ]);
    expect(() => sparseAdd(a, ones([2, 3]))).toThrow(ShapeError);
    expect(() => sparseAdd(a, ones([2, 3]))).toThrow(/shape \[2,3\].*denseShape \[2,2\].*no broadcasting/);
    checkGradients(
      (v, d) => sparseAdd(a.withValues(v), d),
      [
        tensor([0.5, 1, -1]),
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ],
    );
    a.dispose();
    out.dispose();
  });
});

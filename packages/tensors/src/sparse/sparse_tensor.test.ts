import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  grads,
  memory,
  mul,
  ShapeError,
  SparseTensor,
  sum,
  tensor,
  ValueError,
  valueAndGrads,
} from '../index.js';
import { nested } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('SparseTensor', () => {
  it('builds from index rows and densifies exactly, with a default value', () => {
    const sp = new SparseTensor(
      [
        [0, 1],
        [2, 0],
      ],
      [5, 7],
      [3, 2],
    );
    expect(sp.nnz).toBe(2);
    expect(sp.rank).toBe(2);
    expect(sp.dtype).toBe('float32');
    expect(sp.indices.dtype).toBe('int32');
    expect(sp.denseShape).toEqual([3, 2]);
    expect(nested(sp.toDense())).toEqual([
      [0, 5],
      [0, 0],
      [7, 0],
    ]);
    expect(nested(sp.toDense(-1))).toEqual([
      [-1, 5],
      [-1, -1],
      [7, -1],
    ]);
    expect(sp.toString()).toBe('SparseTensor(denseShape=[3,2], nnz=2, dtype=float32)');
    sp.dispose();
    expect(sp.isDisposed).toBe(true);
  });

  it('sums values at repeated indices (scatter_nd semantics)', () => {
    const sp = new SparseTensor([[1], [1], [0]], tensor([2, 3, 4]), [3]);
    expect(nested(sp.toDense())).toEqual([4, 5, 0]);
    sp.dispose();
  });

  it('keeps int32 and bool values', () => {
    const si = new SparseTensor([[0], [2]], tensor([3, -4], [2], 'int32'), [4]);
    const di = si.toDense(9);
    expect(di.dtype).toBe('int32');
    expect(nested(di)).toEqual([3, 9, -4, 9]);
    const sb = new SparseTensor([[1]], tensor([true]), [3]);
    const db = sb.toDense();
    expect(db.dtype).toBe('bool');
    expect(nested(db)).toEqual([0, 1, 0]);
    for (const t of [si, di, sb, db]) t.dispose();
  });

  it('fromDense (async) finds the non-zeros in row-major order and round-trips', async () => {
    const dense = tensor([
      [0, 3, 0],
      [4, 0, 5],
    ]);
    const sp = await SparseTensor.fromDense(dense);
    expect(nested(sp.indices)).toEqual([
      [0, 1],
      [1, 0],
      [1, 2],
    ]);
    expect(nested(sp.values)).toEqual([3, 4, 5]);
    expect(sp.denseShape).toEqual([2, 3]);
    const back = sp.toDense();
    expect(nested(back)).toEqual(nested(dense));
    for (const t of [sp, back, dense]) t.dispose();
  });

  it('fromDenseSync matches fromDense on rank 3 int32, bool and all-zero inputs', async () => {
    const d3 = tensor(
      [
        [
          [0, 1],
          [2, 0],
        ],
        [
          [0, 0],
          [0, -3],
        ],
      ],
      undefined,
      'int32',
    );
    const a = await SparseTensor.fromDense(d3);
    const b = SparseTensor.fromDenseSync(d3);
    for (const sp of [a, b]) {
      expect(nested(sp.indices)).toEqual([
        [0, 0, 1],
        [0, 1, 0],
        [1, 1, 1],
      ]);
      expect(nested(sp.values)).toEqual([1, 2, -3]);
      expect(sp.dtype).toBe('int32');
      const back = sp.toDense();
      expect(nested(back)).toEqual(nested(d3));
      back.dispose();
    }
    const zeros = await SparseTensor.fromDense([0, 0, 0]);
    expect(zeros.nnz).toBe(0);
    expect(zeros.indices.shape).toEqual([0, 1]);
    const zd = zeros.toDense(2);
    expect(nested(zd)).toEqual([2, 2, 2]);
    const bools = SparseTensor.fromDenseSync(tensor([false, true, true]));
    expect(nested(bools.indices)).toEqual([[1], [2]]);
    expect(bools.dtype).toBe('bool');
    for (const t of [a, b, d3, zeros, zd, bools]) t.dispose();
  });

  it('handles string values (non-empty strings are the stored entries)', async () => {
    const dense = tensor([
      ['a', ''],
      ['', 'b'],
    ]);
    const sp = await SparseTensor.fromDense(dense);
    expect(nested(sp.indices)).toEqual([
      [0, 0],
      [1, 1],
    ]);
    expect(nested(sp.values)).toEqual(['a', 'b']);
    expect(nested(sp.toDense())).toEqual([
      ['a', ''],
      ['', 'b'],
    ]);
    expect(nested(sp.toDense('?'))).toEqual([
      ['a', '?'],
      ['?', 'b'],
    ]);
    const sync = SparseTensor.fromDenseSync(dense);
    expect(nested(sync.values)).toEqual(['a', 'b']);
    for (const t of [sp, sync, dense]) t.dispose();
  });

  it('toDense is differentiable w.r.t. values (hand-derived and finite differences)', () => {
    const indices = tensor(
      [
        [0, 1],
        [2, 0],
        [0, 1],
      ],
      undefined,
      'int32',
    );
    const w = tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    // d/dv sum(toDense(v) * w) = w at each value's index: [w[0,1], w[2,0], w[0,1]] = [2, 5, 2].
    const [g] = grads((v) => sum(mul(new SparseTensor(indices, v, [3, 2]).toDense(-1), w)))([tensor([1, 2, 3])]);
    expect(nested(g)).toEqual([2, 5, 2]);
    // Central differences on the projected output, default tolerances (rtol 1e-2, atol 2e-3).
    checkGradients((v) => new SparseTensor(indices, v, [3, 2]).toDense(), [tensor([0.5, -1.5, 2])]);
    checkGradients((v) => new SparseTensor(indices, v, [3, 2]).toDense(7), [tensor([0.5, -1.5, 2])]);
    indices.dispose();
    w.dispose();
    g.dispose();
  });

  it('reorder sorts the entries row-major and permutes the values with them', async () => {
    const sp = new SparseTensor(
      [
        [1, 0],
        [0, 1],
        [0, 0],
      ],
      [1, 2, 3],
      [2, 2],
    );
    const sorted = await sp.reorder();
    expect(nested(sorted.indices)).toEqual([
      [0, 0],
      [0, 1],
      [1, 0],
    ]);
    expect(nested(sorted.values)).toEqual([3, 2, 1]);
    expect(nested(sp.values)).toEqual([1, 2, 3]);
    const strings = await new SparseTensor([[2], [0]], ['x', 'y'], [3]).reorder();
    expect(nested(strings.values)).toEqual(['y', 'x']);
    for (const t of [sp, sorted, strings]) t.dispose();
  });

  it('withValues shares the indices safely', () => {
    const sp = new SparseTensor([[0], [2]], [1, 2], [3]);
    const other = sp.withValues([10, 20]);
    sp.dispose();
    const d = other.toDense();
    expect(nested(d)).toEqual([10, 0, 20]);
    other.dispose();
    d.dispose();
  });

  it('rejects bad input with typed errors that say what was expected', () => {
    expect(() => new SparseTensor(tensor([[0, 1]]), [1], [2, 2])).toThrow(DTypeError);
    expect(() => new SparseTensor(tensor([[0, 1]]), [1], [2, 2])).toThrow(/must be int32, got float32/);
    expect(() => new SparseTensor(tensor([[0, 1, 0]], undefined, 'int32'), [1], [2, 2])).toThrow(ShapeError);
    expect(() => new SparseTensor(tensor([[0, 1, 0]], undefined, 'int32'), [1], [2, 2])).toThrow(
      /shape \[nnz, 2\].*got \[1,3\]/,
    );
    expect(() => new SparseTensor([[0, 1], [1]], [1, 2], [2, 2])).toThrow(/index row 1 has 1 coordinates/);
    expect(() => new SparseTensor([[0, 1]], [1, 2], [2, 2])).toThrow(ShapeError);
    expect(() => new SparseTensor([[0, 1]], [1, 2], [2, 2])).toThrow(/values must have shape \[1\].*got \[2\]/);
    expect(
      () =>
        new SparseTensor(
          [
            [0, 1],
            [3, 0],
          ],
          [1, 2],
          [3, 2],
        ),
    ).toThrow(ValueError);
    expect(
      () =>
        new SparseTensor(
          [
            [0, 1],
            [3, 0],
          ],
          [1, 2],
          [3, 2],
        ),
    ).toThrow(/index row 1 is \[3,0\].*coordinate 0 must be an integer in \[0, 2\].*denseShape \[3,2\]/);
    expect(() => new SparseTensor([[0, -1]], [1], [3, 2])).toThrow(ValueError);
    expect(() => new SparseTensor([[0]], [1], [-2])).toThrow(/denseShape \[-2\] is invalid/);
    expect(() => new SparseTensor([], [], [])).toThrow(ShapeError);
    expect(() => SparseTensor.fromDenseSync(tensor(3))).toThrow(/rank >= 1, got a scalar/);
  });

  it('validate() checks device-resident indices asynchronously', async () => {
    const good = new SparseTensor(tensor([[1, 1]], undefined, 'int32'), [1], [2, 2]);
    await expect(good.validate()).resolves.toBe(good);
    const bad = new SparseTensor(tensor([[1, 2]], undefined, 'int32'), [1], [2, 2]);
    await expect(bad.validate()).rejects.toThrow(ValueError);
    await expect(bad.validate()).rejects.toThrow(/index row 0 is \[1,2\].*\[0, 1\]/);
    good.dispose();
    bad.dispose();
  });

  it('frees every tensor it creates (dispose, failed construction, fromDense)', async () => {
    const start = memory().numTensors;
    const sp = new SparseTensor([[0, 1]], [5], [2, 2]);
    sp.toDense(3).dispose();
    sp.dispose();
    expect(() => new SparseTensor([[0, 1]], [1, 2], [2, 2])).toThrow();
    expect(() => new SparseTensor([[5, 1]], [1], [2, 2])).toThrow();
    const dense = tensor([0, 1, 0, 2]);
    const a = await SparseTensor.fromDense(dense);
    const b = SparseTensor.fromDenseSync(dense);
    const r = await a.reorder();
    const { value, grads: g } = valueAndGrads((v) => sum(mul(r.withValues(v).toDense(4), 3)))([r.values]);
    for (const t of [a, b, r, dense, value, ...g]) t.dispose();
    expect(memory().numTensors).toBe(start);
  });
});

import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  grads,
  memory,
  mul,
  RaggedTensor,
  ShapeError,
  sum,
  tensor,
  ValueError,
  valueAndGrads,
} from '../index.js';
import { nested } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('RaggedTensor', () => {
  it('builds from nested arrays with rows of lengths [3, 0, 2]', () => {
    const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]);
    expect(rt.nrows).toBe(3);
    expect(rt.dtype).toBe('float32');
    expect(rt.shape).toEqual([3, null]);
    expect(rt.maxRowLength).toBe(3);
    expect(rt.rowSplitsArray).toEqual([0, 3, 3, 5]);
    expect(rt.rowSplits.dtype).toBe('int32');
    expect(nested(rt.rowSplits)).toEqual([0, 3, 3, 5]);
    expect(nested(rt.values)).toEqual([1, 2, 3, 4, 5]);
    const lengths = rt.rowLengths();
    expect(lengths.dtype).toBe('int32');
    expect(nested(lengths)).toEqual([3, 0, 2]);
    const ids = rt.valueRowIds();
    expect(nested(ids)).toEqual([0, 0, 0, 2, 2]);
    expect(rt.toString()).toBe('RaggedTensor(shape=[3,null], dtype=float32)');
    for (const t of [rt, lengths, ids]) t.dispose();
  });

  it('toTensor pads with the pad value (exact values) and honours a target shape', () => {
    const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]], 'int32');
    const padded = rt.toTensor(-1);
    expect(padded.dtype).toBe('int32');
    expect(padded.shape).toEqual([3, 3]);
    expect(nested(padded)).toEqual([
      [1, 2, 3],
      [-1, -1, -1],
      [4, 5, -1],
    ]);
    const zeroPad = rt.toTensor();
    expect(nested(zeroPad)).toEqual([
      [1, 2, 3],
      [0, 0, 0],
      [4, 5, 0],
    ]);
    const cut = rt.toTensor(0, [2, 2]);
    expect(nested(cut)).toEqual([
      [1, 2],
      [0, 0],
    ]);
    const grown = rt.toTensor(9, [4, null]);
    expect(nested(grown)).toEqual([
      [1, 2, 3],
      [9, 9, 9],
      [4, 5, 9],
      [9, 9, 9],
    ]);
    const wide = rt.toTensor(7, [-1, 4]);
    expect(nested(wide)).toEqual([
      [1, 2, 3, 7],
      [7, 7, 7, 7],
      [4, 5, 7, 7],
    ]);
    for (const t of [rt, padded, zeroPad, cut, grown, wide]) t.dispose();
  });

  it('keeps uniform inner dimensions of the values', async () => {
    const rt = RaggedTensor.fromNestedArray([
      [
        [1, 2],
        [3, 4],
      ],
      [],
      [[5, 6]],
    ]);
    expect(rt.shape).toEqual([3, null, 2]);
    const padded = rt.toTensor(0);
    expect(padded.shape).toEqual([3, 2, 2]);
    expect(nested(padded)).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [0, 0],
        [0, 0],
      ],
      [
        [5, 6],
        [0, 0],
      ],
    ]);
    expect(await rt.toArray()).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [],
      [[5, 6]],
    ]);
    expect(() => rt.toTensor(0, [3, 2, 3])).toThrow(ShapeError);
    expect(() => rt.toTensor(0, [3, 2])).toThrow(/Expected 3 entries/);
    rt.dispose();
    padded.dispose();
  });

  it('fromRowLengths and fromRowSplits (host arrays or int32 tensors) give the same rows', async () => {
    const a = RaggedTensor.fromRowLengths(tensor([1, 2, 3, 4, 5]), [3, 0, 2]);
    const splits = tensor([0, 3, 3, 5], undefined, 'int32');
    const b = RaggedTensor.fromRowSplits([1, 2, 3, 4, 5], splits);
    const c = RaggedTensor.fromRowLengths([1, 2, 3, 4, 5], new Int32Array([3, 0, 2]));
    for (const rt of [a, b, c]) {
      expect(rt.rowSplitsArray).toEqual([0, 3, 3, 5]);
      expect(await rt.toArray<number>()).toEqual([[1, 2, 3], [], [4, 5]]);
    }
    // The splits argument stays the caller's.
    b.dispose();
    expect(splits.isDisposed).toBe(false);
    for (const t of [a, c, splits]) t.dispose();
  });

  it('rejects invalid partitions with typed errors that say what was expected', () => {
    const v = () => tensor([1, 2, 3, 4, 5]);
    expect(() => RaggedTensor.fromRowSplits(v(), [1, 3, 5])).toThrow(ValueError);
    expect(() => RaggedTensor.fromRowSplits(v(), [1, 3, 5])).toThrow(/splits\[0\] is 1.*start at 0/);
    expect(() => RaggedTensor.fromRowSplits(v(), [0, 3, 2, 5])).toThrow(
      /splits decrease at position 2 \(3 then 2\).*non-decreasing/,
    );
    expect(() => RaggedTensor.fromRowSplits(v(), [0, 3, 3, 4])).toThrow(ShapeError);
    expect(() => RaggedTensor.fromRowSplits(v(), [0, 3, 3, 4])).toThrow(/last split is 4 but values has 5 elements/);
    expect(() => RaggedTensor.fromRowSplits(v(), [])).toThrow(/splits is empty/);
    expect(() => RaggedTensor.fromRowSplits(v(), [0, 2.5, 5])).toThrow(/splits\[1\] is 2.5. Expected integers/);
    expect(() => RaggedTensor.fromRowSplits(v(), tensor([0, 5]))).toThrow(DTypeError);
    expect(() => RaggedTensor.fromRowLengths(v(), [3, 0, 1])).toThrow(/lengths sum to 4 but values has 5/);
    expect(() => RaggedTensor.fromRowLengths(v(), [6, -1])).toThrow(/lengths\[1\] is -1.*non-negative/);
    expect(() => RaggedTensor.fromRowSplits(tensor(3), [0, 1])).toThrow(/rank >= 1/);
    expect(() => RaggedTensor.fromNestedArray([[1], 2 as never])).toThrow(/row 1 is number, not an array/);
    expect(() => RaggedTensor.fromNestedArray([[1], ['a']])).toThrow(DTypeError);
    expect(() => RaggedTensor.fromNestedArray([[[1, 2]], [[3]]])).toThrow(ShapeError);
  });

  it('map applies a function to the values and keeps the splits', async () => {
    const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]);
    const doubled = rt.map((x) => mul(x, 2));
    expect(doubled.rowSplitsArray).toEqual([0, 3, 3, 5]);
    expect(await doubled.toArray()).toEqual([[2, 4, 6], [], [8, 10]]);
    const same = rt.map((x) => x);
    rt.dispose();
    expect(await same.toArray()).toEqual([[1, 2, 3], [], [4, 5]]);
    expect(() => same.map((x) => sum(x))).toThrow(ShapeError);
    expect(() => same.map((x) => sum(x))).toThrow(/returned shape \[\] for values of shape \[5\]/);
    for (const t of [doubled, same]) t.dispose();
  });

  it('holds string values (tokens) and pads them', async () => {
    const rt = RaggedTensor.fromNestedArray([['the', 'cat', 'sat'], [], ['a', 'dog']]);
    expect(rt.dtype).toBe('string');
    expect(await rt.toArray<string>()).toEqual([['the', 'cat', 'sat'], [], ['a', 'dog']]);
    const padded = rt.toTensor();
    expect(nested(padded)).toEqual([
      ['the', 'cat', 'sat'],
      ['', '', ''],
      ['a', 'dog', ''],
    ]);
    const custom = rt.toTensor('<pad>', [3, 2]);
    expect(nested(custom)).toEqual([
      ['the', 'cat'],
      ['<pad>', '<pad>'],
      ['a', 'dog'],
    ]);
    expect(() => RaggedTensor.fromNestedArray([[1]]).toTensor('x')).toThrow(DTypeError);
    for (const t of [rt, padded, custom]) t.dispose();
  });

  it('handles bool values and empty rows everywhere', async () => {
    const b = RaggedTensor.fromNestedArray([[true], [false, true]]);
    const bd = b.toTensor();
    expect(bd.dtype).toBe('bool');
    expect(nested(bd)).toEqual([
      [1, 0],
      [0, 1],
    ]);
    const e = RaggedTensor.fromNestedArray([[], []]);
    const ed = e.toTensor(3);
    expect(ed.shape).toEqual([2, 0]);
    expect(await e.toArray()).toEqual([[], []]);
    const none = RaggedTensor.fromNestedArray([]);
    expect(none.nrows).toBe(0);
    const nd = none.toTensor();
    expect(nd.shape).toEqual([0, 0]);
    const nl = none.rowLengths();
    expect(nl.shape).toEqual([0]);
    for (const t of [b, bd, e, ed, none, nd, nl]) t.dispose();
  });

  it('toTensor is differentiable w.r.t. the values (hand-derived and finite differences)', () => {
    const w = tensor([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    // d/dv sum(toTensor(v) * w): values land at (0,0),(0,1),(0,2),(2,0),(2,1) -> [1, 2, 3, 7, 8].
    const [g] = grads((v) => sum(mul(RaggedTensor.fromRowSplits(v, [0, 3, 3, 5]).toTensor(-1), w)))([
      tensor([1, 2, 3, 4, 5]),
    ]);
    expect(nested(g)).toEqual([1, 2, 3, 7, 8]);
    // Default tolerances: rtol 1e-2, atol 2e-3, eps 1e-2.
    checkGradients((v) => RaggedTensor.fromRowSplits(v, [0, 3, 3, 5]).toTensor(-1), [tensor([0.1, -2, 3, 0.5, 1])]);
    checkGradients(
      (v) => RaggedTensor.fromRowSplits(v, [0, 1, 3]).toTensor(0, [2, 3, 2]),
      [
        tensor([
          [0.1, 0.2],
          [0.3, -0.4],
          [0.5, 0.6],
        ]),
      ],
    );
    w.dispose();
    g.dispose();
  });

  it('frees every tensor it creates', async () => {
    const start = memory().numTensors;
    const rt = RaggedTensor.fromNestedArray([[1, 2, 3], [], [4, 5]]);
    rt.toTensor(-1).dispose();
    rt.toTensor(0, [4, 1]).dispose();
    rt.rowLengths().dispose();
    rt.valueRowIds().dispose();
    const m = rt.map((x) => mul(x, 3));
    await m.toArray();
    const k = tensor(2);
    const { value, grads: g } = valueAndGrads((v) => sum(m.map((x) => mul(x, v)).toTensor(-1, [2, 4])))([k]);
    // d/dk sum(toTensor(k * 3 * values) cut to [2, 4]) = 3 * (1 + 2 + 3) = 18 (row 2 is cut off).
    expect(nested(g[0])).toBe(18);
    for (const t of [m, k, value, ...g]) t.dispose();
    const s = RaggedTensor.fromNestedArray([['a'], ['b', 'c']]);
    s.toTensor().dispose();
    s.dispose();
    rt.dispose();
    expect(() => RaggedTensor.fromRowSplits([1, 2], [0, 3])).toThrow();
    expect(() => RaggedTensor.fromRowLengths([1, 2], [1, 2])).toThrow();
    expect(memory().numTensors).toBe(start);
  });
});

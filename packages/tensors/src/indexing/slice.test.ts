import { describe, expect, it } from 'vitest';
import {
  dispose,
  ellipsis,
  grad,
  memory,
  newaxis,
  range,
  reshape,
  ShapeError,
  slice,
  sliceRange,
  sum,
  type Tensor,
  tensor,
  tidy,
  ValueError,
} from '../index.js';
import { values } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('slice', () => {
  const t34 = () => reshape(range(12), [3, 4]);

  it("slice(t, ':, 1:') and slice(t, '1:3, :2') on a 3x4 matrix", () => {
    const a = slice(t34(), ':, 1:');
    expect(a.shape).toEqual([3, 3]);
    expect(a.arraySync()).toEqual([
      [1, 2, 3],
      [5, 6, 7],
      [9, 10, 11],
    ]);
    const b = slice(t34(), '1:3, :2');
    expect(b.arraySync()).toEqual([
      [4, 5],
      [8, 9],
    ]);
    expect(b.dtype).toBe('int32');
  });

  it('negative indices and steps', () => {
    expect(slice(t34(), '-2:').arraySync()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(slice(t34(), ':, :-1').arraySync()).toEqual([
      [0, 1, 2],
      [4, 5, 6],
      [8, 9, 10],
    ]);
    expect(slice(t34(), '::2').arraySync()).toEqual([
      [0, 1, 2, 3],
      [8, 9, 10, 11],
    ]);
    expect(slice(t34(), '::-1, ::-1').arraySync()).toEqual([
      [11, 10, 9, 8],
      [7, 6, 5, 4],
      [3, 2, 1, 0],
    ]);
    expect(slice(t34(), '::2, ::-1').arraySync()).toEqual([
      [3, 2, 1, 0],
      [11, 10, 9, 8],
    ]);
  });

  it('integer indices drop a dimension', () => {
    const row = slice(t34(), '0');
    expect(row.shape).toEqual([4]);
    expect(values(row)).toEqual([0, 1, 2, 3]);
    expect(values(slice(t34(), '-1'))).toEqual([8, 9, 10, 11]);
    expect(values(slice(t34(), '1, :'))).toEqual([4, 5, 6, 7]);
    expect(values(slice(t34(), ':, -1'))).toEqual([3, 7, 11]);
    const s = slice(t34(), '2, 3');
    expect(s.shape).toEqual([]);
    expect(values(s)).toEqual([11]);
    expect(values(slice(t34(), 1))).toEqual([4, 5, 6, 7]);
  });

  it("'...' and 'newaxis' / 'None'", () => {
    const t = reshape(range(24), [2, 3, 4]);
    const last = slice(t, '..., 0');
    expect(last.shape).toEqual([2, 3]);
    expect(values(last)).toEqual([0, 4, 8, 12, 16, 20]);
    expect(slice(t, 'newaxis').shape).toEqual([1, 2, 3, 4]);
    expect(slice(t, ':, None, :, newaxis').shape).toEqual([2, 1, 3, 1, 4]);
    const v = slice(tensor([1, 2, 3]), ':, newaxis');
    expect(v.arraySync()).toEqual([[1], [2], [3]]);
    expect(slice(t, '1, ..., 2').arraySync()).toEqual([14, 18, 22]);
  });

  it('matches NumPy on a table of specs over arange(24).reshape(2, 3, 4)', () => {
    // Expected values computed with NumPy 2.4: t[spec].
    const cases: Array<[string, number[], number[]]> = [
      [':, 1:', [2, 2, 4], [4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23]],
      ['1, :2', [2, 4], [12, 13, 14, 15, 16, 17, 18, 19]],
      ['..., -1', [2, 3], [3, 7, 11, 15, 19, 23]],
      ['::-1', [2, 3, 4], [12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
      [':, ::-2, 1::2', [2, 2, 2], [9, 11, 1, 3, 21, 23, 13, 15]],
      ['0, newaxis, 1:3', [1, 2, 4], [4, 5, 6, 7, 8, 9, 10, 11]],
      ['None, ..., None', [1, 2, 3, 4, 1], Array.from({ length: 24 }, (_, i) => i)],
      ['1:0', [0, 3, 4], []],
      ['-5:10', [2, 3, 4], Array.from({ length: 24 }, (_, i) => i)],
      [':, -2:, :-1', [2, 2, 3], [4, 5, 6, 8, 9, 10, 16, 17, 18, 20, 21, 22]],
      ['..., ::3', [2, 3, 2], [0, 3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 23]],
      ['1, 2, 3', [], [23]],
      ['-2, -3, -4', [], [0]],
      [':, :, ::-3', [2, 3, 2], [3, 0, 7, 4, 11, 8, 15, 12, 19, 16, 23, 20]],
      ['::-1, ::-1, ::-1', [2, 3, 4], Array.from({ length: 24 }, (_, i) => 23 - i)],
      ['', [2, 3, 4], Array.from({ length: 24 }, (_, i) => i)],
      ['..., 1, :', [2, 4], [4, 5, 6, 7, 16, 17, 18, 19]],
      ['0:2:5', [1, 3, 4], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
      [
        ':, 10:-10:-1',
        [2, 3, 4],
        [8, 9, 10, 11, 4, 5, 6, 7, 0, 1, 2, 3, 20, 21, 22, 23, 16, 17, 18, 19, 12, 13, 14, 15],
      ],
      [':, 2:0:-1, 3', [2, 2], [11, 7, 23, 19]],
      ['[1, :, 0]', [3], [12, 16, 20]],
    ];
    const t = reshape(range(24), [2, 3, 4]);
    for (const [spec, shape, want] of cases) {
      const r = slice(t, spec);
      expect(r.shape, spec).toEqual(shape);
      expect(values(r), spec).toEqual(want);
    }
  });

  it('matches NumPy for steps over arange(7) (with and without padding)', () => {
    const cases: Array<[string, number[]]> = [
      ['::2', [0, 2, 4, 6]],
      ['1::3', [1, 4]],
      ['::-2', [6, 4, 2, 0]],
      ['5:0:-2', [5, 3, 1]],
      ['-1:-8:-3', [6, 3, 0]],
      ['2:6:2', [2, 4]],
      ['::7', [0]],
      ['::-7', [6]],
      ['6:2', []],
      ['3:', [3, 4, 5, 6]],
      ['-3:-1', [4, 5]],
    ];
    const t = range(7);
    for (const [spec, want] of cases) expect(values(slice(t, spec)), spec).toEqual(want);
  });

  it('accepts an array spec of numbers, strings, newaxis, ellipsis, null and ranges', () => {
    const t = reshape(range(24), [2, 3, 4]);
    expect(values(slice(t, [1, '1:3', 0]))).toEqual([16, 20]);
    expect(slice(t, [newaxis, ellipsis, 0]).shape).toEqual([1, 2, 3]);
    expect(slice(t, [null, 0]).shape).toEqual([1, 3, 4]);
    expect(values(slice(t, [0, 0, { start: 3, stop: null, step: -2 }]))).toEqual([3, 1]);
    expect(values(slice(t, [-1, { step: 2 }, { stop: 1 }]))).toEqual([12, 20]);
    expect(values(slice(t, ['0, 1']))).toEqual([4, 5, 6, 7]);
  });

  it('works on float32 and bool tensors, including reversal', () => {
    expect(values(slice(tensor([0.5, 1.5, 2.5]), '::-1'))).toEqual([2.5, 1.5, 0.5]);
    const b = slice(tensor([true, false, false, true, true]), '::-2');
    expect(b.dtype).toBe('bool');
    expect(values(b)).toEqual([1, 0, 1]);
  });

  it('raises a ShapeError naming the dimension and size for an out-of-range index', () => {
    expect(() => slice(t34(), '3')).toThrow(ShapeError);
    expect(() => slice(t34(), '3')).toThrow(/index 3 is out of range for dimension 0 of size 3/);
    expect(() => slice(t34(), ':, -5')).toThrow(/index -5 is out of range for dimension 1 of size 4.*\[-4, 3\]/);
    expect(() => slice(t34(), '0, 0, 0')).toThrow(ShapeError);
    expect(() => slice(t34(), '0, 0, 0')).toThrow(/indexes 3 dimensions.*rank 2/);
  });

  it('raises a ValueError quoting the spec for bad syntax', () => {
    expect(() => slice(t34(), '1:2:3:4')).toThrow(ValueError);
    expect(() => slice(t34(), '1:2:3:4')).toThrow(/'1:2:3:4'/);
    expect(() => slice(t34(), 'a, :')).toThrow(/cannot parse 'a' \(item 0\) in spec 'a, :'/);
    expect(() => slice(t34(), '1.5')).toThrow(ValueError);
    expect(() => slice(t34(), '0,,1')).toThrow(/empty item/);
    expect(() => slice(t34(), '..., ...')).toThrow(/at most one/);
    expect(() => slice(t34(), '::0')).toThrow(/step is 0/);
    expect(() => slice(t34(), [0.5])).toThrow(ValueError);
    expect(() => slice(t34(), [[0, 1] as never])).toThrow(/gather/);
    expect(() => slice(t34(), [tensor([0]) as never])).toThrow(/is a tensor.*gather/);
    expect(() => slice(t34(), tensor([0]) as never)).toThrow(ValueError);
    expect(() => slice(t34(), [{ begin: 1 } as never])).toThrow(/unknown key\(s\) begin/);
  });

  it('is differentiable, with steps and reversal (gradient check)', () => {
    const x = tensor(
      Array.from({ length: 35 }, (_, i) => Math.sin(i)),
      [5, 7],
    );
    checkGradients((a) => slice(a, '::2, 1::3'), [x]);
    checkGradients((a) => slice(a, '-1:0:-2, ::-1'), [x]);
    checkGradients((a) => slice(a, '2, newaxis, ..., ::-3'), [x]);
    // The gradient scatters ones back to the selected positions.
    const g = grad((a: Tensor) => sum(slice(a, '::2, 1::3')))(x);
    const expected = Array.from({ length: 35 }, (_, i) => (Math.floor(i / 7) % 2 === 0 && (i % 7) % 3 === 1 ? 1 : 0));
    expect(values(g)).toEqual(expected);
  });

  it('leaks no tensors', () => {
    const t = t34();
    const before = memory().numTensors;
    dispose(slice(t, '::-2, 1::2'));
    dispose(slice(t, '..., newaxis, 0'));
    dispose(sliceRange(t, [1, 1], [2, -1]));
    expect(() => slice(t, '9')).toThrow();
    tidy(() => {
      slice([1, 2, 3], '::-1');
    });
    expect(memory().numTensors).toBe(before);
  });
});

describe('sliceRange', () => {
  it('takes size elements from begin, -1 meaning the rest', () => {
    const t = reshape(range(12), [3, 4]);
    expect(sliceRange(t, [1, 0], [2, -1]).arraySync()).toEqual([
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(sliceRange(t, [0, 2], [1, 2]).arraySync()).toEqual([[2, 3]]);
    expect(sliceRange(t, 2).arraySync()).toEqual([[8, 9, 10, 11]]);
    expect(sliceRange(range(5), [1], [3]).arraySync()).toEqual([1, 2, 3]);
  });

  it('rejects out-of-range begin and size with a ShapeError', () => {
    const t = reshape(range(12), [3, 4]);
    expect(() => sliceRange(t, [0, 5], [1, 1])).toThrow(/begin\[1\] is 5 but dimension 1 .* has size 4/);
    expect(() => sliceRange(t, [2, 0], [2, 1])).toThrow(ShapeError);
    expect(() => sliceRange(t, [0, 0, 0])).toThrow(/rank 2/);
  });

  it('is differentiable', () => {
    checkGradients((a) => sliceRange(a, [1, 0], [2, 2]), [tensor([1, 2, 3, 4, 5, 6], [3, 2])]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  bandPart,
  diag,
  diagPart,
  dispose,
  memory,
  ones,
  range,
  reshape,
  ShapeError,
  tensor,
  ValueError,
} from '../index.js';
import { values, wave } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('diagPart', () => {
  it('takes the main diagonal of square, wide, tall and batched matrices', () => {
    expect(values(diagPart(reshape(range(16), [4, 4])))).toEqual([0, 5, 10, 15]);
    expect(values(diagPart(reshape(range(6), [2, 3])))).toEqual([0, 4]);
    expect(values(diagPart(reshape(range(6), [3, 2])))).toEqual([0, 3]);
    const b = diagPart(reshape(range(12), [2, 2, 3]));
    expect(b.shape).toEqual([2, 2]);
    expect(b.arraySync()).toEqual([
      [0, 4],
      [6, 10],
    ]);
    expect(diagPart(reshape(range(0), [2, 0])).shape).toEqual([0]);
  });

  it('copies values exactly: Inf and NaN off the diagonal do not leak in', () => {
    expect(values(diagPart(tensor([1, Number.POSITIVE_INFINITY, Number.NaN, 2], [2, 2])))).toEqual([1, 2]);
  });

  it('rejects vectors', () => {
    expect(() => diagPart(tensor([1, 2]))).toThrow(ShapeError);
    expect(() => diagPart(tensor([1, 2]))).toThrow(/rank >= 2.*diag\(v\)/);
  });

  it('is differentiable (gradient check)', () => {
    checkGradients((x) => diagPart(x), [wave([3, 3], (i) => Math.cos(i + 0.5))]);
    checkGradients((x) => diagPart(x), [wave([2, 2, 3], (i) => Math.cos(i + 0.5))]);
    checkGradients((x) => diagPart(x), [wave([3, 2], (i) => Math.cos(i + 0.5))]);
  });
});

describe('diag', () => {
  it('builds a diagonal matrix from a vector, on the k-th diagonal', () => {
    expect(diag(tensor([1, 2, 3])).arraySync()).toEqual([
      [1, 0, 0],
      [0, 2, 0],
      [0, 0, 3],
    ]);
    expect(diag(tensor([1, 2]), 1).arraySync()).toEqual([
      [0, 1, 0],
      [0, 0, 2],
      [0, 0, 0],
    ]);
    expect(diag(tensor([1, 2]), -1).arraySync()).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 2, 0],
    ]);
    expect(diag(tensor([4], [1], 'int32')).dtype).toBe('int32');
  });

  it('takes the k-th diagonal of a matrix', () => {
    const m = reshape(range(12), [3, 4]);
    expect(values(diag(m))).toEqual([0, 5, 10]);
    expect(values(diag(m, 1))).toEqual([1, 6, 11]);
    expect(values(diag(m, 3))).toEqual([3]);
    expect(values(diag(m, -1))).toEqual([4, 9]);
    expect(diag(m, 5).shape).toEqual([0]);
  });

  it('rejects other ranks and non-integer k', () => {
    expect(() => diag(ones([2, 2, 2]))).toThrow(/diagPart/);
    expect(() => diag(tensor([1]), 0.5)).toThrow(ValueError);
  });

  it('is differentiable (gradient check)', () => {
    checkGradients((v) => diag(v, 1), [tensor([0.5, -1, 2])]);
  });
});

describe('bandPart', () => {
  const x = () =>
    tensor([
      [0, 1, 2, 3],
      [-1, 0, 1, 2],
      [-2, -1, 0, 1],
      [-3, -2, -1, 0],
    ]);

  it('keeps the band (TensorFlow values)', () => {
    expect(bandPart(x(), 1, -1).arraySync()).toEqual([
      [0, 1, 2, 3],
      [-1, 0, 1, 2],
      [0, -1, 0, 1],
      [0, 0, -1, 0],
    ]);
    expect(bandPart(x(), 2, 1).arraySync()).toEqual([
      [0, 1, 0, 0],
      [-1, 0, 1, 0],
      [-2, -1, 0, 1],
      [0, -2, -1, 0],
    ]);
    expect(bandPart(ones([3, 3]), 1, 0).arraySync()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [0, 1, 1],
    ]);
    expect(values(bandPart(x(), -1, -1))).toEqual(values(x()));
  });

  it('gives triangles and diagonals of batched, non-square and int32 matrices', () => {
    const m = reshape(range(1, 13), [2, 2, 3]);
    expect(bandPart(m, 0, -1).arraySync()).toEqual([
      [
        [1, 2, 3],
        [0, 5, 6],
      ],
      [
        [7, 8, 9],
        [0, 11, 12],
      ],
    ]);
    expect(bandPart(m, -1, 0).arraySync()).toEqual([
      [
        [1, 0, 0],
        [4, 5, 0],
      ],
      [
        [7, 0, 0],
        [10, 11, 0],
      ],
    ]);
    expect(bandPart(m, 0, 0).dtype).toBe('int32');
    expect(values(bandPart(tensor([true, true, true, true], [2, 2]), 0, 0))).toEqual([1, 0, 0, 1]);
  });

  it('rejects vectors and non-integer counts', () => {
    expect(() => bandPart(tensor([1, 2]), 0, 0)).toThrow(ShapeError);
    expect(() => bandPart(x(), 0.5, 0)).toThrow(/numLower is 0.5/);
  });

  it('is differentiable (gradient check)', () => {
    checkGradients((a) => bandPart(a, 1, 0), [wave([3, 4], (i) => Math.cos(i + 0.5))]);
    checkGradients((a) => bandPart(a, 0, -1), [wave([2, 3, 3], (i) => Math.cos(i + 0.5))]);
  });

  it('leaks no tensors', () => {
    const t = x();
    const before = memory().numTensors;
    dispose([bandPart(t, 1, 1), bandPart(t, -1, -1), diagPart(t), diag(t), diag([1, 2], -1)]);
    expect(() => bandPart([1, 2], 0, 0)).toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

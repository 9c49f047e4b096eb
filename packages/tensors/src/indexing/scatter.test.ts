import { describe, expect, it } from 'vitest';
import {
  DTypeError,
  dispose,
  grads,
  memory,
  range,
  reshape,
  ShapeError,
  scatterND,
  sum,
  type Tensor,
  tensor,
  tensorScatterUpdate,
} from '../index.js';
import { values } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('scatterND', () => {
  it('places updates into zeros, adding repeated indices', () => {
    expect(values(scatterND([[1], [3]], tensor([9, 10]), [5]))).toEqual([0, 9, 0, 10, 0]);
    expect(values(scatterND([[1], [1]], tensor([1, 2]), [3]))).toEqual([0, 3, 0]);
    expect(
      scatterND(
        [
          [0, 1],
          [1, 0],
        ],
        tensor([1, 2]),
        [2, 2],
      ).arraySync(),
    ).toEqual([
      [0, 1],
      [2, 0],
    ]);
    // Whole rows.
    expect(
      scatterND(
        [[0], [2]],
        tensor([
          [1, 2],
          [3, 4],
        ]),
        [3, 2],
      ).arraySync(),
    ).toEqual([
      [1, 2],
      [0, 0],
      [3, 4],
    ]);
    // A single index tuple (rank-1 indices) and int32 updates.
    const one = scatterND([1, 1], tensor([7], [], 'int32'), [2, 2]);
    expect(one.dtype).toBe('int32');
    expect(values(one)).toEqual([0, 0, 0, 7]);
  });

  it('checks the layout, dtype and range of indices', () => {
    expect(() => scatterND([[1], [3]], tensor([9]), [5])).toThrow(ShapeError);
    expect(() => scatterND([[1], [3]], tensor([9]), [5])).toThrow(/need updates of shape \[2\]/);
    expect(() => scatterND([[5]], tensor([9]), [5])).toThrow(/index tuple \[5\] is out of range for shape \[5\]/);
    expect(() => scatterND(tensor([[1]]), tensor([9]), [5])).toThrow(DTypeError);
    expect(() => scatterND([[1, 1, 1]], tensor([9]), [5, 5])).toThrow(/index depth/);
    expect(() => scatterND([[1]], tensor([9]), [-1])).toThrow(/non-negative/);
  });

  it('is differentiable with respect to updates (gradient check)', () => {
    checkGradients((u) => scatterND([[1], [3], [1]], u, [5]), [tensor([0.5, -1, 2])]);
    checkGradients((u) => scatterND([[0], [2]], u, [3, 2]), [tensor([1, 2, 3, 4], [2, 2])]);
  });

  it('leaks no tensors', () => {
    const u = tensor([1, 2]);
    const before = memory().numTensors;
    dispose(scatterND([[0], [1]], u, [3]));
    expect(() => scatterND([[0]], u, [3])).toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

describe('tensorScatterUpdate', () => {
  it('replaces entries and rows of a copy', () => {
    const t = tensor([1, 2, 3, 4]);
    expect(values(tensorScatterUpdate(t, [[0], [2]], [9, 8]))).toEqual([9, 2, 8, 4]);
    expect(values(t)).toEqual([1, 2, 3, 4]);
    const m = reshape(range(6), [3, 2]);
    const r = tensorScatterUpdate(m, [[1]], [[-1, -2]]);
    expect(r.dtype).toBe('int32');
    expect(r.arraySync()).toEqual([
      [0, 1],
      [-1, -2],
      [4, 5],
    ]);
  });

  it('requires updates of the same dtype', () => {
    expect(() => tensorScatterUpdate(range(3), [[0]], tensor([0.5]))).toThrow(DTypeError);
    expect(() => tensorScatterUpdate(range(3), [[0]], tensor([0.5]))).toThrow(/cast\(updates, 'int32'\)/);
  });

  it('is differentiable with respect to t and updates (gradient check)', () => {
    checkGradients((t, u) => tensorScatterUpdate(t, [[0], [2]], u), [tensor([1, 2, 3, 4]), tensor([0.5, -1])]);
  });

  it('leaks no tensors, also through its custom gradient', () => {
    const t = tensor([1, 2, 3, 4]);
    const u = tensor([0.5, -1]);
    const before = memory().numTensors;
    dispose(tensorScatterUpdate(t, [[0], [2]], u));
    dispose(grads((a: Tensor, b: Tensor) => sum(tensorScatterUpdate(a, [[0], [2]], b)))([t, u]));
    expect(memory().numTensors).toBe(before);
  });
});

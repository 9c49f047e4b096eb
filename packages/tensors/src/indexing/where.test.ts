import { describe, expect, it } from 'vitest';
import { DTypeError, dispose, less, memory, range, reshape, ShapeError, tensor, where } from '../index.js';
import { values } from '../test-utils.js';
import { checkGradients } from '../testing/index.js';

describe('where', () => {
  it('where(less(t, 0), 0, t) zeros the negatives', () => {
    const t = tensor([-2, 3, -1, 4]);
    const r = where(less(t, 0), 0, t);
    expect(r.dtype).toBe('float32');
    expect(values(r)).toEqual([0, 3, 0, 4]);
    const i = tensor([-2, 3], [2], 'int32');
    const ri = where(less(i, 0), 0, i);
    expect(ri.dtype).toBe('int32');
    expect(values(ri)).toEqual([0, 3]);
  });

  it('broadcasts condition, a and b together', () => {
    const c = tensor([[true], [false]]);
    const a = tensor([[1, 2, 3]]);
    const r = where(c, a, -1);
    expect(r.arraySync()).toEqual([
      [1, 2, 3],
      [-1, -1, -1],
    ]);
    expect(where(true, tensor([1, 2]), tensor([[5], [6]])).arraySync()).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('promotes branch dtypes as Keras (bool < int32 < float32) and selects bools', () => {
    const r = where([true, false], range(2), 0.5);
    expect(r.dtype).toBe('float32');
    expect(values(r)).toEqual([0, 0.5]);
    const b = where([true, false, false], tensor([true, true, false]), tensor([false, true, true]));
    expect(b.dtype).toBe('bool');
    expect(values(b)).toEqual([1, 1, 1]);
  });

  it('rejects a non-bool condition and shapes that do not broadcast', () => {
    expect(() => where(tensor([1, 0]), 1, 2)).toThrow(DTypeError);
    expect(() => where(tensor([1, 0]), 1, 2)).toThrow(/condition has dtype float32, expected bool/);
    expect(() => where([true, false], tensor([1, 2, 3]), 0)).toThrow(ShapeError);
    expect(() => where([true, false], tensor([1, 2, 3]), 0)).toThrow(/condition \[2\], a \[3\] and b \[\] cannot/);
    expect(() => where([true], tensor(['x']), 0)).toThrow(DTypeError);
  });

  it('is differentiable with respect to a and b, also when broadcast (gradient check)', () => {
    const c = less(tensor([-1, 2, -3, 4, 5, -6], [2, 3]), 0);
    checkGradients(
      (a, b) => where(c, a, b),
      [tensor([1, 2, 3, 4, 5, 6], [2, 3]), tensor([-1, -2, -3, -4, -5, -6], [2, 3])],
    );
    checkGradients((a, b) => where(c, a, b), [tensor([0.5, 1.5, 2.5], [1, 3]), tensor([-1, 1], [2, 1])]);
  });

  it('leaks no tensors', () => {
    const t = reshape(range(4), [2, 2]);
    const before = memory().numTensors;
    dispose(where([true, false], t, 0));
    expect(() => where([true, false, true], t, 0)).toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

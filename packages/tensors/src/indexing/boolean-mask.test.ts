import { describe, expect, it } from 'vitest';
import {
  booleanMask,
  booleanMaskSync,
  DTypeError,
  dispose,
  greater,
  memory,
  range,
  reshape,
  ShapeError,
  tensor,
} from '../index.js';
import { values } from '../test-utils.js';
import { checkGradients, expectNoLeaks } from '../testing/index.js';

describe('booleanMask', () => {
  it('keeps the entries where the mask is true', async () => {
    const r = await booleanMask(tensor([1, 2, 3, 4]), tensor([true, false, true, false]));
    expect(r.shape).toEqual([2]);
    expect(values(r)).toEqual([1, 3]);
    const t = tensor([5, -1, 7, -3]);
    expect(values(await booleanMask(t, greater(t, 0)))).toEqual([5, 7]);
  });

  it('keeps rows, or columns with axis 1', async () => {
    const x = reshape(range(6), [2, 3]);
    expect((await booleanMask(x, [false, true])).arraySync()).toEqual([[3, 4, 5]]);
    expect((await booleanMask(x, [true, false, true], 1)).arraySync()).toEqual([
      [0, 2],
      [3, 5],
    ]);
    expect((await booleanMask(x, [true, false, true], -1)).shape).toEqual([2, 2]);
  });

  it('collapses the dimensions of a multi-dimensional mask', async () => {
    const x = reshape(range(8), [2, 2, 2]);
    const r = await booleanMask(x, [
      [true, false],
      [false, true],
    ]);
    expect(r.arraySync()).toEqual([
      [0, 1],
      [6, 7],
    ]);
    const all = await booleanMask(reshape(range(6), [2, 3]), [
      [true, true, false],
      [false, true, true],
    ]);
    expect(values(all)).toEqual([0, 1, 4, 5]);
  });

  it('gives an empty result for an all-false mask', async () => {
    const r = await booleanMask(reshape(range(6), [3, 2]), [false, false, false]);
    expect(r.shape).toEqual([0, 2]);
  });

  it('booleanMaskSync gives the same values', () => {
    const x = reshape(range(6), [2, 3]);
    expect(booleanMaskSync(x, [true, false, true], 1).arraySync()).toEqual([
      [0, 2],
      [3, 5],
    ]);
    expect(values(booleanMaskSync(tensor([1, 2, 3]), tensor([true, false, true])))).toEqual([1, 3]);
  });

  it('rejects a non-bool mask and a mismatched shape', async () => {
    const x = reshape(range(6), [2, 3]);
    await expect(booleanMask(x, tensor([1, 0]))).rejects.toThrow(DTypeError);
    await expect(booleanMask(x, [true, false, true])).rejects.toThrow(ShapeError);
    expect(() => booleanMaskSync(x, [true, false, true])).toThrow(
      /mask \[3\] does not match x \[2,3\] at axis 0.*x\.shape\[0:1\] \(\[2\]\)/,
    );
    expect(() => booleanMaskSync(x, [true], 2)).toThrow(/axis 2 is out of range/);
  });

  it('is differentiable with respect to x (gradient check)', () => {
    checkGradients((a) => booleanMaskSync(a, [true, false, true], 1), [tensor([0.5, -1, 2, 3, 0.25, -2], [2, 3])]);
  });

  it('leaks no tensors, also for masks given as arrays and on errors', async () => {
    const x = reshape(range(6), [2, 3]);
    const before = memory().numTensors;
    dispose(await expectNoLeaks(() => booleanMask(x, [true, false])));
    dispose(await booleanMask(x, [true, false]));
    dispose(booleanMaskSync([1, 2, 3], [true, true, false]));
    await expect(booleanMask([1, 2], [1, 0])).rejects.toThrow();
    expect(memory().numTensors).toBe(before);
  });
});

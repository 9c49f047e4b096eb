import { describe, expect, it } from 'vitest';
import { DTypeError, dispose, memory, oneHot, tensor, ValueError } from '../index.js';
import { values } from '../test-utils.js';

describe('oneHot', () => {
  it('encodes class indices as float32 rows', () => {
    const r = oneHot([0, 2], 3);
    expect(r.dtype).toBe('float32');
    expect(r.arraySync()).toEqual([
      [1, 0, 0],
      [0, 0, 1],
    ]);
    const m = oneHot(tensor([[1], [0]], [2, 1], 'int32'), 2);
    expect(m.shape).toEqual([2, 1, 2]);
    expect(values(m)).toEqual([0, 1, 1, 0]);
  });

  it('gives offValue rows for out-of-range or negative indices', () => {
    expect(oneHot([-1, 3, 1], 3).arraySync()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 0],
    ]);
  });

  it('takes onValue, offValue and dtype', () => {
    expect(oneHot([1], 3, 5, -1).arraySync()).toEqual([[-1, 5, -1]]);
    expect(values(oneHot([1, -1], 3, 0.5, -0.25))).toEqual([-0.25, 0.5, -0.25, -0.25, -0.25, -0.25]);
    const i = oneHot([2], 3, 1, 0, 'int32');
    expect(i.dtype).toBe('int32');
    expect(values(i)).toEqual([0, 0, 1]);
    expect(values(oneHot([0], 2, 2.7, -1.5, 'int32'))).toEqual([2, -1]); // truncated, as a cast
  });

  it('rejects float indices and a bad depth', () => {
    expect(() => oneHot(tensor([0, 1]), 2)).toThrow(DTypeError);
    expect(() => oneHot([0.5], 2)).toThrow(DTypeError);
    expect(() => oneHot([0], 0)).toThrow(ValueError);
    expect(() => oneHot([0], 2, 1, 0, 'string' as never)).toThrow(ValueError);
  });

  it('leaks no tensors', () => {
    const before = memory().numTensors;
    dispose(oneHot([0, 1, 2], 3));
    expect(memory().numTensors).toBe(before);
  });
});

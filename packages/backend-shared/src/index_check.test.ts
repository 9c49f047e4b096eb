import { describe, expect, it } from 'vitest';
import { checkIndexTuples } from './index_check.js';

describe('checkIndexTuples', () => {
  it('accepts tuples inside the shape', () => {
    expect(() => checkIndexTuples([0, 2, 2, 0], 2, [3, 3])).not.toThrow();
    expect(() => checkIndexTuples(Int32Array.of(1, 0), 1, [2, 7])).not.toThrow();
    expect(() => checkIndexTuples([], 2, [3, 3])).not.toThrow();
  });
  it('rejects an entry past its own dimension even when the flat offset fits', () => {
    expect(() => checkIndexTuples([0, 1, 0, 5], 2, [3, 3])).toThrow('Invalid indices: 0,5 does not index into 3,3');
  });
  it('rejects negative entries', () => {
    expect(() => checkIndexTuples([-1], 1, [4])).toThrow('Invalid indices: -1 does not index into 4');
  });
});

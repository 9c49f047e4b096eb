import { describe, expect, it } from 'vitest';
import { dataStream, worstError } from './test_data.js';

describe('dataStream', () => {
  it('gives the linear-congruential values, and the same again after reseed', () => {
    const s = dataStream(1);
    // state 1 -> (1103515245 + 12345) & 0x7fffffff = 1103527590; then * 2 - 1 over 0x7fffffff
    const first = s.rand([1]);
    expect(first.shape).toEqual([1]);
    expect(first.dtype).toBe('float32');
    expect(first.data[0]).toBeCloseTo((2 * 1103527590) / 0x7fffffff - 1, 6);
    const next = s.rand([2, 2], 0, 10);
    expect(next.data).toHaveLength(4);
    for (const v of next.data) expect(v >= 0 && v < 10).toBe(true);
    s.reseed(1);
    expect(s.rand([1]).data[0]).toBe(first.data[0]);
    expect(dataStream(1).rand([1]).data[0]).toBe(first.data[0]);
  });
  it('wraps int32 values', () => {
    expect(dataStream(0).ints([2], [3, -4])).toEqual({ shape: [2], data: Int32Array.of(3, -4), dtype: 'int32' });
  });
});

describe('worstError', () => {
  it('finds the worst relative-or-absolute error', () => {
    expect(worstError([1, 2.5, 100], [1, 2, 101])).toEqual({ worst: 0.25, at: 1 });
    expect(worstError([1, 2, 0], [1, 2, 0])).toEqual({ worst: 0, at: -1 });
    expect(worstError([], [])).toEqual({ worst: 0, at: -1 });
  });
  it('counts NaN as the worst error unless nanEqual and both are NaN', () => {
    expect(worstError([1, Number.NaN], [1, Number.NaN])).toEqual({ worst: Number.NaN, at: 1 });
    expect(worstError([1, Number.NaN], [1, Number.NaN], true)).toEqual({ worst: 0, at: -1 });
    expect(worstError([1, Number.NaN], [1, 2], true)).toEqual({ worst: Number.NaN, at: 1 });
  });
});

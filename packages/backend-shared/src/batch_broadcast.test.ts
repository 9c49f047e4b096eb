import { describe, expect, it } from 'vitest';
import { batchBroadcast, batchTiling } from './batch_broadcast.js';

describe('batchBroadcast', () => {
  it('finds the broadcast batch shape and whether tfjs handles it', () => {
    expect(batchBroadcast([2, 1, 4, 5], [3, 5, 6])).toEqual({ outer: [2, 3], simple: false });
    expect(batchBroadcast([1, 4, 5], [3, 5, 6])).toEqual({ outer: [3], simple: true });
    expect(batchBroadcast([4, 5], [5, 6])).toEqual({ outer: [], simple: true });
    expect(batchBroadcast([2, 3, 4, 5], [2, 3, 5, 6])).toEqual({ outer: [2, 3], simple: true });
    expect(batchBroadcast([2, 1, 4, 5], [1, 3, 5, 6])).toEqual({ outer: [2, 3], simple: false });
  });
  it('rejects batch shapes that do not broadcast', () => {
    expect(() => batchBroadcast([2, 4, 5], [3, 5, 6])).toThrow();
  });
});

describe('batchTiling', () => {
  it('pads the batch dimensions with 1s and tiles the ones that differ', () => {
    expect(batchTiling([1, 4, 5], [2, 3])).toEqual({ padded: [1, 1, 4, 5], reps: [2, 3, 1, 1] });
    expect(batchTiling([2, 1, 4, 5], [2, 3])).toEqual({ padded: [2, 1, 4, 5], reps: [1, 3, 1, 1] });
    expect(batchTiling([4, 5], [2])).toEqual({ padded: [1, 4, 5], reps: [2, 1, 1] });
  });
  it('returns null when the batch dimensions already match', () => {
    expect(batchTiling([2, 3, 4, 5], [2, 3])).toBeNull();
    expect(batchTiling([4, 5], [])).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { segmentSumInto } from './segment_sum.js';

describe('segmentSumInto', () => {
  it('sums rows into their segments', () => {
    const out = new Float32Array(4);
    segmentSumInto(out, Float32Array.of(1, 2, 3, 4, 5, 6), Int32Array.of(1, 0, 1), 2, 2);
    expect(Array.from(out)).toEqual([3, 4, 6, 8]);
  });
  it('drops ids outside [0, numSegments) and adds to what is there', () => {
    const out = Int32Array.of(10, 20);
    segmentSumInto(out, Int32Array.of(1, 2, 3, 4), Int32Array.of(-1, 1, 2, 0), 2, 1);
    expect(Array.from(out)).toEqual([14, 22]);
  });
});

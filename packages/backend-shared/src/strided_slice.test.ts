import { describe, expect, it } from 'vitest';
import { stridedSliceShape } from './strided_slice.js';

const attrs = { beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 0 };

describe('stridedSliceShape', () => {
  it('gives the shape of a non-empty slice', () => {
    expect(stridedSliceShape([4, 5], { ...attrs, begin: [1, 0], end: [3, 5], strides: [1, 2] })).toEqual({
      shape: [2, 3],
      empty: false,
    });
  });
  it('marks a range with begin past end as empty', () => {
    expect(stridedSliceShape([4], { ...attrs, begin: [3], end: [1], strides: [1] })).toEqual({
      shape: [0],
      empty: true,
    });
    expect(stridedSliceShape([4, 2], { ...attrs, begin: [1, 0], end: [3, 2], strides: [-1, 1] })).toEqual({
      shape: [0, 2],
      empty: true,
    });
  });
  it('drops shrunk axes', () => {
    expect(
      stridedSliceShape([4, 5], { ...attrs, begin: [2, 0], end: [3, 5], strides: [1, 1], shrinkAxisMask: 1 }),
    ).toEqual({
      shape: [5],
      empty: false,
    });
  });
});

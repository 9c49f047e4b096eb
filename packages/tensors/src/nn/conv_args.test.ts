import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor, tidy, zeros } from '../index.js';
import { type ConvLayouts, convArgs } from './conv_args.js';

const LAYOUTS: ConvLayouts = ['[b, w, c]', '[b, c, w]', '[k, in, out]'];

describe('convArgs', () => {
  it('expands strides and dilations and reads the channels under the data format', () => {
    tidy(() => {
      const x = zeros([2, 5, 3]);
      const k = zeros([3, 3, 4]);
      expect(convArgs('op', 1, x, k, false, LAYOUTS, { strides: 2 })).toEqual({
        strides: [2],
        dilations: [1],
        channels: 3,
        format: 'channelsLast',
      });
      expect(convArgs('op', 1, x, k, true, LAYOUTS, { dilationRate: [3] })).toEqual({
        strides: [1],
        dilations: [3],
        channels: 5,
        format: 'channelsFirst',
      });
    });
  });

  it('names the op, the argument and the layout in its errors', () => {
    tidy(() => {
      const x = zeros([2, 5, 3]);
      const k = zeros([3, 3, 4]);
      const unbatched = zeros([5, 3]);
      expect(() => convArgs('op', 1, unbatched, k, true, LAYOUTS, {})).toThrow(ShapeError);
      expect(() => convArgs('op', 1, unbatched, k, true, LAYOUTS, {})).toThrow(
        'op: x must have rank 3 ([b, c, w]), got shape [5,3] of rank 2. Add a batch dimension with expandDims(x, 0).',
      );
      expect(() => convArgs('op', 1, x, zeros([3, 4]), false, LAYOUTS, {}, 'depthwiseKernel')).toThrow(
        'op: depthwiseKernel must have rank 3 ([k, in, out])',
      );
      const ints = tensor([[[1]]], undefined, 'int32');
      expect(() => convArgs('op', 1, ints, k, false, LAYOUTS, {})).toThrow(DTypeError);
      expect(() => convArgs('op', 1, x, k, false, LAYOUTS, { strides: 0 })).toThrow(ValueError);
      expect(() => convArgs('op', 1, x, k, false, LAYOUTS, { dilationRate: [1, 1] })).toThrow(
        'op: dilationRate must be an integer >= 1 or a list of 1 such integers, got [1,1].',
      );
    });
  });
});

import { describe, expect, it } from 'vitest';
import { scalar, tensor } from '../index.js';
import { expectAllClose, expectAlmostEqual, ValueMismatchError } from './index.js';

describe('Keras-style closeness assertions', () => {
  it('expectAllClose uses atol + rtol * |desired|', () => {
    expectAllClose(tensor([[1, 2]]), [[1, 2]]);
    expectAllClose(scalar(100.001), 100, 1e-6, 1e-5);
    expect(() => expectAllClose(scalar(100.01), 100, 1e-6, 1e-5)).toThrow(ValueMismatchError);
    expect(() => expectAllClose(tensor([1, 2]), [1])).toThrow(/expected 1 values, got 2/);
    expect(() => expectAllClose(scalar(Number.NaN), 0)).toThrow(/element 0/);
  });

  it('expectAlmostEqual follows NumPy: |a - b| < 1.5 * 10^-decimal', () => {
    expectAlmostEqual(scalar(0.1234), 0.1224);
    expect(() => expectAlmostEqual(scalar(0.1234), 0.1214)).toThrow(/to 3 decimals/);
    expectAlmostEqual(scalar(0.1234), 0.12, 1);
  });
});

import { describe, expect, it } from 'vitest';
import { formatTensor, range, reshape, scalar, tensor } from './index.js';

describe('printing', () => {
  it('prints like TensorFlow: values, shape and dtype', () => {
    expect(
      String(
        tensor([
          [1, 2],
          [3, 4],
        ]),
      ),
    ).toBe('Tensor(\n[[1. 2.]\n [3. 4.]], shape=[2,2], dtype=float32)');
    expect(String(tensor([1, 20], [2], 'int32'))).toBe('Tensor(\n[ 1 20], shape=[2], dtype=int32)');
    expect(String(scalar(0.5))).toBe('Tensor(0.5, shape=[], dtype=float32)');
    expect(String(tensor([true, false]))).toBe('Tensor(\n[ True False], shape=[2], dtype=bool)');
  });

  it('abbreviates large tensors', () => {
    const text = formatTensor(reshape(range(2000), [2, 1000]));
    expect(text).toContain('...');
    expect(text).toContain('1997 1998 1999');
    expect(text.length).toBeLessThan(200);
  });
});

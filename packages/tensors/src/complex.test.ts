import { describe, expect, it } from 'vitest';
import { add, complex, complexAbs, DTypeError, imag, mul, real, tensor } from './index.js';
import { values } from './test-utils.js';

describe('complex64', () => {
  it('builds, adds, multiplies and takes apart complex tensors', () => {
    const z = complex([1, 2], [3, -1]);
    expect(z.dtype).toBe('complex64');
    const w = mul(z, z); // (1+3i)^2 = -8+6i, (2-i)^2 = 3-4i
    expect(values(real(w))).toEqual([-8, 3]);
    expect(values(imag(w))).toEqual([6, -4]);
    expect(values(real(add(z, z)))).toEqual([2, 4]);
    expect(values(complexAbs(complex([3], [4])))).toEqual([5]);
  });

  it('real() of a float tensor is a DTypeError', () => {
    expect(() => real(tensor([1]))).toThrow(DTypeError);
  });
});

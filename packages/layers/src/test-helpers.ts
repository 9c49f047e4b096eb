import type { Tensor } from '@layerwise/tensors';
import { expect } from 'vitest';

/** Asserts a tensor's values (flattened) are within `tol` of `expected`, then disposes it. */
export function expectValues(t: Tensor, expected: number[], tol = 1e-4): void {
  const got = Array.from(t.dataSync());
  t.dispose();
  expect(got.length).toBe(expected.length);
  got.forEach((v, i) => {
    expect(Math.abs(v - expected[i]), `element ${i}: got ${v}, expected ${expected[i]}`).toBeLessThanOrEqual(tol);
  });
}

/** Reads a tensor's values and disposes it. */
export function read(t: Tensor): number[] {
  const v = Array.from(t.dataSync());
  t.dispose();
  return v;
}

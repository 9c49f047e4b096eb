// Assertions with Keras's test tolerances (keras/src/testing/test_case.py):
// assertAlmostEqual(decimal=3) is numpy's |actual - desired| < 1.5 * 10^-decimal;
// assertAllClose is |actual - desired| <= atol + rtol * |desired| with atol = rtol = 1e-6.
import type { Tensor } from '@layerwise/tensors';
import { expect } from 'vitest';

type Nested = number | Nested[];

function flat(x: Nested): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

function read(t: Tensor): number[] {
  return Array.from(t.dataSync() as Float32Array);
}

/** Keras's `assertAlmostEqual(actual, desired, decimal)`. Shapes must agree when `desired` is an array. */
export function expectAlmostEqual(t: Tensor, desired: Nested, decimal = 3): void {
  const want = flat(desired);
  const got = read(t);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const ok = Math.abs(g - want[i]) < 1.5 * 10 ** -decimal;
    expect(ok, `element ${i}: got ${g}, expected ${want[i]} to ${decimal} decimals`).toBe(true);
  });
}

/** Keras's `assertAllClose(actual, desired, atol, rtol)` (defaults 1e-6). */
export function expectAllClose(t: Tensor, desired: Nested, atol = 1e-6, rtol = 1e-6): void {
  const want = flat(desired);
  const got = read(t);
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    const ok = Math.abs(g - want[i]) <= atol + rtol * Math.abs(want[i]);
    expect(ok, `element ${i}: got ${g}, expected ${want[i]} (atol ${atol}, rtol ${rtol})`).toBe(true);
  });
}

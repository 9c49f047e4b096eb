// Test helpers (excluded from the build).
import type { Tensor } from '@layerwise/tensors';
import { expect } from 'vitest';

/** The values of a tensor as a flat number array. */
export async function values(t: Tensor): Promise<number[]> {
  return Array.from(await t.data()) as number[];
}

/**
 * numpy's `allclose` (what Keras's `assertAllClose` uses): every
 * |actual - expected| <= atol + rtol * |expected|.
 */
export async function expectAllClose(
  actual: Tensor | number[] | number,
  expected: number[] | number,
  { rtol = 1e-6, atol = 1e-6 }: { rtol?: number; atol?: number } = {},
): Promise<void> {
  const a = typeof actual === 'number' ? [actual] : Array.isArray(actual) ? actual : await values(actual);
  const e = typeof expected === 'number' ? a.map(() => expected) : expected;
  expect(a.length, 'number of elements').toBe(e.length);
  const bad = a
    .map((x, i) => ({ i, x, want: e[i], tol: atol + rtol * Math.abs(e[i]) }))
    .filter(({ x, want, tol }) => !(Math.abs(x - want) <= tol));
  if (bad.length > 0) {
    const first = bad
      .slice(0, 5)
      .map(({ i, x, want, tol }) => `[${i}] ${x} vs ${want} (|diff| ${Math.abs(x - want)} > ${tol})`)
      .join('; ');
    expect.fail(`not close (rtol ${rtol}, atol ${atol}): ${bad.length} of ${a.length} elements differ: ${first}`);
  }
}

/**
 * Helpers shared by the test files of this package: reading tensors back and
 * comparing them to reference values. Test-only: excluded from the build
 * (tsconfig.build.json), never exported.
 */
import { expect } from 'vitest';
import { type Tensor, tfc } from './tfjs.js';

/** The entries of a tensor (or Variable), row-major, as a flat array of numbers. */
export function values(t: { dataSync(): ArrayLike<number> }): number[] {
  return Array.from(t.dataSync());
}

/** The entries of a tensor as nested arrays (`arraySync`). */
export function nested(t: { arraySync(): unknown }): unknown {
  return t.arraySync();
}

/**
 * Asserts that every entry of `t` is within `tol` of `expected` (a number, or
 * numbers nested in arrays, compared flattened in row-major order) and that
 * there are as many entries as expected; with `shape`, also that `t` has that
 * shape. NaN never passes.
 */
export function expectClose(
  t: { shape: readonly number[]; dataSync(): ArrayLike<number> },
  expected: unknown,
  tol = 1e-5,
  shape?: readonly number[],
): void {
  if (shape) expect(t.shape).toEqual(shape);
  const want = [expected].flat(Number.POSITIVE_INFINITY) as number[];
  const got = values(t);
  expect(got).toHaveLength(want.length);
  got.forEach((g, i) => {
    if (!(Math.abs(g - want[i]) <= tol)) {
      throw new Error(`entry ${i}: got ${g}, expected ${want[i]} (tolerance ${tol}); all: [${got}]`);
    }
  });
}

/** A float32 tensor of `shape` whose entry `i` (row-major) is `at(i)`: smooth, distinct test inputs. */
export function wave(shape: readonly number[], at: (i: number) => number): Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tfc.tensor(
    Array.from({ length: size }, (_, i) => at(i)),
    [...shape],
  );
}

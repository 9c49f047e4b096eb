import { LayerwiseError } from '../errors.js';
import type { Tensor } from '../tfjs.js';

/** Thrown by {@link expectAllClose} and {@link expectAlmostEqual} when values differ. */
export class ValueMismatchError extends LayerwiseError {}

/** Numbers, or numbers nested in arrays (compared flattened, row-major). */
export type NestedNumbers = number | NestedNumbers[];

function flat(x: NestedNumbers): number[] {
  return Array.isArray(x) ? x.flatMap(flat) : [x];
}

function compare(t: Tensor, desired: NestedNumbers, ok: (got: number, want: number) => boolean, what: string): void {
  const want = flat(desired);
  const got = Array.from(t.dataSync() as Float32Array);
  if (got.length !== want.length) {
    throw new ValueMismatchError(`expected ${want.length} values, got ${got.length} (shape [${t.shape.join(',')}]).`);
  }
  got.forEach((g, i) => {
    if (!ok(g, want[i])) throw new ValueMismatchError(`element ${i}: got ${g}, expected ${want[i]} ${what}.`);
  });
}

/**
 * Keras's `assertAllClose(actual, desired, atol, rtol)` (keras/src/testing/test_case.py):
 * every `|actual - desired| <= atol + rtol * |desired|`, defaults 1e-6. Works in any
 * test runner: it throws a {@link ValueMismatchError}. NaN never passes.
 *
 * @example
 * ```ts
 * expectAllClose(mean(tensor([1, 2])), 1.5);
 * ```
 */
export function expectAllClose(t: Tensor, desired: NestedNumbers, atol = 1e-6, rtol = 1e-6): void {
  compare(t, desired, (g, w) => Math.abs(g - w) <= atol + rtol * Math.abs(w), `(atol ${atol}, rtol ${rtol})`);
}

/**
 * Keras's `assertAlmostEqual(actual, desired, decimal)`: NumPy's
 * `|actual - desired| < 1.5 * 10^-decimal`, default 3 decimals.
 *
 * @example
 * ```ts
 * expectAlmostEqual(scalar(0.12345), 0.123);
 * ```
 */
export function expectAlmostEqual(t: Tensor, desired: NestedNumbers, decimal = 3): void {
  compare(t, desired, (g, w) => Math.abs(g - w) < 1.5 * 10 ** -decimal, `to ${decimal} decimals`);
}

/**
 * Test helpers for code that uses Layerwise tensors.
 *
 * @example
 * ```ts
 * import { expectNoLeaks } from '@layerwise/tensors/testing';
 * await expectNoLeaks(() => model.trainOnBatch(x, y)); // throws if tensors leak
 * ```
 * @packageDocumentation
 */
import { LayerwiseError } from '../errors.js';
import { memory } from '../memory.js';
import type { Tensor } from '../tfjs.js';

/** Thrown by {@link expectNoLeaks} when the code under test leaves tensors behind. */
export class TensorLeakError extends LayerwiseError {}

function countReturned(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'object' && 'dataId' in (value as object) && 'shape' in (value as object)) return 1;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countReturned(v), 0);
  if (typeof value === 'object')
    return Object.values(value as object).reduce((n: number, v) => n + countReturned(v), 0);
  return 0;
}

/**
 * Runs `fn` (sync or async) and throws a {@link TensorLeakError} if, once it
 * finishes, more tensors are alive than before, not counting the tensors it
 * returns (a tensor, or arrays and objects of them) and `allowed` extra ones.
 * The returned tensors are the caller's to dispose.
 */
export async function expectNoLeaks<T>(fn: () => T | Promise<T>, allowed = 0): Promise<T> {
  const before = memory().numTensors;
  const result = await fn();
  const after = memory().numTensors;
  const returned = countReturned(result);
  const leaked = after - before - returned - allowed;
  if (leaked > 0) {
    throw new TensorLeakError(
      `expectNoLeaks: ${leaked} tensor(s) leaked (live tensors went from ${before} to ${after}, ` +
        `${returned} returned${allowed ? `, ${allowed} allowed` : ''}). Expected no growth: dispose intermediates or wrap the work in tidy().`,
    );
  }
  return result;
}

/**
 * Runs `step` `repeats` times and throws a {@link TensorLeakError} unless the
 * live tensor count after the last run equals the count after the first:
 * the check for training loops, whose first step may create state once.
 */
export async function expectStableTensorCount(step: () => unknown, repeats = 5): Promise<void> {
  const dispose = (v: unknown) => {
    if (v && typeof v === 'object' && 'dispose' in (v as object) && 'dataId' in (v as object)) (v as Tensor).dispose();
  };
  dispose(await step());
  const first = memory().numTensors;
  for (let i = 1; i < repeats; i++) dispose(await step());
  const last = memory().numTensors;
  if (last !== first) {
    throw new TensorLeakError(
      `expectStableTensorCount: live tensors went from ${first} after the first step to ${last} after ${repeats} steps ` +
        `(${(last - first) / (repeats - 1)} per step). Expected a stable count.`,
    );
  }
}

export { expectAllClose, expectAlmostEqual, type NestedNumbers, ValueMismatchError } from './close.js';
export { checkGradients, GradientCheckError, type GradientCheckOptions } from './gradcheck.js';

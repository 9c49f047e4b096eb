/**
 * Shared test harness (not part of the build): runs one kernel on this
 * package's cpu backend, compares results with direct loops or hand values,
 * and checks that repeated calls leave no tensor behind.
 */
import './index.js';
import { type Data, dataStream, worstError } from '@layerwise/backend-shared';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Relative/absolute tolerance of every comparison: |a - e| <= TOL * max(1, |e|). */
export const TOL = 1e-5;

export type { Data };

/** Deterministic uniform float32 data in [lo, hi), and int32 data. */
export const { rand, ints } = dataStream(12345);

/** Activates the cpu backend. */
export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

/** Runs a kernel; returns the (first) output's shape, dtype and values. */
export function run(
  kernel: string,
  inputs: Record<string, Data>,
  attrs: Record<string, unknown> = {},
): { shape: number[]; dtype: string; values: Float32Array } {
  return tf.tidy(() => {
    const ins: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ins[k] = tf.tensor(v.data, v.shape, v.dtype);
    const out = tf.engine().runKernel(kernel, ins, attrs as never) as tf.Tensor | tf.Tensor[];
    const t = Array.isArray(out) ? out[0] : out;
    return { shape: t.shape, dtype: t.dtype, values: Float32Array.from(t.dataSync()) };
  });
}

/** Asserts `actual` equals `expected` element by element within {@link TOL}. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  const { worst, at } = worstError(actual, expected);
  expect(worst, `${what} worst error at ${at}: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(TOL);
}

/**
 * Calls `f` (which runs kernels and disposes what it returns) several times
 * and asserts that neither the engine's tensor count nor the backend's data
 * count grows.
 */
export async function expectNoLeak(f: () => void, times = 3): Promise<void> {
  await useCpu();
  f();
  const backend = tf.backend();
  const tensors = tf.memory().numTensors;
  const ids = backend.numDataIds();
  for (let i = 0; i < times; i++) f();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend.numDataIds()).toBe(ids);
}

/** Runs a kernel with fresh inputs and disposes everything (for {@link expectNoLeak}). */
export function runAndDispose(kernel: string, inputs: Record<string, Data>, attrs: Record<string, unknown> = {}): void {
  const ins: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ins[k] = tf.tensor(v.data, v.shape, v.dtype);
  tf.dispose(tf.engine().runKernel(kernel, ins, attrs as never) as tf.Tensor | tf.Tensor[]);
  tf.dispose(Object.values(ins));
}

export { tf };

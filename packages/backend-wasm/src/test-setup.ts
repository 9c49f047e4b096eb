/**
 * Shared test harness (not part of the build): runs one kernel on the cpu and
 * the wasm backend with the same inputs, compares results, and checks that
 * repeated calls leave no tensor behind.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import './index.js';
import { type Data, dataStream, worstError } from '@layerwise/backend-shared';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** Relative/absolute tolerance of every comparison: |a - e| <= TOL * max(1, |e|). */
export const TOL = 1e-4;

export type { Data };

/** Deterministic uniform float32 data in [lo, hi), int32 data, and a restart of the stream. */
export const { rand, ints, reseed } = dataStream(12345);

/** Switches to a backend and waits for it. */
export async function use(name: 'cpu' | 'wasm'): Promise<void> {
  await tf.setBackend(name);
  await tf.ready();
}

/** Runs a kernel on the active backend; returns the (first) output's shape and values. */
export function run(
  kernel: string,
  inputs: Record<string, Data>,
  attrs: Record<string, unknown> = {},
): { shape: number[]; values: Float32Array } {
  return tf.tidy(() => {
    const ins: Record<string, tf.Tensor> = {};
    for (const [k, v] of Object.entries(inputs)) ins[k] = tf.tensor(v.data, v.shape, v.dtype);
    const out = tf.engine().runKernel(kernel, ins, attrs as never) as tf.Tensor | tf.Tensor[];
    const t = Array.isArray(out) ? out[0] : out;
    return { shape: t.shape, values: Float32Array.from(t.dataSync()) };
  });
}

/** Runs a kernel on cpu and on wasm. */
export async function both(
  kernel: string,
  inputs: Record<string, Data>,
  attrs: Record<string, unknown> = {},
): Promise<{ cpu: { shape: number[]; values: Float32Array }; wasm: { shape: number[]; values: Float32Array } }> {
  await use('cpu');
  const cpu = run(kernel, inputs, attrs);
  await use('wasm');
  const wasm = run(kernel, inputs, attrs);
  return { cpu, wasm };
}

/** Asserts `actual` equals `expected` element by element within {@link TOL}. */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what = ''): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  const { worst, at } = worstError(actual, expected, true);
  expect(worst, `${what} worst error at ${at}: ${actual[at]} vs ${expected[at]}`).toBeLessThanOrEqual(TOL);
}

/** Runs a kernel on both backends and asserts equal shapes and values within {@link TOL}. */
export async function expectSameAsCpu(
  kernel: string,
  inputs: Record<string, Data>,
  attrs: Record<string, unknown> = {},
): Promise<void> {
  const r = await both(kernel, inputs, attrs);
  expect(r.wasm.shape).toEqual(r.cpu.shape);
  expectClose(r.wasm.values, r.cpu.values, kernel);
}

/**
 * Calls `f` (which runs kernels on wasm and disposes what it returns) several
 * times and asserts that neither the engine's tensor count nor the wasm
 * backend's data count grows.
 */
export async function expectNoLeak(f: () => void, times = 3): Promise<void> {
  await use('wasm');
  f(); // warm-up: first calls may set up kernels
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const tensors = tf.memory().numTensors;
  const ids = backend.numDataIds();
  for (let i = 0; i < times; i++) f();
  expect(tf.memory().numTensors).toBe(tensors);
  expect(backend.numDataIds()).toBe(ids);
}

/** Runs a kernel on wasm with fresh inputs and disposes everything (for {@link expectNoLeak}). */
export function runAndDispose(kernel: string, inputs: Record<string, Data>, attrs: Record<string, unknown> = {}): void {
  const ins: Record<string, tf.Tensor> = {};
  for (const [k, v] of Object.entries(inputs)) ins[k] = tf.tensor(v.data, v.shape, v.dtype);
  const out = tf.engine().runKernel(kernel, ins, attrs as never) as tf.Tensor | tf.Tensor[];
  tf.dispose(out);
  tf.dispose(Object.values(ins));
}

/**
 * The geometry of a channels-last convolution, for the direct-loop references
 * that check what the cpu backend does not compute (dilated gradients).
 */
export interface RefGeom {
  n: number;
  inShape: number[]; // [D, H, W]
  outShape: number[]; // [D, H, W]
  k: number[]; // [kD, kH, kW]
  s: number[];
  d: number[];
  pad: number[]; // [front, top, left]
  ci: number;
  co: number;
}

/** Visits every (output pixel, tap) pair inside the input: `f(xPixel, yPixel, tap)` as flat pixel indices. */
function forEachPair(g: RefGeom, f: (xp: number, yp: number, tap: number) => void): void {
  const [ID, IH, IW] = g.inShape;
  const [OD, OH, OW] = g.outShape;
  const [kD, kH, kW] = g.k;
  for (let n = 0; n < g.n; n++)
    for (let od = 0; od < OD; od++)
      for (let oh = 0; oh < OH; oh++)
        for (let ow = 0; ow < OW; ow++)
          for (let a = 0; a < kD; a++)
            for (let b = 0; b < kH; b++)
              for (let c = 0; c < kW; c++) {
                const id = od * g.s[0] - g.pad[0] + a * g.d[0];
                const ih = oh * g.s[1] - g.pad[1] + b * g.d[1];
                const iw = ow * g.s[2] - g.pad[2] + c * g.d[2];
                if (id < 0 || id >= ID || ih < 0 || ih >= IH || iw < 0 || iw >= IW) continue;
                f(((n * ID + id) * IH + ih) * IW + iw, ((n * OD + od) * OH + oh) * OW + ow, (a * kH + b) * kW + c);
              }
}

/** Direct-loop filter gradient `[taps, ci, co]` of a channels-last convolution. */
export function refConvFilterGrad(g: RefGeom, x: Float32Array, dy: Float32Array): Float64Array {
  const out = new Float64Array(g.k[0] * g.k[1] * g.k[2] * g.ci * g.co);
  forEachPair(g, (xp, yp, tap) => {
    for (let i = 0; i < g.ci; i++)
      for (let o = 0; o < g.co; o++) out[(tap * g.ci + i) * g.co + o] += x[xp * g.ci + i] * dy[yp * g.co + o];
  });
  return out;
}

/** Direct-loop input gradient of a channels-last convolution (filter `[taps, ci, co]`). */
export function refConvInputGrad(g: RefGeom, dy: Float32Array, w: Float32Array): Float64Array {
  const out = new Float64Array(g.n * g.inShape[0] * g.inShape[1] * g.inShape[2] * g.ci);
  forEachPair(g, (xp, yp, tap) => {
    for (let i = 0; i < g.ci; i++)
      for (let o = 0; o < g.co; o++) out[xp * g.ci + i] += dy[yp * g.co + o] * w[(tap * g.ci + i) * g.co + o];
  });
  return out;
}

export { tf };

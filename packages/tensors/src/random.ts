/**
 * Seeded random numbers. Every function takes an optional `seed`; without one
 * it draws the next seed from a global generator that {@link setSeed} resets.
 * Values are generated in JavaScript from the seed and then uploaded, so the
 * same seed gives the same numbers on every backend.
 */
import { type TensorInput, toTensor } from './check.js';
import { type DType, nativeDType } from './dtypes.js';
import { ValueError } from './errors.js';
import { type Tensor, tfc } from './tfjs.js';

let state = (Math.random() * 2 ** 32) >>> 0;

/** Resets the global generator: the calls that follow without a seed repeat exactly. */
export function setSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new ValueError(`setSeed: expected a finite number, got ${seed}.`);
  state = Math.trunc(seed) >>> 0;
}

/** The next 32-bit seed from the global generator (splitmix32). */
export function nextSeed(): number {
  state = (state + 0x9e3779b9) >>> 0;
  let z = state;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/** A seeded generator of uniform floats in [0, 1) (mulberry32). */
export function uniformGenerator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function seedOf(seed: number | undefined): number {
  return seed ?? nextSeed();
}

/** Normal samples. @example `randomNormal([2, 3], 0, 1, 'float32', 42)` */
export function randomNormal(shape: number[], mean = 0, stddev = 1, dtype: DType = 'float32', seed?: number): Tensor {
  return tfc.randomNormal(shape, mean, stddev, nativeDType(dtype, 'randomNormal') as 'float32', seedOf(seed));
}

/** Uniform samples in [minval, maxval). */
export function randomUniform(
  shape: number[],
  minval = 0,
  maxval = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  return tfc.randomUniform(shape, minval, maxval, nativeDType(dtype, 'randomUniform'), seedOf(seed));
}

/** Normal samples, redrawn when more than two standard deviations from the mean. */
export function truncatedNormal(
  shape: number[],
  mean = 0,
  stddev = 1,
  dtype: DType = 'float32',
  seed?: number,
): Tensor {
  return tfc.truncatedNormal(shape, mean, stddev, nativeDType(dtype, 'truncatedNormal') as 'float32', seedOf(seed));
}

/** Uniform integers in [minval, maxval). @example `randomInt([5], 0, 10, 7)` */
export function randomInt(shape: number[], minval: number, maxval: number, seed?: number): Tensor {
  if (!Number.isInteger(minval) || !Number.isInteger(maxval) || maxval <= minval) {
    throw new ValueError(`randomInt: expected integers with minval < maxval, got [${minval}, ${maxval}).`);
  }
  const next = uniformGenerator(seedOf(seed));
  const n = shape.reduce((a, b) => a * b, 1);
  const values = new Int32Array(n);
  for (let i = 0; i < n; i++) values[i] = minval + Math.floor(next() * (maxval - minval));
  return tfc.tensor(values, shape, 'int32');
}

/** A random permutation of the first axis of `x` (a new tensor; `x` is untouched). */
export function shuffle(x: TensorInput, seed?: number): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(x, 'x', 'shuffle');
    const n = t.rank === 0 ? 1 : t.shape[0];
    const next = uniformGenerator(seedOf(seed));
    const order = Int32Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return t.rank === 0 ? tfc.clone(t) : tfc.gather(t, tfc.tensor1d(order, 'int32'));
  });
}

/**
 * Draws `numSamples` class indices per row of `logits` (`[batch, classes]` or
 * `[classes]`), or of probabilities when `normalized` is true.
 */
export function multinomial(logits: TensorInput, numSamples: number, seed?: number, normalized = false): Tensor {
  return tfc.tidy(() => {
    const t = toTensor(logits, 'logits', 'multinomial');
    const l2 = t.rank === 1 ? tfc.expandDims(t, 0) : t;
    const [batch, classes] = l2.shape;
    const probs = normalized ? tfc.div(l2, tfc.sum(l2, 1, true)) : tfc.softmax(l2);
    const cdf = tfc.cumsum(probs, 1);
    const next = uniformGenerator(seedOf(seed));
    const u = new Float32Array(batch * numSamples);
    for (let i = 0; i < u.length; i++) u[i] = next();
    const draws = tfc.tensor3d(u, [batch, numSamples, 1]);
    // Index = number of cdf entries strictly below the draw (capped at classes - 1 for rounding).
    const below = tfc.sum(tfc.cast(tfc.less(tfc.expandDims(cdf, 1), draws), 'int32'), 2);
    const idx = tfc.minimum(below, classes - 1);
    return t.rank === 1 ? tfc.squeeze(idx, [0]) : idx;
  });
}

// The crossentropies, MSE and the reductions are single tape nodes with closed-form gradients (customGrad).
// These tests hold them to the formulation they replaced, kept below verbatim as a reference whose gradients
// come from autodiff through every op: values and gradients on random inputs (probabilities near and beyond
// the clip bounds, out-of-range and ignored labels, axis != -1, sample weights, every reduction), finite
// differences, the kernel count of a training step, and no leaked tensors.
import { createRequire } from 'node:module';
import { type Reduction, ShapeError } from '@layerwise/core';
import {
  abs,
  add,
  cast,
  clipByValue,
  dispose,
  div,
  divNoNan,
  exp,
  GradientTape,
  greaterEqual,
  less,
  log,
  log1p,
  logicalOr,
  logSoftmax,
  maximum,
  mean,
  mul,
  neg,
  notEqual,
  oneHot,
  reshape,
  scalar,
  shapeString,
  square,
  squeeze,
  sub,
  sum,
  type Tensor,
  type TensorInput,
  tensor,
  tidy,
  transpose,
  valueAndGrads,
  where,
} from '@layerwise/tensors';
import { checkGradients, expectNoLeaks, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { BinaryCrossentropy, type BinaryCrossentropyOptions } from './binary-crossentropy.js';
import { CategoricalCrossentropy, type CategoricalCrossentropyOptions } from './categorical-crossentropy.js';
import type { Loss, LossValues } from './loss.js';
import { MeanSquaredError } from './mean-squared-error.js';
import {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
  sparseCategoricalCrossentropy as sparseFn,
} from './sparse-categorical-crossentropy.js';
import { asFloat, checkSameShape, EPSILON, normalizeLossAxis, squeezeOrExpandToSameRank } from './utils.js';

// ---------------------------------------------------------------------------------------------------------
// Reference: the previous formulation, op for op (gradients by autodiff through every op).
// ---------------------------------------------------------------------------------------------------------

function refAlignSampleWeight(values: Tensor, sampleWeight: Tensor): [Tensor, Tensor] {
  const [v, w] = squeezeOrExpandToSameRank(values, sampleWeight);
  if (w.rank === 0) return [v, w];
  const target = v.shape;
  const fits = (shape: number[]) => shape.every((d, i) => d === target[i] || d === 1);
  if (w.rank <= v.rank) {
    const leading = [...w.shape, ...new Array<number>(v.rank - w.rank).fill(1)];
    if (fits(leading)) return [v, w.rank === v.rank ? w : reshape(w, leading)];
    const trailing = [...new Array<number>(v.rank - w.rank).fill(1), ...w.shape];
    if (fits(trailing)) return [v, w];
  }
  throw new ShapeError(`reference: sampleWeight ${shapeString(sampleWeight.shape)} vs ${shapeString(values.shape)}`);
}

function refApplyMask(sampleWeight: Tensor | undefined, mask: Tensor, reduction: Reduction): Tensor {
  let floatMask: Tensor;
  if (reduction === 'mean' || reduction === 'sum_over_batch_size') {
    const total = scalar(mask.size);
    const valid = sum(cast(mask, 'float32'));
    floatMask = where(cast(mask, 'bool'), divNoNan(total, valid), 0);
  } else {
    floatMask = cast(mask, 'float32');
  }
  if (sampleWeight === undefined) return floatMask;
  const [m, w] = refAlignSampleWeight(floatMask, sampleWeight);
  return mul(w, m);
}

function refReduce(values: Tensor, sampleWeight: TensorInput | undefined, mask: Tensor | undefined, r: Reduction) {
  let v = asFloat(values);
  let w = sampleWeight === undefined ? undefined : asFloat(sampleWeight);
  if (mask !== undefined) w = refApplyMask(w, mask, r);
  if (w !== undefined) {
    [v, w] = refAlignSampleWeight(v, w);
    v = mul(v, w);
  }
  if (r === 'none' || v.rank === 0 || (v.rank === 1 && v.shape[0] === 0)) return v;
  const total = sum(v);
  if (r === 'sum') return total;
  return divNoNan(total, scalar(v.size));
}

function refSparse(yTrue: Tensor, yPred: Tensor, options: SparseCategoricalCrossentropyOptions): LossValues {
  const { fromLogits = false, ignoreClass = null, axis = -1 } = options;
  let p = asFloat(yPred);
  let t = asFloat(yTrue);
  const a = normalizeLossAxis('reference', axis, p.rank);
  if (t.rank === p.rank && t.shape[a] === 1) t = squeeze(t, a);
  if (a !== p.rank - 1) {
    const perm = [...Array(p.rank).keys()].filter((i) => i !== a);
    p = transpose(p, [...perm, a]);
  }
  const numClasses = p.shape[p.rank - 1];
  let labels = cast(t, 'int32');
  let valid: Tensor | undefined;
  if (ignoreClass !== null) {
    valid = notEqual(t, ignoreClass);
    labels = where(valid, labels, 0);
  }
  const logProbs = fromLogits ? logSoftmax(p, -1) : log(clipByValue(div(p, sum(p, -1, true)), EPSILON, 1 - EPSILON));
  let values = neg(sum(mul(oneHot(labels, numClasses), logProbs), -1));
  values = add(values, where(logicalOr(less(labels, 0), greaterEqual(labels, numClasses)), Number.NaN, 0));
  if (valid === undefined) return { values };
  return { values: where(valid, values, 0), mask: valid };
}

function refCategorical(yTrue: Tensor, yPred: Tensor, options: CategoricalCrossentropyOptions): LossValues {
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  checkSameShape('reference', t, p);
  const a = normalizeLossAxis('reference', axis, p.rank);
  if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), labelSmoothing / p.shape[a]);
  if (fromLogits) return { values: neg(sum(mul(t, logSoftmax(p, a)), a)) };
  p = clipByValue(div(p, sum(p, a, true)), EPSILON, 1 - EPSILON);
  return { values: neg(sum(mul(t, log(p)), a)) };
}

function refBinary(yTrue: Tensor, yPred: Tensor, options: BinaryCrossentropyOptions): LossValues {
  const { fromLogits = false, labelSmoothing = 0, axis = -1 } = options;
  let [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  checkSameShape('reference', t, p);
  const a = normalizeLossAxis('reference', axis, p.rank);
  if (labelSmoothing) t = add(mul(t, 1 - labelSmoothing), 0.5 * labelSmoothing);
  let bce: Tensor;
  if (fromLogits) {
    // relu(p) and |p| as maximum(p, 0) and maximum(p, -p): the same values bit for bit, and at p = 0 the
    // autodiff gradient is the true derivative sigmoid(0) - t (ties go to p), which the closed form gives.
    bce = add(sub(maximum(p, 0), mul(p, t)), log1p(exp(neg(maximum(p, neg(p))))));
  } else {
    p = clipByValue(p, EPSILON, 1 - EPSILON);
    bce = neg(add(mul(t, log(p)), mul(sub(1, t), log(sub(1, p)))));
  }
  return { values: mean(bce, a) };
}

function refMse(yTrue: Tensor, yPred: Tensor): LossValues {
  const [t, p] = squeezeOrExpandToSameRank(asFloat(yTrue), asFloat(yPred));
  return { values: mean(square(sub(t, p)), -1) };
}

/** The previous `Loss.compute`. */
function refCompute(
  perSample: (t: Tensor, p: Tensor) => LossValues,
  t: Tensor,
  p: Tensor,
  sampleWeight: TensorInput | undefined,
  reduction: Reduction,
): Tensor {
  return tidy(() => {
    const { values, mask } = perSample(asFloat(t), asFloat(p));
    return refReduce(values, sampleWeight, mask, reduction);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

/** A seeded uniform generator in [0, 1) (mulberry32). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let r = Math.imul(s ^ (s >>> 15), 1 | s);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 2 ** 32;
  };
}

function randomTensor(shape: number[], f: (i: number) => number, dtype: 'float32' | 'int32' = 'float32'): Tensor {
  const n = shape.reduce((x, y) => x * y, 1);
  return tensor(
    Array.from({ length: n }, (_, i) => f(i)),
    shape,
    dtype,
  );
}

/** Probabilities with some entries at, near and beyond the clip bounds (and rows that sum to more or less than 1). */
function awkwardProbabilities(shape: number[], seed: number): Tensor {
  const r = rng(seed);
  const specials = [0, 1e-9, EPSILON, 2e-7, 1 - EPSILON, 1 - 1e-9, 1, 1.2, -0.05];
  return randomTensor(shape, () => (r() < 0.3 ? specials[Math.floor(r() * specials.length)] : r()));
}

/**
 * Gradients are compared entry by entry: |new - reference| <= GRAD_RTOL * |reference| + GRAD_ATOL * (largest
 * |reference| entry). Both are float32 evaluations of the same derivative in a different order of operations;
 * the largest error measured is about 0.3 of this tolerance.
 */
const GRAD_RTOL = 2e-5;
const GRAD_ATOL = 2e-7;

interface Compared {
  /** Values: 0 when every value is bit for bit the reference's (NaN where it is NaN). */
  valueDiff: number;
  /** Per gradient: the largest error as a fraction of the tolerance (at most 1 passes). */
  gradDiffs: number[];
}

/**
 * Values and gradients (with respect to `wrt` of `inputs`, with a random `dy` for unreduced outputs) of the
 * loss under test and of the reference.
 */
function compare(
  f: (...xs: Tensor[]) => Tensor,
  ref: (...xs: Tensor[]) => Tensor,
  inputs: Tensor[],
  wrt: number[],
  seed = 7,
): Compared {
  const result: Compared = { valueDiff: 0, gradDiffs: [] };
  tidy(() => {
    const probe = f(...inputs);
    const r = rng(seed);
    const dy = probe.rank === 0 ? undefined : randomTensor(probe.shape, () => r() * 2 - 1);
    const run = (g: (...xs: Tensor[]) => Tensor) =>
      valueAndGrads((...xs: Tensor[]) => g(...inputs.map((x, i) => (wrt.includes(i) ? xs[wrt.indexOf(i)] : x))))(
        wrt.map((i) => inputs[i]),
        dy,
      );
    const got = run(f);
    const want = run(ref);
    expect(got.value.shape).toEqual(want.value.shape);
    result.valueDiff = largestDiff(got.value, want.value, 0, Number.MIN_VALUE);
    result.gradDiffs = got.grads.map((g, k) => {
      const w = want.grads[k];
      expect(g.shape).toEqual(w.shape);
      const largest = Math.max(...Array.from(w.dataSync(), (v) => (Number.isNaN(v) ? 0 : Math.abs(v))));
      return largestDiff(g, w, GRAD_RTOL, GRAD_ATOL * largest);
    });
  });
  return result;
}

/**
 * The largest `|got - want| / (rtol * |want| + atol)` (so at most 1 is within tolerance); NaN must sit where
 * the reference has NaN, and only there.
 */
function largestDiff(got: Tensor, want: Tensor, rtol: number, atol: number): number {
  const g = got.dataSync();
  const w = want.dataSync();
  let worst = 0;
  w.forEach((v, i) => {
    expect(Number.isNaN(g[i]), `entry ${i}: got ${g[i]}, reference ${v}`).toBe(Number.isNaN(v));
    if (!Number.isNaN(v)) worst = Math.max(worst, Math.abs(g[i] - v) / (rtol * Math.abs(v) + atol));
  });
  return worst;
}

const withLoss =
  (loss: Loss, sw?: TensorInput) =>
  (t: Tensor, p: Tensor): Tensor =>
    loss.compute(t, p, sw);

const N = 24;
const C = 5;

/** Integer class ids in [0, C), with `bad` ids (out of range) and `ignored` ids mixed in. */
function classIds(shape: number[], seed: number, extra: number[] = [], dtype: 'int32' | 'float32' = 'int32'): Tensor {
  const r = rng(seed);
  return randomTensor(
    shape,
    () => (r() < 0.2 && extra.length ? extra[Math.floor(r() * extra.length)] : Math.floor(r() * C)),
    dtype,
  );
}

interface Case {
  name: string;
  run: () => Compared;
}

function sparseCases(): Case[] {
  const cases: Case[] = [];
  const reductions: Reduction[] = ['sum_over_batch_size', 'sum', 'mean', 'none'];
  for (const fromLogits of [false, true]) {
    for (const reduction of reductions) {
      const opts: SparseCategoricalCrossentropyOptions[] = [
        {},
        { ignoreClass: 2 },
        { ignoreClass: -1 },
        { ignoreClass: 255 },
      ];
      for (const o of opts) {
        const options = { ...o, fromLogits };
        cases.push({
          name: `sparse ${JSON.stringify(options)} ${reduction} [N] int32 ids, out-of-range ids, sample weights`,
          run: () => {
            const t = classIds([N], 11, [-1, C, 255, 2]);
            const p = fromLogits ? randomTensor([N, C], (i) => Math.sin(i * 1.7) * 6) : awkwardProbabilities([N, C], 5);
            const sw = randomTensor([N], (i) => (i % 4) * 0.7);
            const loss = new SparseCategoricalCrossentropy({ ...options, reduction });
            const ref = (tt: Tensor, pp: Tensor) =>
              refCompute((a, b) => refSparse(a, b, options), tt, pp, sw, reduction);
            return compare(withLoss(loss, sw), ref, [t, p], [1]);
          },
        });
        cases.push({
          name: `sparse ${JSON.stringify(options)} ${reduction} axis 1, [B, 1, T] float ids`,
          run: () => {
            const t = classIds([3, 1, 8], 12, [-1, 2], 'float32');
            const p = fromLogits
              ? randomTensor([3, C, 8], (i) => Math.cos(i * 0.9) * 4)
              : awkwardProbabilities([3, C, 8], 6);
            const loss = new SparseCategoricalCrossentropy({ ...options, axis: 1, reduction });
            const ref = (tt: Tensor, pp: Tensor) =>
              refCompute((a, b) => refSparse(a, b, { ...options, axis: 1 }), tt, pp, undefined, reduction);
            return compare(withLoss(loss), ref, [t, p], [1]);
          },
        });
      }
    }
  }
  return cases;
}

function softTargets(shape: number[], seed: number): Tensor {
  const r = rng(seed);
  // One-hot rows, soft rows, and rows that do not sum to 1.
  return randomTensor(shape, (i) => {
    const u = r();
    if (Math.floor(i / shape[shape.length - 1]) % 3 === 0) return u < 0.25 ? 1 : 0;
    return u;
  });
}

function categoricalCases(): Case[] {
  const cases: Case[] = [];
  for (const fromLogits of [false, true]) {
    for (const options of [{}, { labelSmoothing: 0.1 }, { axis: 0 }, { axis: 1, labelSmoothing: 0.2 }]) {
      for (const reduction of ['sum_over_batch_size', 'none'] as Reduction[]) {
        cases.push({
          name: `categorical ${JSON.stringify({ ...options, fromLogits })} ${reduction} with sample weights`,
          run: () => {
            const rank3 = (options as { axis?: number }).axis === 1;
            const shape = rank3 ? [4, C, 3] : [N, C];
            const t = softTargets(shape, 21);
            const p = fromLogits ? randomTensor(shape, (i) => Math.sin(i * 1.3) * 5) : awkwardProbabilities(shape, 22);
            const sw = (options as { axis?: number }).axis === 0 ? undefined : randomTensor([shape[0]], (i) => i % 3);
            const o = { ...options, fromLogits };
            const loss = new CategoricalCrossentropy({ ...o, reduction });
            const ref = (tt: Tensor, pp: Tensor) =>
              refCompute((a, b) => refCategorical(a, b, o), tt, pp, sw, reduction);
            return compare(withLoss(loss, sw), ref, [t, p], [0, 1]);
          },
        });
      }
    }
  }
  return cases;
}

function binaryCases(): Case[] {
  const cases: Case[] = [];
  for (const fromLogits of [false, true]) {
    for (const options of [{}, { labelSmoothing: 0.1 }, { axis: 0 }]) {
      for (const reduction of ['sum_over_batch_size', 'sum', 'none'] as Reduction[]) {
        cases.push({
          name: `binary ${JSON.stringify({ ...options, fromLogits })} ${reduction} with sample weights`,
          run: () => {
            const r = rng(31);
            const t = randomTensor([N, 3], () => (r() < 0.6 ? Math.round(r()) : r()));
            const p = fromLogits
              ? randomTensor([N, 3], (i) => (i % 7 === 0 ? 0 : Math.sin(i * 2.1) * (i % 5 === 0 ? 40 : 4)))
              : awkwardProbabilities([N, 3], 32);
            const sw = (options as { axis?: number }).axis === 0 ? undefined : randomTensor([N], (i) => i % 3);
            const o = { ...options, fromLogits };
            const loss = new BinaryCrossentropy({ ...o, reduction });
            const ref = (tt: Tensor, pp: Tensor) => refCompute((a, b) => refBinary(a, b, o), tt, pp, sw, reduction);
            return compare(withLoss(loss, sw), ref, [t, p], [0, 1]);
          },
        });
      }
    }
  }
  // Rank-1 targets against [N, 1] predictions (squeezed or expanded to the same rank first).
  cases.push({
    name: 'binary [N] targets, [N, 1] probabilities',
    run: () => {
      const t = randomTensor([N], (i) => i % 2);
      const p = awkwardProbabilities([N, 1], 33);
      const ref = (tt: Tensor, pp: Tensor) =>
        refCompute((a, b) => refBinary(a, b, {}), tt, pp, undefined, 'sum_over_batch_size');
      return compare(withLoss(new BinaryCrossentropy()), ref, [t, p], [0, 1]);
    },
  });
  return cases;
}

function mseCases(): Case[] {
  return (['sum_over_batch_size', 'sum', 'none'] as Reduction[]).flatMap((reduction) =>
    [
      [
        [N, 3],
        [N, 3],
      ],
      [[N], [N, 1]],
    ].map(([ts, ps]) => ({
      name: `mse ${reduction} ${shapeString(ts)} vs ${shapeString(ps)}`,
      run: () => {
        const t = randomTensor(ts, (i) => Math.cos(i));
        const p = randomTensor(ps, (i) => Math.sin(i * 3));
        const sw = randomTensor([N], (i) => i % 3);
        const ref = (tt: Tensor, pp: Tensor) => refCompute((a, b) => refMse(a, b), tt, pp, sw, reduction);
        return compare(withLoss(new MeanSquaredError({ reduction }), sw), ref, [t, p], [0, 1]);
      },
    })),
  );
}

const tfc = createRequire(new URL('../../tensors/package.json', import.meta.url))('@tensorflow/tfjs-core') as {
  profile(f: () => Tensor): Promise<{ kernels: Array<{ name: string }>; result: Tensor }>;
};

describe('the closed forms against the previous formulation: values bit for bit, gradients to float32 rounding', () => {
  it.each([...sparseCases(), ...categoricalCases(), ...binaryCases(), ...mseCases()])('$name', ({ run }) => {
    const { valueDiff, gradDiffs } = run();
    expect(valueDiff).toBe(0);
    for (const d of gradDiffs) expect(d).toBeLessThanOrEqual(1);
  });
});

describe('clipping: the gradient passes for eps <= p <= 1 - eps and is 0 outside (TensorFlow, inclusive)', () => {
  // float32: EPSILON + (1 - EPSILON) and 5e-8 + (1 - 5e-8) both round to exactly 1, so each row's renormalized
  // probabilities are its entries: exactly at the bounds in rows 0-1, just beyond them in rows 2-3.
  const rows = [
    [EPSILON, 1 - EPSILON],
    [EPSILON, 1 - EPSILON],
    [5e-8, 1 - 5e-8],
    [5e-8, 1 - 5e-8],
  ];
  const rowSums = (g: Tensor) => Array.from(sum(abs(g), -1).dataSync());

  it('sparse: picked probability at a bound passes, beyond it gives a zero row', () => {
    tidy(() => {
      const t = tensor([0, 1, 0, 1], [4], 'int32');
      const p = tensor(rows);
      const loss = new SparseCategoricalCrossentropy();
      const { grads } = valueAndGrads((q: Tensor) => loss.compute(t, q))([p]);
      const [r0, r1, r2, r3] = rowSums(grads[0]);
      expect(r0).toBeGreaterThan(1e5); // d/dp of -log(p / sum(p)) at p = 1e-7: about 1 / (4 * 1e-7)
      expect(r1).toBeGreaterThan(0.1);
      expect([r2, r3]).toEqual([0, 0]);
      const ref = (tt: Tensor, q: Tensor) =>
        refCompute((a, b) => refSparse(a, b, {}), tt, q, undefined, 'sum_over_batch_size');
      const c = compare(
        (q) => loss.compute(t, q),
        (q) => ref(t, q),
        [p],
        [0],
      );
      expect(c.valueDiff).toBe(0);
      expect(c.gradDiffs[0]).toBeLessThanOrEqual(1);
    });
  });

  it('categorical: the same with one-hot targets', () => {
    tidy(() => {
      const t = tensor([
        [1, 0],
        [0, 1],
        [1, 0],
        [0, 1],
      ]);
      const p = tensor(rows);
      const loss = new CategoricalCrossentropy();
      const { grads } = valueAndGrads((q: Tensor) => loss.compute(t, q))([p]);
      const [r0, r1, r2, r3] = rowSums(grads[0]);
      expect(r0).toBeGreaterThan(1e5);
      expect(r1).toBeGreaterThan(0.1);
      expect([r2, r3]).toEqual([0, 0]);
    });
  });

  it('binary: elementwise', () => {
    tidy(() => {
      const t = tensor([[1, 0, 1, 0, 1, 0, 1, 0]]);
      const p = tensor([[EPSILON, 1 - EPSILON, 5e-8, 1 - 5e-8, 0, 1, -0.5, 1.5]]);
      const { grads } = valueAndGrads((q: Tensor) => new BinaryCrossentropy().compute(t, q))([p]);
      const g = Array.from(grads[0].dataSync());
      expect(g[0]).toBeLessThan(-1e5);
      expect(g[1]).toBeGreaterThan(1e5);
      expect(g.slice(2).map(Math.abs)).toEqual([0, 0, 0, 0, 0, 0]);
    });
  });
});

describe('out-of-range and ignored class ids', () => {
  it('an id out of range gives NaN with a zero gradient row; an ignored one 0 with a zero gradient row', () => {
    tidy(() => {
      const x = tensor([
        [1.5, -0.7, 0.4],
        [-2.2, 0.9, -0.3],
        [0.2, 0.1, -1.0],
        [0.3, 0.3, 0.3],
      ]);
      const p = div(abs(x), sum(abs(x), -1, true));
      const t = tensor([0, 3, -1, 2], [4], 'int32');
      for (const fromLogits of [false, true]) {
        const input = fromLogits ? x : p;
        const f = (q: Tensor) => sum(sparseFn(t, q, { fromLogits, ignoreClass: 2 }));
        const { value, grads } = valueAndGrads(f)([input]);
        expect(value.dataSync()[0]).toBeNaN();
        const g = grads[0].arraySync() as number[][];
        expect(g[1].concat(g[2], g[3]).map(Math.abs)).toEqual(new Array(9).fill(0));
        expect(g[0].some((v) => v !== 0)).toBe(true);
        const values = Array.from(sparseFn(t, input, { fromLogits, ignoreClass: 2 }).dataSync());
        expect([Number.isNaN(values[1]), Number.isNaN(values[2]), values[3]]).toEqual([true, true, 0]);
      }
    });
  });
});

describe('finite differences (checkGradients)', () => {
  // Inputs stay at least the step (1e-3) away from the clip bounds, on either side.
  const probs = tensor([
    [0.5, 0.3, 0.2],
    [0.2, 0.5, 0.6],
    [-0.05, 0.7, 0.3], // picked entry below the lower bound: zero gradient
    [1.3, -0.2, -0.1], // picked entry above the upper bound after renormalization: zero gradient
    [0.1, 0.7, 0.3],
  ]);
  const logits = tensor([
    [1.5, -0.7, 0.4],
    [-2.2, 0.9, -0.3],
    [0.2, 0.1, -1.0],
    [3.0, -3.0, 0.0],
    [0.0, 0.0, 0.0],
  ]);
  const ids = tensor([0, 2, 0, 0, 1], [5], 'int32');
  const weights = [0.3, 1.1, 2, 0.5, 1];

  it('sparse: probabilities and logits, ignoreClass, sample weights, axis 0', () => {
    tidy(() => {
      const probsLoss = new SparseCategoricalCrossentropy();
      checkGradients((q) => probsLoss.compute(ids, q, weights), [probs], { eps: 1e-3 });
      const ignoring = new SparseCategoricalCrossentropy({ ignoreClass: 2, reduction: 'sum' });
      checkGradients((q) => ignoring.compute(ids, q, weights), [probs], { eps: 1e-3 });
      const logitsLoss = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 1 });
      checkGradients((q) => logitsLoss.compute(ids, q, weights), [logits]);
      const axis0 = new SparseCategoricalCrossentropy({ fromLogits: true, axis: 0 });
      checkGradients((q) => axis0.compute(tensor([0, 4, 2], [3], 'int32'), q), [logits]);
    });
  });

  it('categorical: with respect to targets and predictions', () => {
    tidy(() => {
      const soft = tensor([
        [0.2, 0.5, 0.3],
        [0, 1, 0],
        [0.6, 0.3, 0.3],
        [1, 0, 0],
        [0.1, 0.2, 0.3],
      ]);
      checkGradients((t, q) => new CategoricalCrossentropy().compute(t, q, weights), [soft, probs], { eps: 1e-3 });
      const smoothed = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      checkGradients((t, q) => smoothed.compute(t, q, weights), [soft, logits]);
      const axis0 = new CategoricalCrossentropy({ fromLogits: true, axis: 0 });
      checkGradients((t, q) => axis0.compute(t, q), [soft, logits]);
    });
  });

  it('binary: with respect to targets and predictions, probabilities beyond the bounds', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 0.3],
        [0, 1, 0.8],
      ]);
      const p = tensor([
        [0.7, -0.3, 0.4],
        [1.4, 0.6, 0.1],
      ]);
      const x = tensor([
        [1.5, -0.7, 0.0],
        [-2.2, 12, -0.3],
      ]);
      checkGradients((a, q) => new BinaryCrossentropy().compute(a, q, [0.3, 1.1]), [t, p], { eps: 1e-3 });
      const smoothed = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.2, axis: 0 });
      checkGradients((a, q) => smoothed.compute(a, q), [t, x]);
    });
  });

  it('mean squared error: with respect to targets and predictions', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 0.3],
        [0, 1, 0.8],
      ]);
      const p = tensor([
        [0.7, -0.3, 0.4],
        [1.4, 0.6, 0.1],
      ]);
      checkGradients((a, q) => new MeanSquaredError().compute(a, q, [0.3, 1.1]), [t, p]);
      checkGradients((a, q) => new MeanSquaredError({ reduction: 'sum' }).compute(a, q), [t, p]);
    });
  });
});

/** Kernels run by one forward and backward pass (the loss and its gradient with respect to yPred). */
async function kernelsOfStep(loss: Loss, yTrue: Tensor, yPred: Tensor): Promise<string[]> {
  const step = () => {
    const { value, grads } = valueAndGrads(() => loss.compute(yTrue, yPred), [yPred]);
    dispose(grads);
    return value;
  };
  dispose(step()); // warm up (backend initialization and kernel setup are not counted)
  const info = await tfc.profile(step);
  dispose(info.result);
  return info.kernels.map((k) => k.name);
}

describe('kernels per training step (batch 128, 10 classes; cpu and wasm count the same)', () => {
  const B = 128;
  const ids = () =>
    tensor(
      Array.from({ length: B }, (_, i) => (i * 7) % 10),
      [B],
      'int32',
    );
  const unit = (shape: number[], seed: number) => {
    const r = rng(seed);
    return randomTensor(shape, () => r());
  };
  const oneHot10 = () =>
    tensor(
      Array.from({ length: B * 10 }, (_, i) => (i % 10 === (Math.floor(i / 10) * 7) % 10 ? 1 : 0)),
      [B, 10],
    );
  // Kernels (profile entries, each customGrad node counting as one 'unnamed scope') of
  // valueAndGrads(() => loss.compute(yTrue, yPred), [yPred]), before -> after the closed forms:
  //   SparseCategoricalCrossentropy() int32 ids  102 -> 29   (before: 38 Identity, 9 Cast, 7 Reshape, 5 Select,
  //                                                           2 Tile, ...; after: 4 Identity, the tensors the
  //                                                           gradient needs, no Select, Tile or Cast of the ids)
  //   SparseCategoricalCrossentropy({ fromLogits: true })  115 -> 27
  //   CategoricalCrossentropy()                       74 -> 27
  //   CategoricalCrossentropy({ fromLogits: true })   87 -> 25
  //   BinaryCrossentropy() ([128, 1])                 80 -> 32
  //   BinaryCrossentropy({ fromLogits: true })        73 -> 23
  //   MeanSquaredError() ([128, 1])                   46 -> 14
  const cases: Array<[string, number, () => [Loss, Tensor, Tensor]]> = [
    ['SparseCategoricalCrossentropy', 29, () => [new SparseCategoricalCrossentropy(), ids(), unit([B, 10], 1)]],
    [
      'SparseCategoricalCrossentropy fromLogits',
      27,
      () => [new SparseCategoricalCrossentropy({ fromLogits: true }), ids(), unit([B, 10], 2)],
    ],
    ['CategoricalCrossentropy', 27, () => [new CategoricalCrossentropy(), oneHot10(), unit([B, 10], 3)]],
    [
      'CategoricalCrossentropy fromLogits',
      25,
      () => [new CategoricalCrossentropy({ fromLogits: true }), oneHot10(), unit([B, 10], 4)],
    ],
    ['BinaryCrossentropy', 32, () => [new BinaryCrossentropy(), unit([B, 1], 5), unit([B, 1], 6)]],
    [
      'BinaryCrossentropy fromLogits',
      23,
      () => [new BinaryCrossentropy({ fromLogits: true }), unit([B, 1], 7), unit([B, 1], 8)],
    ],
    ['MeanSquaredError', 14, () => [new MeanSquaredError(), unit([B, 1], 9), unit([B, 1], 10)]],
  ];

  it.each(cases)('%s: at most %i kernels', async (_name, bound, make) => {
    const [loss, yTrue, yPred] = make();
    const kernels = await kernelsOfStep(loss, yTrue, yPred);
    expect(kernels.length).toBeLessThanOrEqual(bound);
    expect(kernels.filter((k) => k === 'Select' || k === 'Tile')).toEqual([]);
    dispose([yTrue, yPred]);
  });

  it('SparseCategoricalCrossentropy: int32 ids are not cast, and only the saved tensors are copied', async () => {
    const [t, p] = [ids(), unit([B, 10], 11)];
    const kernels = await kernelsOfStep(new SparseCategoricalCrossentropy(), t, p);
    expect(kernels.filter((k) => k === 'Identity')).toHaveLength(4);
    expect(kernels.filter((k) => k === 'Cast')).toHaveLength(1); // the clip mask, in the backward pass
    dispose([t, p]);
  });
});

describe('memory', () => {
  const makers: Array<[string, () => Loss, () => [Tensor, Tensor]]> = [
    ['sparse', () => new SparseCategoricalCrossentropy(), () => [tensor([0, 2, 1], [3], 'int32'), unit33()]],
    [
      'sparse, logits, ignoreClass, axis 0, float ids [1, 3]',
      () => new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 1, axis: 0 }),
      () => [tensor([[0, 2, 1]]), unit33()],
    ],
    ['categorical', () => new CategoricalCrossentropy({ labelSmoothing: 0.1 }), () => [unit33(), unit33()]],
    ['categorical, logits', () => new CategoricalCrossentropy({ fromLogits: true }), () => [unit33(), unit33()]],
    ['binary', () => new BinaryCrossentropy(), () => [unit33(), unit33()]],
    [
      'binary, logits',
      () => new BinaryCrossentropy({ fromLogits: true, reduction: 'sum' }),
      () => [unit33(), unit33()],
    ],
    ['mse', () => new MeanSquaredError({ reduction: 'none' }), () => [unit33(), unit33()]],
  ];

  it.each(makers)('%s: no tensor leaks from forward and backward passes', async (_name, makeLoss, makeInputs) => {
    const loss = makeLoss();
    const [t, p] = makeInputs();
    const sw = tensor([0.5, 1, 2]);
    const step = () => {
      const out = valueAndGrads(() => sum(loss.compute(t, p, sw)), [p]);
      return [out.value, ...out.grads];
    };
    dispose(await expectNoLeaks(step));
    dispose(await expectNoLeaks(() => loss.compute(t, p, sw)));
    await expectStableTensorCount(() => {
      dispose(step());
      return loss.compute(t, p);
    });
    dispose([t, p, sw]);
  });
});

describe('GradientTape', () => {
  it('records the closed forms like any op', () => {
    tidy(() => {
      const t = tensor([0, 2, 1], [3], 'int32');
      const p = unit33();
      const loss = new SparseCategoricalCrossentropy();
      const tape = new GradientTape();
      const y = tape.record(() => mul(loss.compute(t, p), 2));
      const [g] = tape.gradient(y, [p]);
      const { grads } = valueAndGrads(() => mul(loss.compute(t, p), 2), [p]);
      expect(Array.from(g.dataSync())).toEqual(Array.from(grads[0].dataSync()));
    });
  });
});

function unit33(): Tensor {
  return tensor([
    [0.5, 0.3, 0.2],
    [0.2, 0.5, 0.6],
    [0.1, 0.7, 0.3],
  ]);
}

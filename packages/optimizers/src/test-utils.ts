// Test helpers (excluded from the build).
import { readFileSync } from 'node:fs';
import {
  abs,
  add,
  cast,
  dispose,
  equal,
  exp,
  fill,
  greater,
  log1p,
  matMul,
  mean,
  mul,
  neg,
  relu,
  scalar,
  sub,
  type Tensor,
  tensor,
  tidy,
  variable,
  zeros,
} from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { expect, it } from 'vitest';
import type { Optimizer, OptimizerOptions } from './optimizer.js';

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

/** What {@link kerasCommonTests} needs: how to make the optimizer under test. */
export interface KerasCommonTestsSpec {
  /** Builds the optimizer with the given options (the Keras tests pass learningRate, weightDecay, clipnorm, clipvalue). */
  make: (options: OptimizerOptions & { learningRate?: number }) => Optimizer;
  /** The golden run: constructor options, and the five checkpoints (one row, or one row per checkpoint of 10 values). */
  golden: { options: Record<string, unknown>; expected: number[] | number[][] };
  /** Expected value of var1 in test_weight_decay (2.0 decayed three times: 1.9760959 for most optimizers). */
  weightDecayExpected?: number;
}

/**
 * The tests every Keras 3 optimizer test file repeats (keras/src/optimizers/*_test.py):
 * test_weight_decay (decay excluded by name and by variable), the
 * five-checkpoint golden run from `ones(10)` with first gradient 0.01 and then
 * `arange(0.1, 1.1, 0.1)`, test_clip_norm and test_clip_value, with Keras's tolerances.
 */
export function kerasCommonTests(spec: KerasCommonTestsSpec): void {
  it('test_weight_decay: decoupled decay, excluded by name pattern and by variable', async () => {
    const grads = zeros([]);
    const var1 = variable(scalar(2.0));
    const var2 = variable(scalar(2.0), { name: 'optimizer_test/exclude' });
    const var3 = variable(scalar(2.0));
    const optimizer1 = spec.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer1.applyGradients([[grads, var1]]);
    const optimizer2 = spec.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer2.excludeFromWeightDecay({ names: ['exclude'] });
    optimizer2.applyGradients([
      [grads, var1],
      [grads, var2],
    ]);
    const optimizer3 = spec.make({ learningRate: 1.0, weightDecay: 0.004 });
    optimizer3.excludeFromWeightDecay({ variables: [var3] });
    optimizer3.applyGradients([
      [grads, var1],
      [grads, var3],
    ]);
    // assertAlmostEqual(decimal=6): |diff| < 1.5e-6. 2 * 0.996^3 = 1.976095872.
    expect((await values(var1))[0]).toBeCloseTo(spec.weightDecayExpected ?? 1.9760959, 6);
    expect((await values(var2))[0]).toBeCloseTo(2.0, 6);
    expect((await values(var3))[0]).toBeCloseTo(2.0, 6);
    for (const o of [optimizer1, optimizer2, optimizer3]) o.dispose();
    dispose([grads, var1, var2, var3]);
  });

  it(`test_correctness_with_golden (${JSON.stringify(spec.golden.options)})`, async () => {
    const optimizer = spec.make(spec.golden.options);
    const x = variable(fill([10], 1));
    const grads = tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]); // ops.arange(0.1, 1.1, 0.1)
    const firstGrads = fill([10], 0.01);
    const rows = spec.golden.expected;
    optimizer.applyGradients([[firstGrads, x]]);
    for (let i = 0; i < 5; i++) {
      const row = Array.isArray(rows[i]) ? (rows[i] as number[]) : new Array<number>(10).fill(rows[i] as number);
      await expectAllClose(x, row, { rtol: 5e-4, atol: 5e-4 });
      optimizer.applyGradients([[grads, x]]);
    }
    optimizer.dispose();
    dispose([x, grads, firstGrads]);
  });

  it('test_clip_norm', async () => {
    const optimizer = spec.make({ clipnorm: 1 });
    const g = tensor([100.0, 100.0]);
    const [clipped] = optimizer.clipGradients([g]);
    await expectAllClose(clipped, [2 ** 0.5 / 2, 2 ** 0.5 / 2]);
    optimizer.dispose();
    dispose([g, clipped]);
  });

  it('test_clip_value', async () => {
    const optimizer = spec.make({ clipvalue: 1 });
    const g = tensor([100.0, 100.0]);
    const [clipped] = optimizer.clipGradients([g]);
    await expectAllClose(clipped, [1.0, 1.0]);
    optimizer.dispose();
    dispose([g, clipped]);
  });
}

/** The breast cancer data (569 x 30, labels 0/1), standardized per feature: a small real problem. */
export function breastCancer(): { x: Tensor; y: Tensor } {
  const path = new URL('../../../datasets/breast_cancer.csv', import.meta.url);
  const rows = readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').map(Number));
  const features = rows.map((r) => r.slice(0, 30));
  const n = features.length;
  const mean = features[0].map((_, j) => features.reduce((s, r) => s + r[j], 0) / n);
  const std = features[0].map((_, j) => Math.sqrt(features.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / n));
  const x = tensor(features.map((r) => r.map((v, j) => (v - mean[j]) / std[j])));
  const y = tensor(rows.map((r) => [r[30]]));
  return { x, y };
}

/**
 * Trains logistic regression on the breast cancer data with `optimizer` for
 * `steps` full-batch steps; returns the first and final loss and the final
 * training accuracy. Every optimizer should reach ~97% accuracy.
 */
export async function logisticRegression(
  optimizer: Optimizer,
  steps: number,
): Promise<{ firstLoss: number; finalLoss: number; accuracy: number }> {
  const { x, y } = breastCancer();
  const w = variable(zeros([30, 1]));
  const b = variable(zeros([1]));
  const loss = () =>
    tidy(() => {
      const logits = add(matMul(x, w), b);
      // Binary crossentropy from logits: max(z, 0) - z * y + log(1 + exp(-|z|)).
      return mean(add(sub(relu(logits), mul(logits, y)), log1p(exp(neg(abs(logits))))));
    });
  const first = loss();
  const firstLoss = (await values(first))[0];
  first.dispose();
  for (let i = 0; i < steps; i++) optimizer.minimize(loss, [w, b]).dispose();
  const last = loss();
  const finalLoss = (await values(last))[0];
  const correct = tidy(() => mean(cast(equal(greater(add(matMul(x, w), b), 0), cast(y, 'bool')), 'float32')));
  const accuracy = (await values(correct))[0];
  dispose([last, correct, x, y, w, b]);
  return { firstLoss, finalLoss, accuracy };
}

/**
 * Ten updates of a [2, 3] and a [1] variable leave the live tensor count
 * where it was after the first; then disposes the optimizer and the tensors.
 */
export async function expectStableSteps(optimizer: Optimizer): Promise<void> {
  const w = variable(
    tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]),
  );
  const b = variable(tensor([0.5]));
  const gw = fill([2, 3], 0.3);
  const gb = tensor([-0.2]);
  await expectStableTensorCount(
    () =>
      optimizer.applyGradients([
        [gw, w],
        [gb, b],
      ]),
    10,
  );
  optimizer.dispose();
  dispose([w, b, gw, gb]);
}

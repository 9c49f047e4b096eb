// Lamb: Keras 3's own tests (keras/src/optimizers/lamb_test.py), ported with
// their tolerances, plus multi-step checks against a float64 transcription
// of the update rule in keras/src/optimizers/lamb.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, fill, tensor, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { getOptimizer } from './get.js';
import { Lamb } from './lamb.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/lamb.py update_step (after the base class's weight decay), in float64, flat. */
function referenceLamb(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weightDecay = 0 } = {},
): number[][] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const out: number[][] = [];
  gradients.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < w.length; i++) w[i] -= w[i] * weightDecay * lr;
    const update = w.map((_, i) => {
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      return m[i] / (1 - beta1 ** t) / (Math.sqrt(v[i] / (1 - beta2 ** t)) + epsilon);
    });
    const wNorm = Math.sqrt(w.reduce((s, x) => s + x * x, 0));
    const gNorm = Math.sqrt(update.reduce((s, x) => s + x * x, 0));
    const ratio = wNorm > 0 ? (gNorm > 0 ? wNorm / gNorm : 1) : 1;
    for (let i = 0; i < w.length; i++) w[i] -= ratio * lr * update[i];
    out.push([...w]);
  });
  return out;
}

describe('Lamb (keras/src/optimizers/lamb_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Lamb({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 });
    const revived = Lamb.fromConfig(config);
    expect(revived).toBeInstanceOf(Lamb);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.beta1, revived.beta2, revived.epsilon]).toEqual([0.5, 0.5, 0.67, 1e-5]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Lamb({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [-0.3693, 0.6306, 1.6306, 2.6306], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  kerasCommonTests({
    make: (options) => new Lamb(options),
    golden: { options: {}, expected: [0.999, 0.9982, 0.9974, 0.9965, 0.9955] },
  });
});

describe('Lamb multi-step (float64 transcription of keras/src/optimizers/lamb.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const gradients = [
    [1.0, -2.0, 0.5, 0.3],
    [0.5, -1.0, 0.25, -0.2],
    [-0.3, 0.2, 2.0, 0.0],
    [0.01, 0.01, 0.01, 0.01],
    [2.0, 3.0, -4.0, 1.0],
    [-1.0, 0.5, 0.1, -0.7],
  ];
  const cases: Array<{
    label: string;
    w0: number[];
    options: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number };
  }> = [
    { label: 'defaults', w0: [1, 2, 3, -1], options: {} },
    {
      label: 'beta1 0.5, beta2 0.67, epsilon 1e-3',
      w0: [1, 2, 3, -1],
      options: { beta1: 0.5, beta2: 0.67, epsilon: 1e-3 },
    },
    { label: 'weight decay 0.1', w0: [1, 2, 3, -1], options: { weightDecay: 0.1 } },
    { label: 'from zero weights (ratio 1 on the first step, ||w|| / ||update|| after)', w0: [0, 0, 0, 0], options: {} },
  ];

  for (const { label, w0, options } of cases) {
    it(`six steps with varying gradients, lr 0.1, a [2, 2] variable: ${label}`, async () => {
      const optimizer = new Lamb({ learningRate: 0.1, ...options });
      // A rank-2 variable: the norms are over the whole variable.
      const w = variable(tensor(w0, [2, 2]));
      const expected = referenceLamb(w0, gradients, { lr: 0.1, ...options });
      for (const [i, g] of gradients.entries()) {
        const gt = tensor(g, [2, 2]);
        optimizer.applyGradients([[gt, w]]);
        gt.dispose();
        await expectAllClose(w, expected[i], tol);
      }
      expect(optimizer.iterations).toBe(gradients.length);
      optimizer.dispose();
      w.dispose();
    });
  }

  it('the trust ratio is per variable: two variables with the same gradient move by their own norms', async () => {
    const optimizer = new Lamb({ learningRate: 0.1 });
    const small = variable(tensor([0.1, 0.2]));
    const large = variable(tensor([10, 20]));
    const g = tensor([1, -1]);
    optimizer.applyGradients([
      [g, small],
      [g, large],
    ]);
    await expectAllClose(small, referenceLamb([0.1, 0.2], [[1, -1]], { lr: 0.1 })[0], tol);
    await expectAllClose(large, referenceLamb([10, 20], [[1, -1]], { lr: 0.1 })[0], tol);
    // Each moves by lr * ||w|| in norm: 10% of its own size.
    const moved = (a: number[], b: number[]) => Math.hypot(a[0] - b[0], a[1] - b[1]) / Math.hypot(b[0], b[1]);
    expect(moved(await values(small), [0.1, 0.2])).toBeCloseTo(0.1, 5);
    expect(moved(await values(large), [10, 20])).toBeCloseTo(0.1, 5);
    optimizer.dispose();
    dispose([small, large, g]);
  });

  it('slots in Keras order: momentum and velocity interleaved per variable', () => {
    const optimizer = new Lamb();
    const a = variable(tensor([1, 2]));
    const b = variable(tensor([[3]]));
    optimizer.build([a, b]);
    const slots = [a, b].flatMap((v) => [optimizer.getSlot(v, 'momentum'), optimizer.getSlot(v, 'velocity')]);
    expect(optimizer.variables().slice(2)).toEqual(slots);
    expect(optimizer.getSlot(b, 'velocity').shape).toEqual([1, 1]);
    optimizer.dispose();
    dispose([a, b]);
  });

  it('defaults: lr 0.001, beta1 0.9, beta2 0.999, epsilon 1e-7, name lamb', () => {
    const optimizer = new Lamb();
    expect([optimizer.learningRate, optimizer.beta1, optimizer.beta2, optimizer.epsilon]).toEqual([
      0.001, 0.9, 0.999, 1e-7,
    ]);
    expect(optimizer.name).toMatch(/^lamb(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Lamb({ beta1: 1 })).toThrow('Lamb: `beta1` must be a number in [0, 1), got 1.');
    expect(() => new Lamb({ beta2: -0.1 })).toThrow('Lamb: `beta2` must be a number in [0, 1), got -0.1.');
    expect(() => new Lamb({ epsilon: -1 })).toThrow(ValueError);
    expect(() => new Lamb({ epsilon: Number.NaN })).toThrow(/`epsilon` must be a finite number >= 0/);
    expect(() => new Lamb({ amsgrad: true } as never)).toThrow(/option\(s\) not recognized: amsgrad/);
    new Lamb({ beta1: 0, beta2: 0, epsilon: 0 }).dispose();
  });

  it('reads a Keras config (snake_case keys, class_name) through getOptimizer', () => {
    expect(getRegisteredClass('Lamb')).toBe(Lamb);
    const k = getOptimizer({
      class_name: 'Lamb',
      config: {
        name: 'lamb',
        learning_rate: 0.002,
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: 1.0,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.8,
        beta_2: 0.99,
        epsilon: 1e-6,
      },
    }) as Lamb;
    expect(k).toBeInstanceOf(Lamb);
    expect([k.name, k.learningRate, k.globalClipnorm, k.beta1, k.beta2, k.epsilon]).toEqual([
      'lamb',
      0.002,
      1,
      0.8,
      0.99,
      1e-6,
    ]);
    k.dispose();
  });
});

describe('Lamb on a real problem', () => {
  it('fits logistic regression on the breast cancer data (lr 0.05, 200 steps)', async () => {
    // Measured: loss 0.693 -> 0.037 (cpu) / 0.043 (wasm), accuracy 0.989-0.991.
    const optimizer = new Lamb({ learningRate: 0.05 });
    const r = await logisticRegression(optimizer, 200);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 6);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (weight decay + globalClipnorm + EMA)', async () => {
    const optimizer = new Lamb({ weightDecay: 0.01, globalClipnorm: 1, useEma: true });
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
    expect((await values(b))[0]).toBeGreaterThan(0.5);
    optimizer.dispose();
    dispose([w, b, gw, gb]);
  });
});

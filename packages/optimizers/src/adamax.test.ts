// Adamax: Keras 3's own tests (keras/src/optimizers/adamax_test.py), ported
// with their tolerances, plus multi-step checks against a float64
// transcription of the update rule in keras/src/optimizers/adamax.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, fill, tensor, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Adamax } from './adamax.js';
import { getOptimizer, optimizerIdentifiers } from './get.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/adamax.py update_step (after the base class's weight decay), in float64, for a 1-D variable. */
function referenceAdamax(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weightDecay = 0 } = {},
): number[][] {
  const w = [...w0];
  const m = w.map(() => 0);
  const u = w.map(() => 0);
  const out: number[][] = [];
  gradients.forEach((g, step) => {
    const t = step + 1;
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      m[i] += (g[i] - m[i]) * (1 - beta1);
      u[i] = Math.max(beta2 * u[i], Math.abs(g[i]));
      w[i] -= (lr * m[i]) / ((1 - beta1 ** t) * (u[i] + epsilon));
    }
    out.push([...w]);
  });
  return out;
}

describe('Adamax (keras/src/optimizers/adamax_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Adamax({ learningRate: 0.5, beta1: 0.8, beta2: 0.95, epsilon: 1e-5 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, beta1: 0.8, beta2: 0.95, epsilon: 1e-5 });
    const revived = Adamax.fromConfig(config);
    expect(revived).toBeInstanceOf(Adamax);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.beta1, revived.beta2, revived.epsilon]).toEqual([0.5, 0.8, 0.95, 1e-5]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Adamax({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.5, 1.5, 2.5, 3.5], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
    dispose([grads, vars]);
  });

  kerasCommonTests({
    make: (options) => new Adamax(options),
    golden: {
      options: { learningRate: 0.2, beta1: 0.85, beta2: 0.95, epsilon: 1e-6 },
      expected: [
        [0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8, 0.8],
        [0.6827, 0.6873, 0.6888, 0.6896, 0.6901, 0.6904, 0.6906, 0.6908, 0.6909, 0.691],
        [0.5333, 0.5407, 0.5431, 0.5444, 0.5451, 0.5456, 0.546, 0.5462, 0.5464, 0.5466],
        [0.368, 0.3773, 0.3804, 0.382, 0.3829, 0.3835, 0.384, 0.3843, 0.3846, 0.3848],
        [0.1933, 0.204, 0.2076, 0.2094, 0.2105, 0.2112, 0.2117, 0.2121, 0.2124, 0.2126],
      ],
    },
  });
});

describe('Adamax multi-step (float64 transcription of keras/src/optimizers/adamax.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const gradients = [
    [1.0, -2.0, 0.5],
    [0.5, -1.0, 0.25],
    [-0.3, 0.2, 2.0],
    [0.01, 0.01, 0.01],
    [2.0, 3.0, -4.0],
    [-1.0, 0.5, 0.1],
  ];
  const cases: Array<{
    label: string;
    options: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number };
  }> = [
    { label: 'defaults', options: {} },
    { label: 'beta1 0.5, beta2 0.8, epsilon 1e-3', options: { beta1: 0.5, beta2: 0.8, epsilon: 1e-3 } },
    { label: 'beta2 1 (a plain running maximum), weightDecay 0.05', options: { beta2: 1, weightDecay: 0.05 } },
    { label: 'beta1 0, beta2 0 (sign descent)', options: { beta1: 0, beta2: 0 } },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new Adamax({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceAdamax([1, 2, 3], gradients, { lr: 0.1, ...options });
      for (const [i, g] of gradients.entries()) {
        const gt = tensor(g);
        optimizer.applyGradients([[gt, w]]);
        gt.dispose();
        await expectAllClose(w, expected[i], tol);
      }
      expect(optimizer.iterations).toBe(gradients.length);
      optimizer.dispose();
      w.dispose();
    });
  }

  it('the norm slot holds max(beta2 * u, |g|) per element', async () => {
    const optimizer = new Adamax({ beta2: 0.5 });
    const w = variable(tensor([0, 0, 0]));
    for (const g of [
      [4, -1, 0],
      [1, -3, 0],
      [-1, 1, 0],
    ]) {
      const gt = tensor(g);
      optimizer.applyGradients([[gt, w]]);
      gt.dispose();
    }
    // Element 0: 4, max(2, 1) = 2, max(1, 1) = 1. Element 1: 1, max(0.5, 3) = 3, max(1.5, 1) = 1.5. Element 2: 0.
    await expectAllClose(optimizer.getSlot(w, 'norm'), [1, 1.5, 0]);
    optimizer.dispose();
    w.dispose();
  });

  it('epsilon is added to u in the denominator (Keras), not inside the max (PyTorch)', async () => {
    // lr 1, beta2 0.5, epsilon 1e-3, gradients 4e-3 then 1e-3.
    // Step 1: m = 4e-4, u = 4e-3, bias correction 0.1: w = -4e-4 / (0.1 * 5e-3) = -0.8 (PyTorch agrees).
    // Step 2: m = 4.6e-4, bias correction 0.19. Keras: u = max(0.5 * 4e-3, 1e-3) = 2e-3, denominator
    // 0.19 * (2e-3 + 1e-3). PyTorch: u = max(0.5 * (4e-3 + 1e-3), 1e-3 + 1e-3) = 2.5e-3, denominator 0.19 * 2.5e-3.
    const optimizer = new Adamax({ learningRate: 1, beta2: 0.5, epsilon: 1e-3 });
    const w = variable(tensor([0]));
    for (const g of [4e-3, 1e-3]) {
      const gt = tensor([g]);
      optimizer.applyGradients([[gt, w]]);
      gt.dispose();
    }
    const keras = -0.8 - 4.6e-4 / (0.19 * 3e-3);
    const pytorch = -0.8 - 4.6e-4 / (0.19 * 2.5e-3);
    expect(Math.abs(keras - pytorch)).toBeGreaterThan(0.1);
    await expectAllClose(w, [keras], { rtol: 1e-5, atol: 1e-6 });
    optimizer.dispose();
    w.dispose();
  });

  it('slots in Keras order: momentum and norm interleaved per variable', () => {
    const optimizer = new Adamax();
    const a = variable(tensor([1, 2]));
    const b = variable(tensor([[3]]));
    optimizer.build([a, b]);
    const slots = [a, b].flatMap((v) => [optimizer.getSlot(v, 'momentum'), optimizer.getSlot(v, 'norm')]);
    // [iteration, learning_rate, ...slots]
    expect(optimizer.variables().slice(2)).toEqual(slots);
    expect(optimizer.getSlot(b, 'norm').shape).toEqual([1, 1]);
    expect(optimizer.getSlot(a, 'norm').name).toMatch(/^adamax(_\d+)?\/.*_norm$/);
    optimizer.dispose();
    dispose([a, b]);
  });
});

describe('Adamax options, identifiers, convergence, memory', () => {
  it("defaults are Keras 3's; the default name is Keras's auto name", () => {
    const optimizer = new Adamax();
    expect([
      optimizer.learningRate,
      optimizer.beta1,
      optimizer.beta2,
      optimizer.epsilon,
      optimizer.weightDecay,
    ]).toEqual([0.001, 0.9, 0.999, 1e-7, null]);
    expect(optimizer.name).toMatch(/^adamax(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Adamax({ beta1: 1 })).toThrow('Adamax: `beta1` must be a number in [0, 1), got 1.');
    expect(() => new Adamax({ beta1: -0.1 })).toThrow(ValueError);
    expect(() => new Adamax({ beta2: 1.5 })).toThrow('Adamax: `beta2` must be a number in [0, 1], got 1.5.');
    expect(() => new Adamax({ epsilon: Number.NaN })).toThrow(/`epsilon` must be a finite number >= 0/);
    expect(() => new Adamax({ amsgrad: true } as never)).toThrow(/option\(s\) not recognized: amsgrad/);
    // Boundary values are accepted.
    for (const o of [new Adamax({ beta1: 0, beta2: 0, epsilon: 0 }), new Adamax({ beta2: 1 })]) o.dispose();
  });

  it("string identifiers: 'adamax', 'Adamax', 'ADAMAX'; Keras configs", () => {
    expect(optimizerIdentifiers()).toContain('adamax');
    for (const name of ['adamax', 'Adamax', 'ADAMAX']) {
      const o = getOptimizer(name);
      expect(o).toBeInstanceOf(Adamax);
      expect(o.learningRate).toBe(0.001);
      o.dispose();
    }
    expect(getRegisteredClass('Adamax')).toBe(Adamax);
    const k = getOptimizer({
      class_name: 'Adamax',
      config: {
        name: 'adamax',
        learning_rate: 0.002,
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.8,
        beta_2: 0.95,
        epsilon: 1e-6,
      },
    }) as Adamax;
    expect(k).toBeInstanceOf(Adamax);
    expect([k.name, k.learningRate, k.beta1, k.beta2, k.epsilon]).toEqual(['adamax', 0.002, 0.8, 0.95, 1e-6]);
    k.dispose();
  });

  it('fits logistic regression on the breast cancer data', async () => {
    const optimizer = new Adamax({ learningRate: 0.05 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (clipvalue + weight decay)', async () => {
    const optimizer = new Adamax({ clipvalue: 0.25, weightDecay: 0.01 });
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
    expect((await values(optimizer.getSlot(w, 'norm')))[0]).toBeCloseTo(0.25, 6);
    optimizer.dispose();
    dispose([w, b, gw, gb]);
  });
});

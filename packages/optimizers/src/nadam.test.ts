// Nadam: Keras 3's own tests (keras/src/optimizers/nadam_test.py), ported
// with their tolerances, plus multi-step checks against a float64
// transcription of keras/src/optimizers/nadam.py, and checks of the shared
// `u_product` variable (advanced once per update, saved and restored).
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { clone, dispose, tensor, variable } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { getOptimizer, optimizerIdentifiers } from './get.js';
import { Nadam } from './nadam.js';
import { expectAllClose, expectStableSteps, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/**
 * keras/src/optimizers/nadam.py (`_backend_update_step` advancing u_product
 * once, then update_step per element, after the base class's weight decay),
 * in float64, for a 1-D variable. Returns the weights and u_product after each step.
 */
function referenceNadam(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, weightDecay = 0 } = {},
): { weights: number[][]; uProducts: number[] } {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  let uProduct = 1;
  const weights: number[][] = [];
  const uProducts: number[] = [];
  gradients.forEach((g, step) => {
    const t = step + 1;
    const uT = beta1 * (1 - 0.5 * 0.96 ** t);
    const uT1 = beta1 * (1 - 0.5 * 0.96 ** (t + 1));
    uProduct *= uT;
    const uProductT1 = uProduct * uT1;
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      const mHat = (uT1 * m[i]) / (1 - uProductT1) + ((1 - uT) * g[i]) / (1 - uProduct);
      const vHat = v[i] / (1 - beta2 ** t);
      w[i] -= (mHat * lr) / (Math.sqrt(vHat) + epsilon);
    }
    weights.push([...w]);
    uProducts.push(uProduct);
  });
  return { weights, uProducts };
}

const gradients = [
  [1.0, -2.0, 0.5],
  [0.5, -1.0, 0.25],
  [-0.3, 0.2, 2.0],
  [0.01, 0.01, 0.01],
  [2.0, 3.0, -4.0],
  [-1.0, 0.5, 0.1],
];

/** Applies `gradients` one step at a time to a fresh [1, 2, 3] variable; returns it. */
function run(optimizer: Nadam, grads: number[][] = gradients) {
  const w = variable(tensor([1.0, 2.0, 3.0]));
  for (const g of grads) {
    const gt = tensor(g);
    optimizer.applyGradients([[gt, w]]);
    gt.dispose();
  }
  return w;
}

describe('Nadam (keras/src/optimizers/nadam_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Nadam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 });
    const revived = Nadam.fromConfig(config);
    expect(revived).toBeInstanceOf(Nadam);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.beta1, revived.beta2, revived.epsilon]).toEqual([0.5, 0.5, 0.67, 1e-5]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_build_with_empty_var_list: build([]) creates u_product, a float32 scalar 1', async () => {
    const optimizer = new Nadam();
    expect(optimizer.uProduct).toBeNull();
    optimizer.build([]);
    const uProduct = optimizer.uProduct as NonNullable<Nadam['uProduct']>;
    expect(uProduct.dtype).toBe('float32');
    expect(uProduct.shape).toEqual([]);
    expect(uProduct.trainable).toBe(false);
    expect(await values(uProduct)).toEqual([1]);
    expect(optimizer.variables()).toEqual([optimizer.iterationsVariable, expect.anything(), uProduct]);
    // A second build does not make another one.
    optimizer.build([]);
    expect(optimizer.uProduct).toBe(uProduct);
    expect(optimizer.variables()).toHaveLength(3);
    optimizer.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Nadam({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.4686, 1.4686, 2.4686, 3.4686], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
    dispose([grads, vars]);
  });

  kerasCommonTests({
    make: (options) => new Nadam(options),
    golden: {
      options: { learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 },
      expected: [
        [0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281, 0.4281],
        [-0.1738, -0.1731, -0.1726, -0.1723, -0.1721, -0.172, -0.1719, -0.1718, -0.1718, -0.1717],
        [-0.7115, -0.7103, -0.7096, -0.7092, -0.709, -0.7088, -0.7086, -0.7085, -0.7085, -0.7084],
        [-1.2335, -1.2322, -1.2313, -1.2309, -1.2306, -1.2304, -1.2302, -1.2301, -1.23, -1.2299],
        [-1.7492, -1.7478, -1.7469, -1.7464, -1.7461, -1.7459, -1.7457, -1.7456, -1.7455, -1.7454],
      ],
    },
  });
});

describe('Nadam multi-step (float64 transcription of keras/src/optimizers/nadam.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const cases: Array<{
    label: string;
    options: { beta1?: number; beta2?: number; epsilon?: number; weightDecay?: number };
  }> = [
    { label: 'defaults', options: {} },
    { label: 'beta1 0.5, beta2 0.67, epsilon 1e-5', options: { beta1: 0.5, beta2: 0.67, epsilon: 1e-5 } },
    { label: 'beta1 0.99, weightDecay 0.05', options: { beta1: 0.99, weightDecay: 0.05 } },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new Nadam({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceNadam([1, 2, 3], gradients, { lr: 0.1, ...options });
      for (const [i, g] of gradients.entries()) {
        const gt = tensor(g);
        optimizer.applyGradients([[gt, w]]);
        gt.dispose();
        await expectAllClose(w, expected.weights[i], tol);
        await expectAllClose(optimizer.uProduct as NonNullable<Nadam['uProduct']>, [expected.uProducts[i]], tol);
      }
      expect(optimizer.iterations).toBe(gradients.length);
      optimizer.dispose();
      w.dispose();
    });
  }

  it("the momentum schedule is 0.96^t (Keras), not PyTorch's 0.96^(0.004 t)", async () => {
    // One step, g = 1, lr 1, beta1 0.9, epsilon 0: m = 0.1, v_hat = 1, so the step is m_hat.
    const step = (psi: number) => {
      const u1 = 0.9 * (1 - 0.5 * 0.96 ** psi);
      const u2 = 0.9 * (1 - 0.5 * 0.96 ** (2 * psi));
      return (u2 * 0.1) / (1 - u1 * u2) + (1 - u1) / (1 - u1);
    };
    expect(Math.abs(step(1) - step(0.004))).toBeGreaterThan(1e-3);
    const optimizer = new Nadam({ learningRate: 1, epsilon: 0 });
    const w = variable(tensor([0]));
    const g = tensor([1]);
    optimizer.applyGradients([[g, w]]);
    await expectAllClose(w, [-step(1)], { rtol: 1e-6, atol: 1e-6 });
    await expectAllClose(optimizer.uProduct as NonNullable<Nadam['uProduct']>, [0.9 * 0.52], { rtol: 1e-6 });
    optimizer.dispose();
    dispose([w, g]);
  });

  it('u_product advances once per update, however many variables the update has', async () => {
    const together = new Nadam({ learningRate: 0.1 });
    const a = variable(tensor([1.0, 2.0, 3.0]));
    const b = variable(tensor([1.0, 2.0, 3.0]));
    const c = variable(tensor([[1.0], [2.0]]));
    for (const g of gradients) {
      const ga = tensor(g);
      const gc = tensor([[g[0]], [g[1]]]);
      together.applyGradients([
        [ga, a],
        [ga, b],
        [gc, c],
      ]);
      dispose([ga, gc]);
    }
    const expected = referenceNadam([1, 2, 3], gradients, { lr: 0.1 });
    await expectAllClose(together.uProduct as NonNullable<Nadam['uProduct']>, [expected.uProducts[5]], tol);
    await expectAllClose(a, expected.weights[5], tol);
    await expectAllClose(b, expected.weights[5], tol);
    await expectAllClose(c, expected.weights[5].slice(0, 2), tol);
    // Slots: momentum and velocity interleaved per variable, u_product last, as Keras's build.
    const slots = [a, b, c].flatMap((v) => [together.getSlot(v, 'momentum'), together.getSlot(v, 'velocity')]);
    expect(together.variables().slice(2)).toEqual([...slots, together.uProduct]);
    together.dispose();
    dispose([a, b, c]);
  });

  it('a variable first seen later gets its own slots; u_product is not made again', async () => {
    const optimizer = new Nadam({ learningRate: 0.1 });
    const a = variable(tensor([1.0, 2.0, 3.0]));
    const b = variable(tensor([1.0, 2.0, 3.0]));
    const g = tensor(gradients[0]);
    optimizer.applyGradients([[g, a]]);
    const uProduct = optimizer.uProduct;
    optimizer.applyGradients([
      [g, a],
      [g, b],
    ]);
    expect(optimizer.uProduct).toBe(uProduct);
    expect(optimizer.variables()).toHaveLength(2 + 2 + 1 + 2);
    const expected = referenceNadam([1, 2, 3], [gradients[0], gradients[0]], { lr: 0.1 });
    await expectAllClose(a, expected.weights[1], tol);
    await expectAllClose(uProduct as NonNullable<Nadam['uProduct']>, [expected.uProducts[1]], tol);
    optimizer.dispose();
    dispose([a, b, g]);
  });

  it('with gradient accumulation, u_product advances only on real updates', async () => {
    const optimizer = new Nadam({ learningRate: 0.1, gradientAccumulationSteps: 2 });
    const w = run(optimizer, gradients.slice(0, 4));
    // Two real updates, with the mean of each pair of gradients.
    const means = [0, 2].map((k) => gradients[k].map((x, i) => (x + gradients[k + 1][i]) / 2));
    const expected = referenceNadam([1, 2, 3], means, { lr: 0.1 });
    expect(optimizer.iterations).toBe(2);
    await expectAllClose(optimizer.uProduct as NonNullable<Nadam['uProduct']>, [expected.uProducts[1]], tol);
    await expectAllClose(w, expected.weights[1], tol);
    optimizer.dispose();
    w.dispose();
  });

  it('save and restore: setWeights on a fresh optimizer (u_product included) continues the same run', async () => {
    const first = new Nadam({ learningRate: 0.1 });
    const w = run(first, gradients.slice(0, 3));
    const saved = first.variables().map((v) => clone(v));
    const restored = new Nadam({ learningRate: 0.1 });
    const w2 = variable(clone(w));
    restored.build([w2]);
    restored.setWeights(saved);
    expect(restored.iterations).toBe(3);
    await expectAllClose(restored.uProduct as NonNullable<Nadam['uProduct']>, await values(first.uProduct as never));
    for (const g of gradients.slice(3)) {
      const gt = tensor(g);
      first.applyGradients([[gt, w]]);
      restored.applyGradients([[gt, w2]]);
      gt.dispose();
    }
    const expected = referenceNadam([1, 2, 3], gradients, { lr: 0.1 });
    await expectAllClose(w, expected.weights[5], tol);
    await expectAllClose(w2, expected.weights[5], tol);
    // Rewinding the same optimizer to the saved state and stepping again repeats the run too.
    first.setWeights(saved);
    const w3 = variable(tensor(expected.weights[2]));
    first.build([w3]);
    const gt = tensor(gradients[3]);
    first.applyGradients([[gt, w3]]);
    await expectAllClose(first.uProduct as NonNullable<Nadam['uProduct']>, [expected.uProducts[3]], tol);
    first.dispose();
    restored.dispose();
    dispose([w, w2, w3, gt, ...saved]);
  });
});

describe('Nadam options, identifiers, convergence, memory', () => {
  it("defaults are Keras 3's; the default name is Keras's auto name", () => {
    const optimizer = new Nadam();
    expect([
      optimizer.learningRate,
      optimizer.beta1,
      optimizer.beta2,
      optimizer.epsilon,
      optimizer.weightDecay,
    ]).toEqual([0.001, 0.9, 0.999, 1e-7, null]);
    expect(optimizer.name).toMatch(/^nadam(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Nadam({ beta1: 1 })).toThrow('Nadam: `beta1` must be a number in [0, 1), got 1.');
    expect(() => new Nadam({ beta2: -0.1 })).toThrow('Nadam: `beta2` must be a number in [0, 1), got -0.1.');
    expect(() => new Nadam({ beta2: 1 })).toThrow(ValueError);
    expect(() => new Nadam({ epsilon: Number.POSITIVE_INFINITY })).toThrow(/`epsilon` must be a finite number >= 0/);
    expect(() => new Nadam({ momentumDecay: 0.004 } as never)).toThrow(/option\(s\) not recognized: momentumDecay/);
    for (const o of [new Nadam({ beta1: 0, beta2: 0, epsilon: 0 })]) o.dispose();
  });

  it("string identifiers: 'nadam', 'Nadam', 'NAdam'; Keras configs", () => {
    expect(optimizerIdentifiers()).toContain('nadam');
    for (const name of ['nadam', 'Nadam', 'NAdam']) {
      const o = getOptimizer(name);
      expect(o).toBeInstanceOf(Nadam);
      expect(o.learningRate).toBe(0.001);
      o.dispose();
    }
    expect(getRegisteredClass('Nadam')).toBe(Nadam);
    const k = getOptimizer({
      class_name: 'Nadam',
      config: {
        name: 'nadam',
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
    }) as Nadam;
    expect(k).toBeInstanceOf(Nadam);
    expect([k.name, k.learningRate, k.beta1, k.beta2, k.epsilon]).toEqual(['nadam', 0.002, 0.8, 0.95, 1e-6]);
    k.dispose();
  });

  it('fits logistic regression on the breast cancer data', async () => {
    const optimizer = new Nadam({ learningRate: 0.05 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (globalClipnorm + weight decay + EMA)', async () => {
    const optimizer = new Nadam({ globalClipnorm: 1, weightDecay: 0.01, useEma: true });
    await expectStableSteps(optimizer);
  });
});

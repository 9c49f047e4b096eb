// RMSprop: Keras 3's own tests (keras/src/optimizers/rmsprop_test.py), ported
// with their tolerances, plus multi-step checks of every path (plain,
// centered, momentum, both) against a float64 transcription of the update
// rule in keras/src/optimizers/rmsprop.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { add, dispose, div, matMul, mean, scalar, square, sub, tensor, variable, zeros } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { getOptimizer, optimizerIdentifiers, RMSprop } from './index.js';
import { expectAllClose, expectStableSteps, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/rmsprop.py update_step, in float64, for a 1-D variable. */
function referenceRMSprop(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, rho = 0.9, momentum = 0, epsilon = 1e-7, centered = false } = {},
): number[][] {
  const w = [...w0];
  const velocity = w.map(() => 0);
  const averageGrad = w.map(() => 0);
  const mom = w.map(() => 0);
  const out: number[][] = [];
  for (const g of gradients) {
    for (let i = 0; i < w.length; i++) {
      velocity[i] = rho * velocity[i] + (1 - rho) * g[i] * g[i];
      let denominator: number;
      if (centered) {
        averageGrad[i] = rho * averageGrad[i] + (1 - rho) * g[i];
        denominator = velocity[i] - averageGrad[i] * averageGrad[i] + epsilon;
      } else {
        denominator = velocity[i] + epsilon;
      }
      const increment = (lr * g[i]) / Math.sqrt(denominator);
      if (momentum > 0) {
        mom[i] = momentum * mom[i] + increment;
        w[i] -= mom[i];
      } else {
        w[i] -= increment;
      }
    }
    out.push([...w]);
  }
  return out;
}

describe('RMSprop (keras/src/optimizers/rmsprop_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new RMSprop({ learningRate: 0.5, rho: 0.8, momentum: 0.05, epsilon: 1e-6, centered: true });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, rho: 0.8, momentum: 0.05, epsilon: 1e-6, centered: true });
    const revived = RMSprop.fromConfig(config);
    expect(revived).toBeInstanceOf(RMSprop);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.rho, revived.momentum, revived.epsilon, revived.centered]).toEqual([
      0.5,
      0.8,
      0.05,
      1e-6,
      true,
    ]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new RMSprop({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [-0.5811, 0.4189, 1.4189, 2.4189], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  kerasCommonTests({
    make: (options) => new RMSprop(options),
    golden: { options: { centered: true }, expected: [0.9967, 0.9933, 0.9908, 0.9885, 0.9864] },
  });

  it("the class docstring's example: lr 0.1, loss w^2 / 2 from w = 10 gives 9.683772", async () => {
    const optimizer = new RMSprop({ learningRate: 0.1 });
    const w = variable(scalar(10));
    optimizer.minimize(() => div(square(w), 2), [w]).dispose();
    expect((await values(w))[0]).toBeCloseTo(9.683772, 5);
    optimizer.dispose();
  });
});

describe('RMSprop multi-step (float64 transcription of keras/src/optimizers/rmsprop.py)', () => {
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
    options: { rho?: number; momentum?: number; epsilon?: number; centered?: boolean };
  }> = [
    { label: 'plain', options: {} },
    { label: 'centered', options: { centered: true } },
    { label: 'momentum 0.9', options: { momentum: 0.9 } },
    {
      label: 'centered + momentum 0.5, rho 0.8, epsilon 1e-3',
      options: { centered: true, momentum: 0.5, rho: 0.8, epsilon: 1e-3 },
    },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new RMSprop({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceRMSprop([1, 2, 3], gradients, { lr: 0.1, ...options });
      for (const [i, g] of gradients.entries()) {
        optimizer.applyGradients([[tensor(g), w]]);
        await expectAllClose(w, expected[i], tol);
      }
      expect(optimizer.iterations).toBe(gradients.length);
      optimizer.dispose();
    });
  }

  it('the paths really differ: centered and momentum move the weights differently from plain', () => {
    const plain = referenceRMSprop([0], [[1], [1]], { lr: 0.1 })[1][0];
    const centered = referenceRMSprop([0], [[1], [1]], { lr: 0.1, centered: true })[1][0];
    const momentum = referenceRMSprop([0], [[1], [1]], { lr: 0.1, momentum: 0.9 })[1][0];
    expect(centered).not.toBeCloseTo(plain, 3);
    expect(momentum).not.toBeCloseTo(plain, 3);
  });

  it('epsilon sits inside the square root (Keras), not added to sqrt(v) (PyTorch)', async () => {
    // g = 1e-3, rho 0.9: v = 1e-7, epsilon 1e-6. Keras: 1e-3 / sqrt(1.1e-6) = 0.953463;
    // PyTorch's 1e-3 / (sqrt(1e-7) + 1e-6) would give 3.152.
    const optimizer = new RMSprop({ learningRate: 1, epsilon: 1e-6 });
    const w = variable(tensor([0]));
    optimizer.applyGradients([[tensor([1e-3]), w]]);
    await expectAllClose(w, [-1e-3 / Math.sqrt(1.1e-6)], { rtol: 1e-5, atol: 1e-6 });
    optimizer.dispose();
  });

  it('slots in Keras order: every velocity, then every momentum, then every average_gradient', () => {
    const optimizer = new RMSprop({ momentum: 0.9, centered: true });
    const a = variable(tensor([1, 2]));
    const b = variable(tensor([[3]]));
    optimizer.build([a, b]);
    const slots = ['velocity', 'momentum', 'average_gradient'].flatMap((s) => [
      optimizer.getSlot(a, s),
      optimizer.getSlot(b, s),
    ]);
    // [iteration, learning_rate, ...slots]
    expect(optimizer.variables().slice(2)).toEqual(slots);
    expect(optimizer.getSlot(b, 'momentum').shape).toEqual([1, 1]);
    optimizer.dispose();
  });

  it('momentum 0 and centered false create only the velocity slot', () => {
    const optimizer = new RMSprop();
    const a = variable(tensor([1, 2]));
    optimizer.build([a]);
    expect(optimizer.variables()).toHaveLength(3); // iteration, learning_rate, velocity
    expect(() => optimizer.getSlot(a, 'momentum')).toThrow(/no 'momentum' slot .*it has: velocity/);
    expect(() => optimizer.getSlot(a, 'average_gradient')).toThrow(ValueError);
    optimizer.dispose();
  });
});

describe('RMSprop options, identifiers, convergence, memory', () => {
  it("defaults are Keras 3's; the default name is Keras's auto name", () => {
    const optimizer = new RMSprop();
    expect([optimizer.learningRate, optimizer.rho, optimizer.momentum, optimizer.epsilon, optimizer.centered]).toEqual([
      0.001,
      0.9,
      0,
      1e-7,
      false,
    ]);
    expect(optimizer.name).toBe('rmsprop');
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new RMSprop({ rho: -0.1 })).toThrow(ValueError);
    expect(() => new RMSprop({ rho: 1.1 })).toThrow('RMSprop: `rho` must be a number in [0, 1], got 1.1.');
    expect(() => new RMSprop({ momentum: 2 })).toThrow('RMSprop: `momentum` must be a number in [0, 1], got 2.');
    expect(() => new RMSprop({ epsilon: -1e-7 })).toThrow(/`epsilon` must be a finite number >= 0/);
    expect(() => new RMSprop({ centered: 'yes' as never })).toThrow(/`centered` must be a boolean/);
    expect(() => new RMSprop({ beta1: 0.9 } as never)).toThrow(/option\(s\) not recognized: beta1/);
    // Boundary values are accepted.
    for (const o of [new RMSprop({ rho: 0, momentum: 1 }), new RMSprop({ rho: 1, momentum: 0 })]) o.dispose();
  });

  it("string identifiers: 'rmsprop', 'RMSprop', 'RMSProp', 'rms_prop'; Keras configs", () => {
    expect(optimizerIdentifiers()).toContain('rmsprop');
    for (const name of ['rmsprop', 'RMSprop', 'RMSProp', 'rms_prop', 'rmsProp']) {
      const o = getOptimizer(name);
      expect(o).toBeInstanceOf(RMSprop);
      expect(o.learningRate).toBe(0.001);
      o.dispose();
    }
    expect(getRegisteredClass('RMSprop')).toBe(RMSprop);
    // A config as Keras writes it (snake_case keys, class_name).
    const k = getOptimizer({
      class_name: 'RMSprop',
      config: {
        name: 'rmsprop',
        learning_rate: 0.01,
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        rho: 0.95,
        momentum: 0.5,
        epsilon: 1e-6,
        centered: true,
      },
    }) as RMSprop;
    expect(k).toBeInstanceOf(RMSprop);
    expect([k.name, k.learningRate, k.rho, k.momentum, k.epsilon, k.centered]).toEqual([
      'rmsprop',
      0.01,
      0.95,
      0.5,
      1e-6,
      true,
    ]);
    const l = getOptimizer({ className: 'rmsprop', config: { learningRate: 0.2 } }) as RMSprop;
    expect([l.learningRate, l.rho]).toEqual([0.2, 0.9]);
    k.dispose();
    l.dispose();
  });

  for (const options of [{}, { momentum: 0.9 }, { centered: true }]) {
    it(`fits least squares y = x [2, -3] + 0.5: ${JSON.stringify(options)}`, async () => {
      const xs = [
        [0.1, 0.9],
        [0.4, -0.2],
        [-0.7, 0.3],
        [0.9, 0.6],
        [-0.3, -0.8],
        [0.5, 0.1],
        [-0.9, -0.4],
        [0.2, 0.5],
      ];
      const x = tensor(xs);
      const y = tensor(xs.map(([a, b]) => [2 * a - 3 * b + 0.5]));
      const w = variable(zeros([2, 1]));
      const b = variable(zeros([1]));
      // RMSprop's steps do not shrink with the gradient, so drop the rate for the last 200 steps.
      const optimizer = new RMSprop({ learningRate: (step) => (step < 400 ? 0.05 : 0.005), ...options });
      const loss = () => mean(square(sub(add(matMul(x, w), b), y)));
      const first = optimizer.minimize(loss, [w, b]);
      expect((await values(first))[0]).toBeGreaterThan(1);
      first.dispose();
      let last = Number.NaN;
      for (let step = 0; step < 600; step++) {
        const l = optimizer.minimize(loss, [w, b]);
        if (step === 599) last = (await values(l))[0];
        l.dispose();
      }
      expect(last).toBeLessThan(1e-4);
      await expectAllClose(w, [2, -3], { rtol: 0, atol: 2e-2 });
      await expectAllClose(b, [0.5], { rtol: 0, atol: 2e-2 });
      optimizer.dispose();
      dispose([x, y, w, b]);
    });
  }

  it('live tensor count is stable across 10 applyGradients calls (centered + momentum + clipnorm + weight decay)', async () => {
    const optimizer = new RMSprop({ centered: true, momentum: 0.9, clipnorm: 1, weightDecay: 0.01 });
    await expectStableSteps(optimizer);
  });
});

describe('RMSprop on a real problem', () => {
  it('fits logistic regression on the breast cancer data', async () => {
    const optimizer = new RMSprop({ learningRate: 0.01 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });
});

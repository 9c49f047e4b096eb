// Adagrad: Keras 3's own tests (keras/src/optimizers/adagrad_test.py), ported
// with their tolerances, plus multi-step checks against a float64
// transcription of the update rule in keras/src/optimizers/adagrad.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, tensor, variable } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { getOptimizer } from './get.js';
import { expectAllClose, expectStableSteps, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/adagrad.py update_step (after the base class's weight decay), in float64, for a 1-D variable. */
function referenceAdagrad(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, initialAccumulatorValue = 0.1, epsilon = 1e-7, weightDecay = 0 } = {},
): number[][] {
  const w = [...w0];
  const accumulator = w.map(() => initialAccumulatorValue);
  const out: number[][] = [];
  for (const g of gradients) {
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      accumulator[i] += g[i] * g[i];
      w[i] -= (lr * g[i]) / Math.sqrt(accumulator[i] + epsilon);
    }
    out.push([...w]);
  }
  return out;
}

describe('Adagrad (keras/src/optimizers/adagrad_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Adagrad({ learningRate: 0.5, initialAccumulatorValue: 0.2, epsilon: 1e-5 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, initialAccumulatorValue: 0.2, epsilon: 1e-5 });
    const revived = Adagrad.fromConfig(config);
    expect(revived).toBeInstanceOf(Adagrad);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.initialAccumulatorValue, revived.epsilon]).toEqual([0.5, 0.2, 1e-5]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Adagrad({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.5233, 1.5007, 2.5005, 3.5061], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
    dispose([grads, vars]);
  });

  kerasCommonTests({
    make: (options) => new Adagrad(options),
    golden: {
      options: { learningRate: 0.2, initialAccumulatorValue: 0.3, epsilon: 1e-6 },
      expected: [
        [0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963, 0.9963],
        [0.9604, 0.9278, 0.9003, 0.8784, 0.8615, 0.8487, 0.8388, 0.8313, 0.8255, 0.8209],
        [0.9251, 0.8629, 0.8137, 0.7768, 0.7497, 0.7298, 0.7151, 0.704, 0.6956, 0.6891],
        [0.8903, 0.8012, 0.7342, 0.6862, 0.6521, 0.6277, 0.6099, 0.5967, 0.5867, 0.579],
        [0.856, 0.7422, 0.6604, 0.6037, 0.5644, 0.5367, 0.5168, 0.5021, 0.491, 0.4825],
      ],
    },
  });
});

describe('Adagrad multi-step (float64 transcription of keras/src/optimizers/adagrad.py)', () => {
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
    options: { initialAccumulatorValue?: number; epsilon?: number; weightDecay?: number };
  }> = [
    { label: 'defaults', options: {} },
    { label: 'initialAccumulatorValue 0, epsilon 1e-3', options: { initialAccumulatorValue: 0, epsilon: 1e-3 } },
    {
      label: 'initialAccumulatorValue 2, weightDecay 0.05',
      options: { initialAccumulatorValue: 2, weightDecay: 0.05 },
    },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new Adagrad({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceAdagrad([1, 2, 3], gradients, { lr: 0.1, ...options });
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

  it('initial accumulator 0.1 and epsilon inside the square root (Keras), not PyTorch (0, eps added to sqrt)', async () => {
    // Keras, initialAccumulatorValue 0, epsilon 1e-6, g = 1e-3: 1e-3 / sqrt(1e-6 + 1e-6) = 0.70711;
    // PyTorch's 1e-3 / (sqrt(1e-6) + 1e-6) would be 0.999.
    const a = new Adagrad({ learningRate: 1, initialAccumulatorValue: 0, epsilon: 1e-6 });
    const wa = variable(tensor([0]));
    const ga = tensor([1e-3]);
    a.applyGradients([[ga, wa]]);
    await expectAllClose(wa, [-1e-3 / Math.sqrt(2e-6)], { rtol: 1e-5, atol: 1e-7 });
    // Keras's defaults, g = 1: 1 / sqrt(0.1 + 1 + 1e-7) = 0.95346; PyTorch's would be 1 / (1 + 1e-10) = 1.
    const b = new Adagrad({ learningRate: 1 });
    const wb = variable(tensor([0]));
    const gb = tensor([1]);
    b.applyGradients([[gb, wb]]);
    await expectAllClose(wb, [-1 / Math.sqrt(1.1 + 1e-7)], { rtol: 1e-6, atol: 1e-7 });
    a.dispose();
    b.dispose();
    dispose([wa, ga, wb, gb]);
  });

  it("slots in Keras's order, filled with initialAccumulatorValue", async () => {
    const optimizer = new Adagrad({ initialAccumulatorValue: 0.25 });
    const a = variable(tensor([1, 2]));
    const b = variable(tensor([[3]]));
    optimizer.build([a, b]);
    // [iteration, learning_rate, a accumulator, b accumulator]
    expect(optimizer.variables().slice(2)).toEqual([
      optimizer.getSlot(a, 'accumulator'),
      optimizer.getSlot(b, 'accumulator'),
    ]);
    expect(optimizer.getSlot(b, 'accumulator').shape).toEqual([1, 1]);
    expect(await values(optimizer.getSlot(a, 'accumulator'))).toEqual([0.25, 0.25]);
    expect(optimizer.getSlot(a, 'accumulator').name).toMatch(/^adagrad(_\d+)?\/.*_accumulator$/);
    optimizer.dispose();
    dispose([a, b]);
  });
});

describe('Adagrad options, configs, convergence, memory', () => {
  it("defaults are Keras 3's; the default name is Keras's auto name", () => {
    const optimizer = new Adagrad();
    expect([optimizer.learningRate, optimizer.initialAccumulatorValue, optimizer.epsilon]).toEqual([0.001, 0.1, 1e-7]);
    expect(optimizer.name).toMatch(/^adagrad(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Adagrad({ initialAccumulatorValue: -0.1 })).toThrow(ValueError);
    expect(() => new Adagrad({ initialAccumulatorValue: -0.1 })).toThrow(
      'Adagrad: `initialAccumulatorValue` must be a finite number >= 0, got -0.1.',
    );
    expect(() => new Adagrad({ epsilon: -1e-7 })).toThrow(
      'Adagrad: `epsilon` must be a finite number >= 0, got -1e-7.',
    );
    expect(() => new Adagrad({ epsilon: Number.NaN })).toThrow(/`epsilon` must be a finite number >= 0/);
    expect(() => new Adagrad({ initialAccumulatorValue: '0.1' as never })).toThrow(/`initialAccumulatorValue`/);
    expect(() => new Adagrad({ rho: 0.9 } as never)).toThrow(/option\(s\) not recognized: rho/);
    expect(() => new Adagrad({ learningRate: -1 })).toThrow(/`learningRate` must be a finite number >= 0/);
    // Boundary values are accepted.
    new Adagrad({ initialAccumulatorValue: 0, epsilon: 0 }).dispose();
  });

  it('is registered as Adagrad; a config as Keras writes it (snake_case keys, class_name) loads', () => {
    expect(getRegisteredClass('Adagrad')).toBe(Adagrad);
    const k = getOptimizer({
      class_name: 'Adagrad',
      config: {
        name: 'adagrad',
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
        initial_accumulator_value: 0.3,
        epsilon: 1e-6,
      },
    }) as Adagrad;
    expect(k).toBeInstanceOf(Adagrad);
    expect([k.name, k.learningRate, k.initialAccumulatorValue, k.epsilon]).toEqual(['adagrad', 0.01, 0.3, 1e-6]);
    k.dispose();
  });

  it('fits logistic regression on the breast cancer data (lr 0.1, 100 steps)', async () => {
    // Measured on cpu and wasm: final loss 0.0834 (from ln 2), accuracy 0.986.
    const optimizer = new Adagrad({ learningRate: 0.1 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.firstLoss).toBeCloseTo(Math.LN2, 5);
    expect(r.finalLoss).toBeLessThan(0.12);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (clipnorm + weight decay)', async () => {
    const optimizer = new Adagrad({ clipnorm: 1, weightDecay: 0.01 });
    await expectStableSteps(optimizer);
  });
});

// Lion: Keras 3's own tests (keras/src/optimizers/lion_test.py), ported with
// their tolerances, plus multi-step checks against a float64 transcription
// of the update rule in keras/src/optimizers/lion.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, fill, tensor, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { getOptimizer } from './get.js';
import { Lion } from './lion.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/lion.py update_step (after the base class's weight decay), in float64, flat. */
function referenceLion(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, beta1 = 0.9, beta2 = 0.99, weightDecay = 0 } = {},
): number[][] {
  const w = [...w0];
  const m = w.map(() => 0);
  const out: number[][] = [];
  for (const g of gradients) {
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      w[i] -= lr * Math.sign(m[i] * beta1 + g[i] * (1 - beta1));
      m[i] = m[i] * beta2 + g[i] * (1 - beta2);
    }
    out.push([...w]);
  }
  return out;
}

describe('Lion (keras/src/optimizers/lion_test.py)', () => {
  it('test_invalid_beta_1: beta1 must be in (0, 1]', () => {
    for (const beta1 of [-0.1, 0.0, 1.1]) {
      expect(() => new Lion({ beta1 })).toThrow(ValueError);
      expect(() => new Lion({ beta1 })).toThrow(
        `Lion: \`beta1\` must be a number in (0, 1]; at 0 the optimizer degenerates to SignSGD. Got ${beta1}.`,
      );
    }
    new Lion({ beta1: 1 }).dispose();
  });

  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Lion({ learningRate: 0.5, beta1: 0.5, beta2: 0.67 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, beta1: 0.5, beta2: 0.67 });
    const revived = Lion.fromConfig(config);
    expect(revived).toBeInstanceOf(Lion);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.learningRate, revived.beta1, revived.beta2]).toEqual([0.5, 0.5, 0.67]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Lion({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.5, 1.5, 2.5, 3.5], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  kerasCommonTests({
    make: (options) => new Lion(options),
    golden: { options: {}, expected: [0.999, 0.998, 0.997, 0.996, 0.995] },
  });

  it('test_ema: the moving average follows the weights (Keras only fits a model; here checked by hand)', async () => {
    const optimizer = new Lion({ learningRate: 0.1, useEma: true, emaMomentum: 0.9 });
    const w = variable(tensor([1.0, -1.0]));
    const g = tensor([0.5, -0.5]);
    optimizer.applyGradients([[g, w]]);
    await expectAllClose(w, [0.9, -0.9]);
    await expectAllClose(optimizer.getSlot(w, 'average'), [0.9, -0.9]);
    optimizer.applyGradients([[g, w]]);
    await expectAllClose(w, [0.8, -0.8]);
    await expectAllClose(optimizer.getSlot(w, 'average'), [0.9 * 0.9 + 0.1 * 0.8, -(0.9 * 0.9 + 0.1 * 0.8)]);
    optimizer.dispose();
    dispose([w, g]);
  });
});

describe('Lion multi-step (float64 transcription of keras/src/optimizers/lion.py)', () => {
  // Every step moves by exactly +-lr: float32 vs float64 agree to rounding.
  const tol = { rtol: 1e-6, atol: 1e-6 };
  // Chosen so that beta1 * m + (1 - beta1) * g changes sign along the way, and never sits near 0.
  const gradients = [
    [1.0, -2.0, 0.5],
    [0.5, -1.0, 0.25],
    [-3.0, 0.2, 2.0],
    [0.01, 0.5, -0.4],
    [2.0, 3.0, -4.0],
    [-1.0, 0.5, 0.1],
  ];
  const cases: Array<{ label: string; options: { beta1?: number; beta2?: number; weightDecay?: number } }> = [
    { label: 'default betas', options: {} },
    { label: 'beta1 0.5, beta2 0.67', options: { beta1: 0.5, beta2: 0.67 } },
    { label: 'beta1 1 (the sign of the momentum alone: the first step does not move)', options: { beta1: 1 } },
    { label: 'default betas + weight decay 0.1', options: { weightDecay: 0.1 } },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new Lion({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceLion([1, 2, 3], gradients, { lr: 0.1, ...options });
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

  it('the momentum slot holds beta2 * m + (1 - beta2) * g, and the step uses the momentum before that update', async () => {
    const optimizer = new Lion({ learningRate: 1, beta1: 0.9, beta2: 0.5 });
    const w = variable(tensor([[0, 0]]));
    optimizer.applyGradients([[tensor([[1, -1]]), w]]);
    await expectAllClose(optimizer.getSlot(w, 'momentum'), [0.5, -0.5]);
    // m = [0.5, -0.5]; g = [-0.1, 0.1]: 0.9 * 0.5 + 0.1 * -0.1 > 0, so the weights keep moving down.
    optimizer.applyGradients([[tensor([[-0.1, 0.1]]), w]]);
    await expectAllClose(w, [-2, 2]);
    await expectAllClose(optimizer.getSlot(w, 'momentum'), [0.2, -0.2]);
    // Slots: [iteration, learning_rate, momentum].
    expect(optimizer.variables()).toHaveLength(3);
    expect(optimizer.getSlot(w, 'momentum').shape).toEqual([1, 2]);
    optimizer.dispose();
  });

  it('beta1 weighs the momentum against the gradient inside the sign (hand-checked)', async () => {
    // beta1 = beta2 = 0.5, lr 1. Step 1: g = 2, m = 0: w = -1, then m = 1.
    // Step 2: g = -1.5: 0.5 * 1 + 0.5 * -1.5 = -0.25 < 0, so w moves up to 0 (m + 0.5 * g would be > 0).
    const optimizer = new Lion({ learningRate: 1, beta1: 0.5, beta2: 0.5 });
    const w = variable(tensor([0]));
    for (const g of [2, -1.5]) {
      const gt = tensor([g]);
      optimizer.applyGradients([[gt, w]]);
      gt.dispose();
    }
    await expectAllClose(w, [0]);
    await expectAllClose(optimizer.getSlot(w, 'momentum'), [-0.25]);
    optimizer.dispose();
    w.dispose();
  });

  it('defaults: lr 0.001, beta1 0.9, beta2 0.99, name lion', () => {
    const optimizer = new Lion();
    expect([optimizer.learningRate, optimizer.beta1, optimizer.beta2]).toEqual([0.001, 0.9, 0.99]);
    expect(optimizer.name).toMatch(/^lion(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Lion({ beta2: -0.1 })).toThrow('Lion: `beta2` must be a number in [0, 1], got -0.1.');
    expect(() => new Lion({ beta2: 1.5 })).toThrow(ValueError);
    expect(() => new Lion({ beta1: '0.9' as never })).toThrow(/`beta1` must be a number in \(0, 1\]/);
    expect(() => new Lion({ epsilon: 1e-7 } as never)).toThrow(/option\(s\) not recognized: epsilon/);
    for (const o of [new Lion({ beta2: 0 }), new Lion({ beta2: 1 })]) o.dispose();
  });

  it('reads a Keras config (snake_case keys, class_name) through getOptimizer', () => {
    expect(getRegisteredClass('Lion')).toBe(Lion);
    const k = getOptimizer({
      class_name: 'Lion',
      config: {
        name: 'lion',
        learning_rate: 0.0003,
        weight_decay: 0.05,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.95,
        beta_2: 0.98,
      },
    }) as Lion;
    expect(k).toBeInstanceOf(Lion);
    expect([k.name, k.learningRate, k.weightDecay, k.beta1, k.beta2]).toEqual(['lion', 0.0003, 0.05, 0.95, 0.98]);
    k.dispose();
  });
});

describe('Lion on a real problem', () => {
  it('fits logistic regression on the breast cancer data (lr 0.01, 200 steps)', async () => {
    // Measured: loss 0.693 -> 0.079, accuracy 0.982 (cpu and wasm).
    const optimizer = new Lion({ learningRate: 0.01 });
    const r = await logisticRegression(optimizer, 200);
    expect(r.finalLoss).toBeLessThan(0.15);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 4);
    expect(r.accuracy).toBeGreaterThan(0.96);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (weight decay + clipnorm + EMA)', async () => {
    const optimizer = new Lion({ weightDecay: 0.01, clipnorm: 1, useEma: true });
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

// AdamW: Keras 3's own tests (keras/src/optimizers/adamw_test.py), ported
// with their tolerances, plus multi-step checks against a float64
// transcription of keras/src/optimizers/adamw.py (Adam's update_step after
// the base class's decoupled weight decay).
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, tensor, variable } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { Adam } from './adam.js';
import { AdamW, type AdamWOptions } from './adamw.js';
import { getOptimizer, optimizerIdentifiers } from './get.js';
import { expectAllClose, expectStableSteps, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/adamw.py (weight decay, then Adam's update_step), in float64, for a 1-D variable. */
function referenceAdamW(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, weightDecay = 0.004, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = {},
): number[][] {
  const w = [...w0];
  const m = w.map(() => 0);
  const v = w.map(() => 0);
  const vHat = w.map(() => 0);
  const out: number[][] = [];
  gradients.forEach((g, step) => {
    const t = step + 1;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      vHat[i] = Math.max(vHat[i], v[i]);
      w[i] -= (m[i] * alpha) / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + epsilon);
    }
    out.push([...w]);
  });
  return out;
}

describe('AdamW (keras/src/optimizers/adamw_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new AdamW({
      learningRate: 0.5,
      weightDecay: 0.008,
      beta1: 0.5,
      beta2: 0.67,
      epsilon: 1e-5,
      amsgrad: true,
    });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject({ learningRate: 0.5, weightDecay: 0.008, beta1: 0.5, beta2: 0.67, epsilon: 1e-5 });
    const revived = AdamW.fromConfig(config);
    expect(revived).toBeInstanceOf(AdamW);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.weightDecay, revived.beta1, revived.beta2, revived.epsilon, revived.amsgrad]).toEqual([
      0.008,
      0.5,
      0.67,
      1e-5,
      true,
    ]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5, the default weight decay 0.004 applies', async () => {
    const optimizer = new AdamW({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.498, 1.496, 2.494, 3.492], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
    dispose([grads, vars]);
  });

  it('test_weight_decay_is_none: null is a ValueError, and no variable is created', () => {
    expect(() => new AdamW({ learningRate: 1.0, weightDecay: null as never })).toThrow(ValueError);
    expect(() => new AdamW({ weightDecay: null as never })).toThrow(
      /^AdamW: `weightDecay` must be a number >= 0, got null\./,
    );
    expect(() => AdamW.fromConfig({ weight_decay: null })).toThrow(/`weightDecay` must be a number >= 0, got null/);
    // The check runs before the base class creates its variables, so the name stays free.
    expect(() => new AdamW({ name: 'adamw_null_check_2', weightDecay: null as never })).toThrow(ValueError);
    const again = new AdamW({ name: 'adamw_null_check_2' });
    expect(again.iterationsVariable.name).toBe('adamw_null_check_2/iteration');
    again.dispose();
  });

  kerasCommonTests({
    make: (options) => new AdamW(options as AdamWOptions),
    golden: {
      options: { learningRate: 1.0, weightDecay: 0.5, epsilon: 2 },
      expected: [
        [0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998, 0.4998],
        [0.2486, 0.2475, 0.2463, 0.2451, 0.244, 0.2428, 0.2417, 0.2405, 0.2394, 0.2382],
        [0.1223, 0.1198, 0.1174, 0.1149, 0.1124, 0.11, 0.1075, 0.1051, 0.1027, 0.1003],
        [0.0586, 0.0549, 0.0512, 0.0475, 0.0439, 0.0402, 0.0366, 0.033, 0.0294, 0.0258],
        [0.0263, 0.0215, 0.0167, 0.012, 0.0073, 0.0026, -0.0021, -0.0067, -0.0113, -0.0159],
      ],
    },
  });
});

describe('AdamW multi-step (float64 transcription of keras/src/optimizers/adamw.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const gradients = [
    [1.0, -2.0, 0.5],
    [0.5, -1.0, 0.25],
    [-0.3, 0.2, 2.0],
    [0.01, 0.01, 0.01],
    [2.0, 3.0, -4.0],
  ];
  const cases: Array<{ label: string; options: { weightDecay?: number; amsgrad?: boolean; beta1?: number } }> = [
    { label: 'default weight decay 0.004', options: {} },
    { label: 'weight decay 0.1, amsgrad', options: { weightDecay: 0.1, amsgrad: true } },
    { label: 'weight decay 0 (plain Adam), beta1 0.5', options: { weightDecay: 0, beta1: 0.5 } },
  ];

  for (const { label, options } of cases) {
    it(`five steps with varying gradients, lr 0.1: ${label}`, async () => {
      const optimizer = new AdamW({ learningRate: 0.1, ...options });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceAdamW([1, 2, 3], gradients, { lr: 0.1, ...options });
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

  it('is Adam plus the decay: the same run with Adam({ weightDecay }) gives the same weights', async () => {
    const adamw = new AdamW({ learningRate: 0.1, weightDecay: 0.05 });
    const adam = new Adam({ learningRate: 0.1, weightDecay: 0.05 });
    const plain = new Adam({ learningRate: 0.1 });
    const [w1, w2, w3] = [0, 1, 2].map(() => variable(tensor([1.0, 2.0, 3.0])));
    for (const g of gradients) {
      const gt = tensor(g);
      adamw.applyGradients([[gt, w1]]);
      adam.applyGradients([[gt, w2]]);
      plain.applyGradients([[gt, w3]]);
      gt.dispose();
    }
    expect(await values(w1)).toEqual(await values(w2));
    // And the decay matters: without it the weights end up elsewhere.
    const [a, c] = [await values(w1), await values(w3)];
    expect(Math.max(...a.map((x, i) => Math.abs(x - c[i])))).toBeGreaterThan(1e-3);
    for (const o of [adamw, adam, plain]) o.dispose();
    dispose([w1, w2, w3]);
  });

  it('excludeFromWeightDecay: an excluded variable follows plain Adam', async () => {
    const optimizer = new AdamW({ learningRate: 0.1, weightDecay: 0.2 });
    const kernel = variable(tensor([1.0, 2.0, 3.0]), { name: 'adamw_test_dense/kernel' });
    const bias = variable(tensor([1.0, 2.0, 3.0]), { name: 'adamw_test_dense/bias' });
    optimizer.excludeFromWeightDecay(['bias']);
    for (const g of gradients) {
      const gt = tensor(g);
      optimizer.applyGradients([
        [gt, kernel],
        [gt, bias],
      ]);
      gt.dispose();
    }
    await expectAllClose(kernel, referenceAdamW([1, 2, 3], gradients, { lr: 0.1, weightDecay: 0.2 })[4], tol);
    await expectAllClose(bias, referenceAdamW([1, 2, 3], gradients, { lr: 0.1, weightDecay: 0 })[4], tol);
    optimizer.dispose();
    dispose([kernel, bias]);
  });
});

describe('AdamW options, identifiers, convergence, memory', () => {
  it("defaults are Keras 3's (weight decay 0.004); the default name is Keras's auto name 'adam_w'", () => {
    const optimizer = new AdamW();
    expect(optimizer).toBeInstanceOf(Adam);
    expect([
      optimizer.learningRate,
      optimizer.weightDecay,
      optimizer.beta1,
      optimizer.beta2,
      optimizer.epsilon,
      optimizer.amsgrad,
    ]).toEqual([0.001, 0.004, 0.9, 0.999, 1e-7, false]);
    expect(optimizer.name).toMatch(/^adam_w(_\d+)?$/);
    expect(AdamW.className).toBe('AdamW');
    optimizer.dispose();
  });

  it("rejects bad hyperparameters with a message naming AdamW and the option (Adam's checks)", () => {
    expect(() => new AdamW({ beta1: 1 })).toThrow('AdamW: `beta1` must be a number in [0, 1), got 1.');
    expect(() => new AdamW({ beta2: -0.1 })).toThrow('AdamW: `beta2` must be a number in [0, 1), got -0.1.');
    expect(() => new AdamW({ epsilon: -1 })).toThrow(/^AdamW: `epsilon` must be a finite number >= 0/);
    expect(() => new AdamW({ amsgrad: 1 as never })).toThrow(/^AdamW: `amsgrad` must be a boolean/);
    expect(() => new AdamW({ weightDecay: -0.1 })).toThrow(/^AdamW: `weightDecay` must be a number >= 0/);
    expect(() => new AdamW({ momentum: 0.9 } as never)).toThrow(/^AdamW: option\(s\) not recognized: momentum/);
    // Adam's own messages still say Adam.
    expect(() => new Adam({ beta1: 1 })).toThrow(/^Adam: `beta1`/);
  });

  it("string identifiers: 'adamw', 'AdamW', 'adam_w', 'adamW'; Keras configs", () => {
    expect(optimizerIdentifiers()).toContain('adamw');
    for (const name of ['adamw', 'AdamW', 'adam_w', 'adamW', 'ADAMW']) {
      const o = getOptimizer(name) as AdamW;
      expect(o).toBeInstanceOf(AdamW);
      expect([o.learningRate, o.weightDecay]).toEqual([0.001, 0.004]);
      o.dispose();
    }
    expect(getRegisteredClass('AdamW')).toBe(AdamW);
    // A config as Keras writes it (snake_case keys, class_name).
    const k = getOptimizer({
      class_name: 'AdamW',
      config: {
        name: 'adamw',
        learning_rate: 0.002,
        weight_decay: 0.01,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.85,
        beta_2: 0.99,
        epsilon: 1e-6,
        amsgrad: false,
      },
    }) as AdamW;
    expect(k).toBeInstanceOf(AdamW);
    expect([k.name, k.learningRate, k.weightDecay, k.beta1, k.beta2, k.epsilon]).toEqual([
      'adamw',
      0.002,
      0.01,
      0.85,
      0.99,
      1e-6,
    ]);
    // A config without weight_decay gets AdamW's default, not Adam's null.
    const l = getOptimizer({ className: 'AdamW', config: { learningRate: 0.2 } }) as AdamW;
    expect([l.learningRate, l.weightDecay]).toEqual([0.2, 0.004]);
    k.dispose();
    l.dispose();
  });

  it('fits logistic regression on the breast cancer data', async () => {
    const optimizer = new AdamW({ learningRate: 0.05 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (amsgrad + clipnorm)', async () => {
    const optimizer = new AdamW({ amsgrad: true, clipnorm: 1 });
    await expectStableSteps(optimizer);
  });
});

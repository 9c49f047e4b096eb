// Ftrl: Keras 3's own tests (keras/src/optimizers/ftrl_test.py), ported with
// their tolerances and error messages (in camelCase), plus multi-step checks
// against a float64 transcription of the update rule in
// keras/src/optimizers/ftrl.py. ftrl_test.py has no test_weight_decay (FTRL
// recomputes the weight from its linear term, so Keras's shared 1.9760959
// does not apply), so the golden and clipping tests are written out here
// instead of using kerasCommonTests.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, fill, tensor, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Adagrad } from './adagrad.js';
import { Ftrl, type FtrlOptions } from './ftrl.js';
import { getOptimizer } from './get.js';
import { expectAllClose, logisticRegression, values } from './test-utils.js';

interface ReferenceOptions {
  lr?: number | ((step: number) => number);
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  l2ShrinkageRegularizationStrength?: number;
  beta?: number;
  weightDecay?: number;
}

/** keras/src/optimizers/ftrl.py update_step (after the base class's weight decay), in float64, for a 1-D variable. */
function referenceFtrl(w0: number[], gradients: number[][], options: ReferenceOptions = {}): number[][] {
  const {
    lr: lrOption = 0.001,
    learningRatePower = -0.5,
    initialAccumulatorValue = 0.1,
    l1RegularizationStrength: l1 = 0,
    l2RegularizationStrength = 0,
    l2ShrinkageRegularizationStrength: shrinkage = 0,
    beta = 0,
    weightDecay = 0,
  } = options;
  const w = [...w0];
  const accum = w.map(() => initialAccumulatorValue);
  const linear = w.map(() => 0);
  const p = -learningRatePower;
  const out: number[][] = [];
  gradients.forEach((g, step) => {
    const lr = typeof lrOption === 'number' ? lrOption : lrOption(step);
    const l2Reg = l2RegularizationStrength + beta / (2.0 * lr);
    for (let i = 0; i < w.length; i++) {
      w[i] -= w[i] * weightDecay * lr;
      const gradToUse = g[i] + 2 * shrinkage * w[i];
      const newAccum = accum[i] + g[i] * g[i];
      linear[i] += gradToUse - ((newAccum ** p - accum[i] ** p) / lr) * w[i];
      const quadratic = newAccum ** p / lr + 2 * l2Reg;
      const linearClipped = Math.min(Math.max(linear[i], -l1), l1);
      w[i] = (linearClipped - linear[i]) / quadratic;
      accum[i] = newAccum;
    }
    out.push([...w]);
  });
  return out;
}

const KERAS_CONFIG_OPTIONS: FtrlOptions = {
  learningRate: 0.05,
  learningRatePower: -0.2,
  initialAccumulatorValue: 0.4,
  l1RegularizationStrength: 0.05,
  l2RegularizationStrength: 0.15,
  l2ShrinkageRegularizationStrength: 0.01,
  beta: 0.3,
};

describe('Ftrl (keras/src/optimizers/ftrl_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Ftrl(KERAS_CONFIG_OPTIONS);
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject(KERAS_CONFIG_OPTIONS as Record<string, unknown>);
    const revived = Ftrl.fromConfig(config);
    expect(revived).toBeInstanceOf(Ftrl);
    expect(revived.getConfig()).toEqual(config);
    expect([
      revived.learningRate,
      revived.learningRatePower,
      revived.initialAccumulatorValue,
      revived.l1RegularizationStrength,
      revived.l2RegularizationStrength,
      revived.l2ShrinkageRegularizationStrength,
      revived.beta,
    ]).toEqual([0.05, -0.2, 0.4, 0.05, 0.15, 0.01, 0.3]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Ftrl({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.2218, 1.3954, 2.3651, 2.8814], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
    dispose([grads, vars]);
  });

  it('test_correctness_with_golden (the test_config hyperparameters)', async () => {
    const optimizer = new Ftrl(KERAS_CONFIG_OPTIONS);
    const x = variable(fill([10], 1));
    const grads = tensor([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]); // np.arange(0.1, 1.1, 0.1)
    const firstGrads = fill([10], 0.01);
    const golden = [
      [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
      [-0.0034, -0.0077, -0.0118, -0.0157, -0.0194, -0.023, -0.0263, -0.0294, -0.0325, -0.0354],
      [-0.0078, -0.0162, -0.0242, -0.0317, -0.0387, -0.0454, -0.0516, -0.0575, -0.0631, -0.0685],
      [-0.0121, -0.0246, -0.0363, -0.0472, -0.0573, -0.0668, -0.0757, -0.0842, -0.0922, -0.0999],
      [-0.0164, -0.0328, -0.0481, -0.0623, -0.0753, -0.0875, -0.099, -0.1098, -0.1201, -0.1299],
    ];
    optimizer.applyGradients([[firstGrads, x]]);
    for (let i = 0; i < 5; i++) {
      await expectAllClose(x, golden[i], { rtol: 5e-4, atol: 5e-4 });
      optimizer.applyGradients([[grads, x]]);
    }
    optimizer.dispose();
    dispose([x, grads, firstGrads]);
  });

  it('test_clip_norm', async () => {
    const optimizer = new Ftrl({ clipnorm: 1 });
    const g = tensor([100.0, 100.0]);
    const [clipped] = optimizer.clipGradients([g]);
    await expectAllClose(clipped, [2 ** 0.5 / 2, 2 ** 0.5 / 2]);
    optimizer.dispose();
    dispose([g, clipped]);
  });

  it('test_clip_value', async () => {
    const optimizer = new Ftrl({ clipvalue: 1 });
    const g = tensor([100.0, 100.0]);
    const [clipped] = optimizer.clipGradients([g]);
    await expectAllClose(clipped, [1.0, 1.0]);
    optimizer.dispose();
    dispose([g, clipped]);
  });

  it('test_invalid_initial_accumulator_value', () => {
    expect(() => new Ftrl({ initialAccumulatorValue: -0.1 })).toThrow(ValueError);
    expect(() => new Ftrl({ initialAccumulatorValue: -0.1 })).toThrow(
      /^Ftrl: `initialAccumulatorValue` needs to be positive or zero\. Received: initialAccumulatorValue=-0\.1\.$/,
    );
  });

  it('test_invalid_learning_rate_power', () => {
    expect(() => new Ftrl({ learningRatePower: 0.1 })).toThrow(ValueError);
    expect(() => new Ftrl({ learningRatePower: 0.1 })).toThrow(
      /^Ftrl: `learningRatePower` needs to be negative or zero\. Received: learningRatePower=0\.1\.$/,
    );
  });

  it('test_invalid_l1_regularization_strength', () => {
    expect(() => new Ftrl({ l1RegularizationStrength: -0.1 })).toThrow(
      /^Ftrl: `l1RegularizationStrength` needs to be positive or zero\. Received: l1RegularizationStrength=-0\.1\.$/,
    );
  });

  it('test_invalid_l2_regularization_strength', () => {
    expect(() => new Ftrl({ l2RegularizationStrength: -0.1 })).toThrow(
      /^Ftrl: `l2RegularizationStrength` needs to be positive or zero\. Received: l2RegularizationStrength=-0\.1\.$/,
    );
  });

  it('test_invalid_l2_shrinkage_regularization_strength', () => {
    expect(() => new Ftrl({ l2ShrinkageRegularizationStrength: -0.1 })).toThrow(
      /^Ftrl: `l2ShrinkageRegularizationStrength` needs to be positive or zero\. Received: l2ShrinkageRegularizationStrength=-0\.1\.$/,
    );
  });
});

describe('Ftrl multi-step (float64 transcription of keras/src/optimizers/ftrl.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const gradients = [
    [1.0, -2.0, 0.5, 0.0],
    [0.5, -1.0, 0.25, 0.0],
    [-0.3, 0.2, 2.0, 0.1],
    [0.01, 0.01, 0.01, -0.1],
    [2.0, 3.0, -4.0, 0.05],
    [-1.0, 0.5, 0.1, 0.3],
  ];
  const cases: Array<{ label: string; options: Omit<ReferenceOptions, 'lr'> & { lr: number } }> = [
    { label: 'defaults, lr 0.1', options: { lr: 0.1 } },
    {
      label: "Keras's test_config hyperparameters",
      options: {
        lr: 0.05,
        learningRatePower: -0.2,
        initialAccumulatorValue: 0.4,
        l1RegularizationStrength: 0.05,
        l2RegularizationStrength: 0.15,
        l2ShrinkageRegularizationStrength: 0.01,
        beta: 0.3,
      },
    },
    {
      label: 'learningRatePower 0 (fixed rate), l2 0.1, beta 0.5',
      options: { lr: 0.2, learningRatePower: 0, l2RegularizationStrength: 0.1, beta: 0.5 },
    },
    {
      label: 'learningRatePower -1, initialAccumulatorValue 0.5, beta 1',
      options: { lr: 0.5, learningRatePower: -1, initialAccumulatorValue: 0.5, beta: 1 },
    },
    {
      label: 'strong L1 (sparse weights), shrinkage 0.05',
      options: { lr: 0.3, l1RegularizationStrength: 0.8, l2ShrinkageRegularizationStrength: 0.05 },
    },
    {
      label: 'weightDecay 0.1 with shrinkage 0.02 and lrPower -0.7',
      options: { lr: 0.2, weightDecay: 0.1, l2ShrinkageRegularizationStrength: 0.02, learningRatePower: -0.7 },
    },
  ];

  for (const { label, options } of cases) {
    it(`six steps with varying gradients: ${label}`, async () => {
      const { lr, ...rest } = options;
      const optimizer = new Ftrl({ learningRate: lr, ...rest });
      const w = variable(tensor([1.0, 2.0, 3.0, -1.5]));
      const expected = referenceFtrl([1, 2, 3, -1.5], gradients, options);
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

  it('a learning-rate function changes lr every step (beta / (2 lr) follows it)', async () => {
    const lr = (step: number) => 0.1 / (1 + step);
    const options = { learningRatePower: -0.5, beta: 0.5, l2RegularizationStrength: 0.01 };
    const optimizer = new Ftrl({ learningRate: lr, ...options });
    const w = variable(tensor([1.0, 2.0, 3.0, -1.5]));
    const expected = referenceFtrl([1, 2, 3, -1.5], gradients, { lr, ...options });
    for (const [i, g] of gradients.entries()) {
      const gt = tensor(g);
      optimizer.applyGradients([[gt, w]]);
      gt.dispose();
      await expectAllClose(w, expected[i], tol);
    }
    optimizer.dispose();
    w.dispose();
  });

  it('L1 sets weights to exactly 0 while |z| <= l1 (hand-checked)', async () => {
    // lr 1, defaults otherwise, w = [0, 0], g = [0.5, 2], l1 = 1: n = 0.1 + g^2, z = g (w = 0),
    // so w0 = 0 exactly (|0.5| <= 1) and w1 = (1 - 2) / sqrt(4.1) = -0.493865.
    const optimizer = new Ftrl({ learningRate: 1, l1RegularizationStrength: 1 });
    const w = variable(tensor([0, 0]));
    const g = tensor([0.5, 2]);
    optimizer.applyGradients([[g, w]]);
    const got = await values(w);
    expect(got[0]).toBe(0);
    expect(got[1]).toBeCloseTo(-1 / Math.sqrt(4.1), 6);
    await expectAllClose(optimizer.getSlot(w, 'linear'), [0.5, 2]);
    await expectAllClose(optimizer.getSlot(w, 'accumulator'), [0.35, 4.1]);
    optimizer.dispose();
    dispose([w, g]);
  });

  it('with no regularization and w = 0 at the start, FTRL is Adagrad with epsilon 0 (McMahan et al.)', async () => {
    const ftrl = new Ftrl({ learningRate: 0.3 });
    const adagrad = new Adagrad({ learningRate: 0.3, epsilon: 0 });
    const wf = variable(tensor([0, 0, 0, 0]));
    const wa = variable(tensor([0, 0, 0, 0]));
    for (const g of gradients) {
      const gt = tensor(g);
      ftrl.applyGradients([[gt, wf]]);
      adagrad.applyGradients([[gt, wa]]);
      gt.dispose();
      await expectAllClose(wf, await values(wa), tol);
    }
    ftrl.dispose();
    adagrad.dispose();
    dispose([wf, wa]);
  });

  it('the weight is recomputed from z: a zero first gradient sets it to 0, with or without weight decay', async () => {
    for (const weightDecay of [null, 0.004]) {
      const optimizer = new Ftrl({ learningRate: 1, weightDecay });
      const w = variable(tensor([2.0]));
      const g = tensor([0]);
      optimizer.applyGradients([[g, w]]);
      expect(await values(w)).toEqual([0]);
      optimizer.dispose();
      dispose([w, g]);
    }
  });

  it("slots in Keras's order: accumulator (initialAccumulatorValue) and linear (0) interleaved per variable", async () => {
    const optimizer = new Ftrl({ initialAccumulatorValue: 0.3 });
    const a = variable(tensor([1, 2]));
    const b = variable(tensor([[3]]));
    optimizer.build([a, b]);
    const slots = [a, b].flatMap((v) => [optimizer.getSlot(v, 'accumulator'), optimizer.getSlot(v, 'linear')]);
    // [iteration, learning_rate, ...slots]
    expect(optimizer.variables().slice(2)).toEqual(slots);
    expect(optimizer.getSlot(b, 'linear').shape).toEqual([1, 1]);
    await expectAllClose(optimizer.getSlot(a, 'accumulator'), [0.3, 0.3]);
    expect(await values(optimizer.getSlot(a, 'linear'))).toEqual([0, 0]);
    optimizer.dispose();
    dispose([a, b]);
  });
});

describe('Ftrl options, configs, convergence, memory', () => {
  it("defaults are Keras 3's; the default name is Keras's auto name", () => {
    const optimizer = new Ftrl();
    expect([
      optimizer.learningRate,
      optimizer.learningRatePower,
      optimizer.initialAccumulatorValue,
      optimizer.l1RegularizationStrength,
      optimizer.l2RegularizationStrength,
      optimizer.l2ShrinkageRegularizationStrength,
      optimizer.beta,
    ]).toEqual([0.001, -0.5, 0.1, 0, 0, 0, 0]);
    expect(optimizer.name).toMatch(/^ftrl(_\d+)?$/);
    optimizer.dispose();
  });

  it('rejects other bad hyperparameters with a message naming the option', () => {
    expect(() => new Ftrl({ beta: -1 })).toThrow('Ftrl: `beta` needs to be positive or zero. Received: beta=-1.');
    expect(() => new Ftrl({ learningRatePower: Number.NEGATIVE_INFINITY })).toThrow(/`learningRatePower`/);
    expect(() => new Ftrl({ l1RegularizationStrength: Number.NaN })).toThrow(/`l1RegularizationStrength`/);
    expect(() => new Ftrl({ initialAccumulatorValue: '0.1' as never })).toThrow(/`initialAccumulatorValue`/);
    expect(() => new Ftrl({ l1: 0.1 } as never)).toThrow(/option\(s\) not recognized: l1/);
    // Boundary values are accepted.
    new Ftrl({
      learningRatePower: 0,
      initialAccumulatorValue: 0,
      l1RegularizationStrength: 0,
      l2RegularizationStrength: 0,
      l2ShrinkageRegularizationStrength: 0,
      beta: 0,
    }).dispose();
  });

  it('is registered as Ftrl; a config as Keras writes it (snake_case keys, class_name) loads', () => {
    expect(getRegisteredClass('Ftrl')).toBe(Ftrl);
    const k = getOptimizer({
      class_name: 'Ftrl',
      config: {
        name: 'ftrl',
        learning_rate: 0.05,
        weight_decay: null,
        clipnorm: null,
        global_clipnorm: null,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        learning_rate_power: -0.2,
        initial_accumulator_value: 0.4,
        l1_regularization_strength: 0.05,
        l2_regularization_strength: 0.15,
        l2_shrinkage_regularization_strength: 0.01,
        beta: 0.3,
      },
    }) as Ftrl;
    expect(k).toBeInstanceOf(Ftrl);
    expect(k.getConfig()).toMatchObject({ name: 'ftrl', ...KERAS_CONFIG_OPTIONS });
    k.dispose();
  });

  it('fits logistic regression on the breast cancer data (lr 0.5, 100 steps)', async () => {
    // Measured on cpu and wasm: final loss 0.0586 (from ln 2), accuracy 0.988.
    const optimizer = new Ftrl({ learningRate: 0.5 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.firstLoss).toBeCloseTo(Math.LN2, 5);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  for (const options of [
    { ...KERAS_CONFIG_OPTIONS, clipnorm: 1, weightDecay: 0.01 },
    { learningRatePower: 0, beta: 0.1, globalClipnorm: 1 },
  ] as FtrlOptions[]) {
    it(`live tensor count is stable across 10 applyGradients calls: ${JSON.stringify(options)}`, async () => {
      const optimizer = new Ftrl(options);
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
    });
  }
});

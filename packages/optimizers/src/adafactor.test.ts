// Adafactor: Keras 3's own tests (keras/src/optimizers/adafactor_test.py),
// ported with their tolerances, plus multi-step checks of the factored
// (rank >= 2) and unfactored (rank < 2) paths against a float64
// transcription of the update rule in keras/src/optimizers/adafactor.py.
import { getRegisteredClass, ValueError } from '@layerwise/core';
import { dispose, fill, scalar, tensor, variable } from '@layerwise/tensors';
import { expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Adafactor } from './adafactor.js';
import { getOptimizer } from './get.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

interface ReferenceOptions {
  lr?: number | ((iteration: number) => number);
  beta2Decay?: number;
  epsilon1?: number;
  epsilon2?: number;
  clipThreshold?: number;
  weightDecay?: number;
}

/**
 * keras/src/optimizers/adafactor.py update_step (after the base class's
 * weight decay), in float64, for a variable of any shape stored flat
 * (row-major). Rank >= 2 factors the last two axes.
 */
function referenceAdafactor(
  w0: number[],
  shape: number[],
  gradients: number[][],
  {
    lr = 0.001,
    beta2Decay = -0.8,
    epsilon1 = 1e-30,
    epsilon2 = 1e-3,
    clipThreshold = 1,
    weightDecay = 0,
  }: ReferenceOptions = {},
): number[][] {
  const w = [...w0];
  const n = w.length;
  const rank = shape.length;
  const rows = rank >= 2 ? shape[rank - 2] : 1;
  const cols = rank >= 2 ? shape[rank - 1] : 1;
  const batch = n / (rows * cols);
  const r = new Array<number>(batch * rows).fill(0);
  const c = new Array<number>(batch * cols).fill(0);
  const v = new Array<number>(n).fill(0);
  const rms = (x: number[]) => Math.sqrt(x.reduce((s, e) => s + e * e, 0) / x.length);
  const out: number[][] = [];
  gradients.forEach((g, iteration) => {
    const t = iteration + 1;
    const lrT = typeof lr === 'function' ? lr(iteration) : lr;
    for (let i = 0; i < n; i++) w[i] -= w[i] * weightDecay * lrT;
    const rhoT = Math.min(lrT, 1 / Math.sqrt(t));
    const alphaT = Math.max(epsilon2, rms(w)) * rhoT;
    const G = g.map((x) => x * x + epsilon1);
    const beta2T = 1 - t ** beta2Decay;
    if (rank >= 2) {
      const at = (b: number, i: number, j: number) => (b * rows + i) * cols + j;
      for (let b = 0; b < batch; b++) {
        for (let i = 0; i < rows; i++) {
          let rowMean = 0;
          for (let j = 0; j < cols; j++) rowMean += G[at(b, i, j)] / cols;
          r[b * rows + i] = beta2T * r[b * rows + i] + (1 - beta2T) * rowMean;
        }
        for (let j = 0; j < cols; j++) {
          let colMean = 0;
          for (let i = 0; i < rows; i++) colMean += G[at(b, i, j)] / rows;
          c[b * cols + j] = beta2T * c[b * cols + j] + (1 - beta2T) * colMean;
        }
        let rMean = 0;
        for (let i = 0; i < rows; i++) rMean += r[b * rows + i] / rows;
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < cols; j++) v[at(b, i, j)] = (r[b * rows + i] / rMean) * c[b * cols + j];
        }
      }
    } else {
      for (let i = 0; i < n; i++) v[i] = beta2T * v[i] + (1 - beta2T) * G[i];
    }
    const u = g.map((x, i) => x / Math.sqrt(v[i]));
    const denominator = Math.max(1, rms(u) / clipThreshold);
    for (let i = 0; i < n; i++) w[i] -= (alphaT * u[i]) / denominator;
    out.push([...w]);
  });
  return out;
}

/** Deterministic pseudo-random numbers in [-1, 1) (a small LCG), for gradients and weights. */
function numbers(count: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: count }, () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  });
}

const kerasGoldenOptions = {
  learningRate: 0.5,
  beta2Decay: -0.65,
  epsilon1: 1e-15,
  epsilon2: 1e-4,
  clipThreshold: 0.9,
  relativeStep: false,
};

describe('Adafactor (keras/src/optimizers/adafactor_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Adafactor(kerasGoldenOptions);
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    expect(config).toMatchObject(kerasGoldenOptions);
    const revived = Adafactor.fromConfig(config);
    expect(revived).toBeInstanceOf(Adafactor);
    expect(revived.getConfig()).toEqual(config);
    expect([
      revived.learningRate,
      revived.beta2Decay,
      revived.epsilon1,
      revived.epsilon2,
      revived.clipThreshold,
      revived.relativeStep,
    ]).toEqual([0.5, -0.65, 1e-15, 1e-4, 0.9, false]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step_1d: lr 0.5', async () => {
    const optimizer = new Adafactor({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [-0.3693, 0.6307, 1.6307, 2.6307], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  it('test_single_step_2d: lr 0.5', async () => {
    const optimizer = new Adafactor({ learningRate: 0.5 });
    const grads = tensor([
      [1.0, 6.0],
      [7.0, 2.0],
    ]);
    const vars = variable(
      tensor([
        [1.0, 2.0],
        [3.0, 4.0],
      ]),
    );
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.7007, -0.0081, 1.2492, 3.4407], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  kerasCommonTests({
    make: (options) => new Adafactor(options),
    golden: {
      options: kerasGoldenOptions,
      expected: [
        [0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55, 0.55],
        [0.3031, 0.3026, 0.3025, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024, 0.3024],
        [0.1671, 0.1665, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663, 0.1663],
        [0.0923, 0.0916, 0.0915, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914, 0.0914],
        [0.0554, 0.0548, 0.0546, 0.0546, 0.0546, 0.0546, 0.0546, 0.0545, 0.0545, 0.0545],
      ],
    },
  });
});

describe('Adafactor multi-step (float64 transcription of keras/src/optimizers/adafactor.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 2e-5, atol: 1e-6 };
  const shapes: number[][] = [[], [5], [3, 4], [2, 3, 4]];
  const cases: Array<{ label: string; options: Omit<ReferenceOptions, 'lr'> & { relativeStep?: boolean } }> = [
    { label: 'defaults', options: {} },
    {
      label: "Keras's golden options (beta2Decay -0.65, epsilon1 1e-15, epsilon2 1e-4, clipThreshold 0.9)",
      options: { beta2Decay: -0.65, epsilon1: 1e-15, epsilon2: 1e-4, clipThreshold: 0.9, relativeStep: false },
    },
    {
      label: 'clipThreshold 0.3 (update clipping active) + weight decay 0.05',
      options: { clipThreshold: 0.3, weightDecay: 0.05 },
    },
    { label: 'clipThreshold 5 (update clipping inactive), epsilon2 0.5', options: { clipThreshold: 5, epsilon2: 0.5 } },
  ];

  for (const shape of shapes) {
    for (const { label, options } of cases) {
      it(`shape [${shape}], six steps, lr 0.2: ${label}`, async () => {
        const size = shape.reduce((a, b) => a * b, 1);
        const w0 = numbers(size, 7).map((x) => 2 * x);
        const gradients = Array.from({ length: 6 }, (_, k) => numbers(size, 100 + k).map((x) => x * (k + 1)));
        const optimizer = new Adafactor({ learningRate: 0.2, ...options });
        const w = variable(tensor(w0, shape));
        const expected = referenceAdafactor(w0, shape, gradients, { lr: 0.2, ...options });
        for (const [i, g] of gradients.entries()) {
          const gt = tensor(g, shape);
          optimizer.applyGradients([[gt, w]]);
          gt.dispose();
          await expectAllClose(w, expected[i], tol);
        }
        expect(optimizer.iterations).toBe(gradients.length);
        optimizer.dispose();
        w.dispose();
      });
    }
  }

  it('the step size is min(lr, 1 / sqrt(t)) * max(epsilon2, rms(w)); relativeStep changes nothing (as in Keras 3)', async () => {
    const shape = [3, 2];
    const w0 = [1, -2, 3, 0.5, -1, 2];
    const gradients = [0, 1, 2, 3].map((k) => numbers(6, 40 + k));
    // lr 10 is capped at 1 / sqrt(t) on every step.
    const expected = referenceAdafactor(w0, shape, gradients, { lr: 10 });
    expect(expected[3]).not.toEqual(referenceAdafactor(w0, shape, gradients, { lr: 0.3 })[3]);
    for (const relativeStep of [true, false]) {
      const optimizer = new Adafactor({ learningRate: 10, relativeStep });
      const w = variable(tensor(w0, shape));
      for (const [i, g] of gradients.entries()) {
        const gt = tensor(g, shape);
        optimizer.applyGradients([[gt, w]]);
        gt.dispose();
        await expectAllClose(w, expected[i], tol);
      }
      optimizer.dispose();
      w.dispose();
    }
  });

  it('a learning-rate function is capped at 1 / sqrt(t) as well', async () => {
    const lr = (iteration: number) => (iteration < 2 ? 2 : 0.05);
    const shape = [4];
    const w0 = [1, -2, 3, 0.5];
    const gradients = [0, 1, 2, 3].map((k) => numbers(4, 60 + k));
    const expected = referenceAdafactor(w0, shape, gradients, { lr });
    const optimizer = new Adafactor({ learningRate: lr });
    const w = variable(tensor(w0, shape));
    for (const [i, g] of gradients.entries()) {
      const gt = tensor(g, shape);
      optimizer.applyGradients([[gt, w]]);
      gt.dispose();
      await expectAllClose(w, expected[i], tol);
    }
    optimizer.dispose();
    w.dispose();
  });

  it('weights at 0 still move: the step is at least epsilon2 * rho_t', async () => {
    const optimizer = new Adafactor({ learningRate: 0.5 });
    const w = variable(tensor([0, 0, 0]));
    optimizer.applyGradients([[tensor([1, -2, 4]), w]]);
    // rho_1 = 0.5, alpha_1 = 1e-3 * 0.5, u = sign(g) (rms 1, not clipped).
    await expectAllClose(w, [-5e-4, 5e-4, -5e-4], { rtol: 1e-5, atol: 1e-9 });
    optimizer.dispose();
    w.dispose();
  });
});

describe('Adafactor slots (keras/src/optimizers/adafactor.py build)', () => {
  it('per variable, in order: r, c, velocity; rank >= 2 factors the last two axes, rank < 2 has int32 scalar placeholders', () => {
    const optimizer = new Adafactor();
    const s = variable(scalar(1));
    const a = variable(fill([4], 1));
    const b = variable(fill([3, 5], 1));
    const c = variable(fill([2, 3, 5], 1));
    optimizer.build([s, a, b, c]);
    const slots = [s, a, b, c].flatMap((v) => ['r', 'c', 'velocity'].map((n) => optimizer.getSlot(v, n)));
    // [iteration, learning_rate, ...slots]
    expect(optimizer.variables().slice(2)).toEqual(slots);
    const describeSlot = (v: (typeof slots)[number]) => [v.shape, v.dtype];
    expect(slots.map(describeSlot)).toEqual([
      [[], 'int32'],
      [[], 'int32'],
      [[], 'float32'],
      [[], 'int32'],
      [[], 'int32'],
      [[4], 'float32'],
      [[3], 'float32'],
      [[5], 'float32'],
      [[3, 5], 'float32'],
      [[2, 3], 'float32'],
      [[2, 5], 'float32'],
      [[2, 3, 5], 'float32'],
    ]);
    expect(() => optimizer.getSlot(b, 'momentum')).toThrow(ValueError);
    const unbuilt = variable(fill([2, 2], 1));
    expect(() => optimizer.getSlot(unbuilt, 'r')).toThrow(/no 'r' slot/);
    optimizer.dispose();
    dispose([s, a, b, c, unbuilt]);
  });

  it('after a step, r and c hold the row and column means of g^2 (beta2_1 = 0) and velocity their normalized product', async () => {
    const optimizer = new Adafactor({ epsilon1: 0 });
    const w = variable(fill([2, 3], 1));
    const g = tensor([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    optimizer.applyGradients([[g, w]]);
    const r = [(1 + 4 + 9) / 3, (16 + 25 + 36) / 3];
    const c = [(1 + 16) / 2, (4 + 25) / 2, (9 + 36) / 2];
    await expectAllClose(optimizer.getSlot(w, 'r'), r, { rtol: 1e-6 });
    await expectAllClose(optimizer.getSlot(w, 'c'), c, { rtol: 1e-6 });
    const rMean = (r[0] + r[1]) / 2;
    await expectAllClose(
      optimizer.getSlot(w, 'velocity'),
      r.flatMap((ri) => c.map((cj) => (ri / rMean) * cj)),
      { rtol: 1e-6 },
    );
    optimizer.dispose();
    dispose([w, g]);
  });
});

describe('Adafactor options and configs', () => {
  it('defaults: lr 0.001, beta2Decay -0.8, epsilon1 1e-30, epsilon2 1e-3, clipThreshold 1, relativeStep true', () => {
    const o = new Adafactor();
    expect([o.learningRate, o.beta2Decay, o.epsilon1, o.epsilon2, o.clipThreshold, o.relativeStep]).toEqual([
      0.001,
      -0.8,
      1e-30,
      1e-3,
      1,
      true,
    ]);
    expect(o.name).toMatch(/^adafactor(_\d+)?$/);
    o.dispose();
  });

  it('rejects bad hyperparameters with a message naming the option', () => {
    expect(() => new Adafactor({ beta2Decay: 0.5 })).toThrow(
      'Adafactor: `beta2Decay` must be a finite number <= 0 (the decay is 1 - t^beta2Decay), got 0.5.',
    );
    expect(() => new Adafactor({ epsilon1: -1 })).toThrow(
      'Adafactor: `epsilon1` must be a finite number >= 0, got -1.',
    );
    expect(() => new Adafactor({ epsilon2: Number.POSITIVE_INFINITY })).toThrow(/`epsilon2` must be a finite number/);
    expect(() => new Adafactor({ clipThreshold: 0 })).toThrow(
      'Adafactor: `clipThreshold` must be a finite number > 0, got 0.',
    );
    expect(() => new Adafactor({ relativeStep: 1 as never })).toThrow(ValueError);
    expect(() => new Adafactor({ relativeStep: 1 as never })).toThrow(/`relativeStep` must be a boolean/);
    expect(() => new Adafactor({ beta2: 0.9 } as never)).toThrow(/option\(s\) not recognized: beta2/);
    new Adafactor({ beta2Decay: 0, epsilon1: 0, epsilon2: 0, clipThreshold: 0.01 }).dispose();
  });

  it('reads a Keras config (snake_case keys, class_name) through getOptimizer', () => {
    expect(getRegisteredClass('Adafactor')).toBe(Adafactor);
    const k = getOptimizer({
      class_name: 'Adafactor',
      config: {
        name: 'adafactor',
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
        beta_2_decay: -0.7,
        epsilon_1: 1e-20,
        epsilon_2: 0.002,
        clip_threshold: 2.0,
        relative_step: false,
      },
    }) as Adafactor;
    expect(k).toBeInstanceOf(Adafactor);
    expect([k.name, k.learningRate, k.beta2Decay, k.epsilon1, k.epsilon2, k.clipThreshold, k.relativeStep]).toEqual([
      'adafactor',
      0.01,
      -0.7,
      1e-20,
      0.002,
      2,
      false,
    ]);
    k.dispose();
  });
});

describe('Adafactor on a real problem', () => {
  it('fits logistic regression on the breast cancer data (lr 0.1, 200 steps)', async () => {
    // Measured: loss 0.693 -> 0.067, accuracy 0.986 (cpu and wasm). The [30, 1] kernel takes the factored path.
    const optimizer = new Adafactor({ learningRate: 0.1 });
    const r = await logisticRegression(optimizer, 200);
    expect(r.finalLoss).toBeLessThan(0.12);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });

  it('live tensor count is stable across 10 applyGradients calls (ranks 0-3, weight decay, clipnorm, EMA)', async () => {
    const optimizer = new Adafactor({ learningRate: 0.1, weightDecay: 0.01, clipnorm: 1, useEma: true });
    const vars = [
      variable(scalar(1)),
      variable(fill([3], 0.5)),
      variable(fill([2, 3], 2)),
      variable(fill([2, 2, 3], -1)),
    ];
    const grads = vars.map((v, i) => fill(v.shape, 0.1 * (i + 1)));
    await expectStableTensorCount(() => optimizer.applyGradients(grads.map((g, i) => [g, vars[i]] as const)), 10);
    expect((await values(vars[2]))[0]).toBeLessThan(2);
    optimizer.dispose();
    expect(() => optimizer.getSlot(vars[2], 'r')).toThrow(ValueError);
    dispose([...vars, ...grads]);
  });
});

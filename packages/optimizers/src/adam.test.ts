// Adam: Keras 3's own tests (keras/src/optimizers/adam_test.py), ported with
// their tolerances, plus multi-step checks against a float64 transcription
// of the update rule in keras/src/optimizers/adam.py.
import { tensor, variable } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { Adam } from './index.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

/** keras/src/optimizers/adam.py update_step, in float64, for a 1-D variable. */
function referenceAdam(
  w0: number[],
  gradients: number[][],
  { lr = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7, amsgrad = false } = {},
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
      m[i] += (g[i] - m[i]) * (1 - beta1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - beta2);
      vHat[i] = Math.max(vHat[i], v[i]);
      w[i] -= (m[i] * alpha) / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + epsilon);
    }
    out.push([...w]);
  });
  return out;
}

describe('Adam (keras/src/optimizers/adam_test.py)', () => {
  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new Adam({ learningRate: 0.5, beta1: 0.5, beta2: 0.67, epsilon: 1e-5, amsgrad: true });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    const revived = Adam.fromConfig(config);
    expect(revived).toBeInstanceOf(Adam);
    expect(revived.getConfig()).toEqual(config);
    expect([revived.beta1, revived.beta2, revived.epsilon, revived.amsgrad]).toEqual([0.5, 0.67, 1e-5, true]);
    optimizer.dispose();
    revived.dispose();
  });

  it('test_single_step: lr 0.5', async () => {
    const optimizer = new Adam({ learningRate: 0.5 });
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.5, 1.5, 2.5, 3.5], { rtol: 1e-4, atol: 1e-4 });
    optimizer.dispose();
  });

  kerasCommonTests({
    make: (options) => new Adam(options),
    golden: { options: { amsgrad: true }, expected: [0.999, 0.9982, 0.9974, 0.9965, 0.9955] },
  });

  it('test_ema: the average starts at the first updated value, then follows 0.9 / 0.1; finalize overwrites', async () => {
    const optimizer = new Adam({ learningRate: 1.0, useEma: true, emaMomentum: 0.9 });
    const v = variable(tensor([1.0, 2.0]));
    const grads = tensor([0.1, 0.2]);
    optimizer.applyGradients([[grads, v]]);
    const v1 = await values(v);
    await expectAllClose(optimizer.getSlot(v, 'average'), v1);
    optimizer.applyGradients([[grads, v]]);
    const v2 = await values(v);
    const expectedEma = v1.map((a, i) => 0.9 * a + 0.1 * v2[i]);
    await expectAllClose(optimizer.getSlot(v, 'average'), expectedEma);
    optimizer.finalizeVariableValues([v]);
    await expectAllClose(v, expectedEma);
    optimizer.dispose();
  });

  it('test_ema_overwrite_frequency: every 2 steps the weights become their average', async () => {
    const optimizer = new Adam({ learningRate: 1.0, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 2 });
    const noEma = new Adam({ learningRate: 1.0 });
    const v = variable(tensor([1.0, 2.0]));
    const vNoEma = variable(tensor([1.0, 2.0]));
    const grads = tensor([0.1, 0.2]);
    optimizer.applyGradients([[grads, v]]);
    noEma.applyGradients([[grads, vNoEma]]);
    const v1 = await values(vNoEma);
    await expectAllClose(v, v1);
    optimizer.applyGradients([[grads, v]]);
    noEma.applyGradients([[grads, vNoEma]]);
    const v2 = await values(vNoEma);
    const expectedEma = v1.map((a, i) => 0.9 * a + 0.1 * v2[i]);
    await expectAllClose(v, expectedEma);
    await expectAllClose(optimizer.getSlot(v, 'average'), expectedEma);
    optimizer.dispose();
    noEma.dispose();
  });
});

describe('Adam multi-step (float64 transcription of keras/src/optimizers/adam.py)', () => {
  // float32 on the device vs float64 here: agreement to ~1e-6 relative.
  const tol = { rtol: 1e-5, atol: 1e-6 };
  const gradients = [
    [1.0, -2.0, 0.5],
    [0.5, -1.0, 0.25],
    [-0.3, 0.2, 2.0],
    [0.01, 0.01, 0.01],
    [2.0, 3.0, -4.0],
  ];

  for (const amsgrad of [false, true]) {
    it(`five steps with varying gradients, amsgrad=${amsgrad}, lr 0.1, default betas and epsilon`, async () => {
      const optimizer = new Adam({ learningRate: 0.1, amsgrad });
      const w = variable(tensor([1.0, 2.0, 3.0]));
      const expected = referenceAdam([1, 2, 3], gradients, { lr: 0.1, amsgrad });
      for (const [i, g] of gradients.entries()) {
        optimizer.applyGradients([[tensor(g), w]]);
        await expectAllClose(w, expected[i], tol);
      }
      expect(optimizer.iterations).toBe(5);
      // Slots: momentum, velocity (+ velocity_hat) after iteration and learning_rate.
      expect(optimizer.variables()).toHaveLength(amsgrad ? 5 : 4);
      optimizer.dispose();
    });
  }

  it('amsgrad changes the step once the second moment shrinks (hand-checked)', async () => {
    // g1 = 1 then g2 = 0.01: v1 = 0.001, v2 = 0.999 * 0.001 + 0.001 * 1e-4 = 0.0009991 < v1,
    // so AMSGrad divides by sqrt(v1) and moves less than Adam does on step 2.
    const plain = referenceAdam([0], [[1], [0.01]], { lr: 0.1 });
    const ams = referenceAdam([0], [[1], [0.01]], { lr: 0.1, amsgrad: true });
    expect(ams[1][0]).not.toBeCloseTo(plain[1][0], 6);
    for (const [amsgrad, expected] of [
      [false, plain],
      [true, ams],
    ] as const) {
      const optimizer = new Adam({ learningRate: 0.1, amsgrad });
      const w = variable(tensor([0]));
      optimizer.applyGradients([[tensor([1]), w]]);
      optimizer.applyGradients([[tensor([0.01]), w]]);
      await expectAllClose(w, expected[1], tol);
      optimizer.dispose();
    }
  });

  it('custom betas and epsilon', async () => {
    const options = { lr: 0.05, beta1: 0.5, beta2: 0.67, epsilon: 1e-3 };
    const optimizer = new Adam({ learningRate: 0.05, beta1: 0.5, beta2: 0.67, epsilon: 1e-3 });
    const w = variable(tensor([1.0, 2.0, 3.0]));
    const expected = referenceAdam([1, 2, 3], gradients, options);
    for (const [i, g] of gradients.entries()) {
      optimizer.applyGradients([[tensor(g), w]]);
      await expectAllClose(w, expected[i], tol);
    }
    optimizer.dispose();
  });

  it('rejects betas outside [0, 1)', () => {
    expect(() => new Adam({ beta1: 1 })).toThrow(/`beta1` must be a number in \[0, 1\)/);
    expect(() => new Adam({ beta2: -0.1 })).toThrow(/`beta2` must be a number in \[0, 1\)/);
  });
});

describe('Adam on a real problem', () => {
  it('fits logistic regression on the breast cancer data', async () => {
    const optimizer = new Adam({ learningRate: 0.05 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(r.firstLoss / 5);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });
});

// SGD: Keras 3's own tests (keras/src/optimizers/sgd_test.py), ported with
// their tolerances, plus momentum / Nesterov values derived by hand from the
// Keras formulas in keras/src/optimizers/sgd.py.
import { ValueError } from '@layerwise/core';
import { tensor, variable } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { SGD } from './index.js';
import { expectAllClose, kerasCommonTests, logisticRegression, values } from './test-utils.js';

describe('SGD (keras/src/optimizers/sgd_test.py)', () => {
  it('test_single_step: lr 0.5, one step; variables are [iteration, learning_rate]', async () => {
    const optimizer = new SGD({ learningRate: 0.5 });
    expect(optimizer.variables()).toHaveLength(2);
    const grads = tensor([1.0, 6.0, 7.0, 2.0]);
    const vars = variable(tensor([1.0, 2.0, 3.0, 4.0]));
    optimizer.build([vars]);
    optimizer.applyGradients([[grads, vars]]);
    await expectAllClose(vars, [0.5, -1.0, -0.5, 3.0], { rtol: 1e-4, atol: 1e-4 });
    expect(optimizer.variables()).toHaveLength(2);
    expect(await values(optimizer.variables()[0])).toEqual([1]);
    expect(await values(optimizer.variables()[1])).toEqual([0.5]);
    optimizer.dispose();
  });

  it('test_invalid_momentum', () => {
    expect(() => new SGD({ momentum: -1.0 })).toThrow(ValueError);
    expect(() => new SGD({ momentum: -1.0 })).toThrow('`momentum` must be a float between [0, 1]');
    expect(() => new SGD({ momentum: 2.0 })).toThrow('`momentum` must be a float between [0, 1]');
  });

  kerasCommonTests({
    make: (options) => new SGD(options),
    golden: {
      options: { nesterov: true },
      expected: [
        [0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999, 0.9999],
        [0.9989, 0.9979, 0.9969, 0.9959, 0.9949, 0.9939, 0.9929, 0.9919, 0.9909, 0.9899],
        [0.9979, 0.9959, 0.9939, 0.9919, 0.9899, 0.9879, 0.9859, 0.9839, 0.9819, 0.9799],
        [0.9969, 0.9939, 0.9909, 0.9879, 0.9849, 0.9819, 0.9789, 0.9759, 0.9729, 0.9699],
        [0.9959, 0.9919, 0.9879, 0.9839, 0.9799, 0.9759, 0.9719, 0.9679, 0.9639, 0.9599],
      ],
    },
  });

  it('test_config: hyperparameters round-trip through getConfig / fromConfig', () => {
    const optimizer = new SGD({ learningRate: 0.5, momentum: 0.06, nesterov: true, weightDecay: 0.004 });
    const config = JSON.parse(JSON.stringify(optimizer.getConfig()));
    const revived = SGD.fromConfig(config);
    expect(revived).toBeInstanceOf(SGD);
    expect(revived.getConfig()).toEqual(config);
    expect(revived.momentum).toBe(0.06);
    expect(revived.nesterov).toBe(true);
    optimizer.dispose();
    revived.dispose();
  });
});

describe('SGD momentum (hand-derived from keras/src/optimizers/sgd.py)', () => {
  // w0 = [1, 2], g = [1, 1] every step, lr 0.1, momentum 0.9.
  // Classic: m = 0.9 m - 0.1 g; w += m
  //   m1 = -0.1             w1 = [0.9, 1.9]
  //   m2 = -0.09 - 0.1 = -0.19     w2 = [0.71, 1.71]
  //   m3 = -0.171 - 0.1 = -0.271   w3 = [0.439, 1.439]
  // Nesterov: m as above; w += 0.9 m - 0.1 g (with the new m)
  //   w1 = 1 + (-0.09 - 0.1) = 0.81
  //   w2 = 0.81 + (-0.171 - 0.1) = 0.539
  //   w3 = 0.539 + (-0.2439 - 0.1) = 0.1951
  // (PyTorch's buf = 0.9 buf + g; w -= 0.1 buf gives the same numbers.)
  it('classic momentum, three steps; the momentum slot holds the velocity', async () => {
    const optimizer = new SGD({ learningRate: 0.1, momentum: 0.9 });
    const w = variable(tensor([1, 2]));
    const g = tensor([1, 1]);
    const expected = [
      [0.9, 1.9],
      [0.71, 1.71],
      [0.439, 1.439],
    ];
    for (const e of expected) {
      optimizer.applyGradients([[g, w]]);
      await expectAllClose(w, e, { rtol: 1e-6, atol: 1e-6 });
    }
    await expectAllClose(optimizer.getSlot(w, 'momentum'), [-0.271, -0.271], { rtol: 1e-6, atol: 1e-6 });
    expect(optimizer.variables()).toHaveLength(3);
    optimizer.dispose();
  });

  it('Nesterov momentum, three steps', async () => {
    const optimizer = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    const w = variable(tensor([1, 2]));
    const g = tensor([1, 1]);
    const expected = [
      [0.81, 1.81],
      [0.539, 1.539],
      [0.1951, 1.1951],
    ];
    for (const e of expected) {
      optimizer.applyGradients([[g, w]]);
      await expectAllClose(w, e, { rtol: 1e-6, atol: 1e-6 });
    }
    optimizer.dispose();
  });

  it('no momentum slot is created when momentum is 0', () => {
    const optimizer = new SGD();
    const w = variable(tensor([1, 2]));
    optimizer.applyGradients([[tensor([1, 1]), w]]);
    expect(optimizer.variables()).toHaveLength(2);
    expect(() => optimizer.getSlot(w, 'momentum')).toThrow(/no 'momentum' slot/);
    optimizer.dispose();
  });
});

describe('SGD on a real problem', () => {
  it('fits logistic regression on the breast cancer data (momentum 0.9)', async () => {
    const optimizer = new SGD({ learningRate: 0.1, momentum: 0.9 });
    const r = await logisticRegression(optimizer, 100);
    expect(r.finalLoss).toBeLessThan(0.1);
    expect(r.accuracy).toBeGreaterThan(0.97);
    optimizer.dispose();
  });
});

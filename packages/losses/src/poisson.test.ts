// Poisson: numbers and tolerances from keras/src/losses/losses_test.py (PoissonTest, whose expected values are
// y_pred - y_true * log(y_pred), ported below as `reference`) and the docstring of keras.losses.poisson in
// keras/src/losses/losses.py (allclose with atol=1e-5); assertAlmostEqual is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { add, dispose, log, mean, mul, sub, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Poisson, poisson } from './poisson.js';

const yPred = [
  [1, 9, 2],
  [5, 2, 6],
];
const yTrue = [
  [4, 8, 12],
  [8, 1, 3],
];
const batchSize = 6;

/** PoissonTest's expected losses: y_pred - y_true * log(y_pred), elementwise. */
function reference(t: number[][], p: number[][]): number[][] {
  return t.map((row, i) => row.map((ti, j) => p[i][j] - ti * Math.log(p[i][j])));
}
const total = (x: number[][], w: (i: number, j: number) => number = () => 1) =>
  x.reduce((s, row, i) => s + row.reduce((r, v, j) => r + v * w(i, j), 0), 0);

describe('Poisson (keras/src/losses/losses_test.py PoissonTest)', () => {
  it('test_config: name, reduction and serialization round trip', () => {
    const loss = new Poisson({ reduction: 'sum', name: 'poisson' });
    expect(loss.name).toBe('poisson');
    expect(loss.reduction).toBe('sum');
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({ module: 'losses', className: 'Poisson', config: { name: 'poisson', reduction: 'sum' } });
    expect(deserialize<Poisson>(json).getConfig()).toEqual(loss.getConfig());
    expect(new Poisson().name).toBe('poisson');
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new Poisson().compute(yTrue, yPred), total(reference(yTrue, yPred)) / batchSize, 3));
  });

  it('test_scalar_weighted (decimal=3), the same output twice', () => {
    tidy(() => {
      const loss = new Poisson();
      const first = loss.compute(yTrue, yPred, 2.3);
      expectAlmostEqual(first, (2.3 * total(reference(yTrue, yPred))) / batchSize, 3);
      expectAlmostEqual(loss.compute(yTrue, yPred, 2.3), first.dataSync()[0], 3);
    });
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [1.2, 3.4];
      const expected = total(reference(yTrue, yPred), (i) => w[i]) / batchSize;
      expectAlmostEqual(new Poisson().compute(yTrue, yPred, [[1.2], [3.4]]), expected, 3);
    });
  });

  it('test_timestep_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [3, 6, 5, 0, 4, 2];
      const expected = total(reference(yTrue, yPred), (i, j) => w[i * 3 + j]) / batchSize;
      const t = tensor(yTrue.flat(), [2, 3, 1]);
      const p = tensor(yPred.flat(), [2, 3, 1]);
      expectAlmostEqual(new Poisson().compute(t, p, tensor(w, [2, 3])), expected, 3);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new Poisson().compute(yTrue, yPred, 0), 0, 3));
  });

  it("reductions 'none', 'sum' and 'mean' (assertAllClose tolerances, relative 1e-5)", () => {
    tidy(() => {
      const r = reference(yTrue, yPred).map((row) => row.reduce((a, b) => a + b, 0) / row.length);
      const w = [1.2, 3.4];
      expectAllClose(new Poisson({ reduction: 'none' }).compute(yTrue, yPred, w), [r[0] * 1.2, r[1] * 3.4], 1e-5, 1e-5);
      expectAllClose(new Poisson({ reduction: 'sum' }).compute(yTrue, yPred, w), r[0] * 1.2 + r[1] * 3.4, 1e-5, 1e-5);
      expectAllClose(new Poisson({ reduction: 'mean' }).compute(yTrue, yPred), (r[0] + r[1]) / 2, 1e-5, 1e-5);
    });
  });

  it('docstring of keras.losses.poisson: mean(y_pred - y_true * log(y_pred + 1e-7)), atol=1e-5', () => {
    tidy(() => {
      const t = [
        [0, 1, 1],
        [1, 0, 1],
      ];
      const p = [
        [0.3, 0.8, 0.05],
        [0.6, 0.1, 0.95],
      ];
      const loss = poisson(t, p);
      expect(loss.shape).toEqual([2]);
      const expected = t.map((row, i) => row.reduce((s, ti, j) => s + p[i][j] - ti * Math.log(p[i][j] + 1e-7), 0) / 3);
      expectAllClose(loss, expected, 1e-5, 0);
      // the example in the TSDoc
      expectAllClose(new Poisson().compute([[2, 0]], [[1, 0.5]]), 0.75);
    });
  });

  it('a zero rate with a zero count is finite (1e-7 inside the log); bad shapes are a ShapeError', () => {
    tidy(() => expectAllClose(poisson([[0, 3]], [[0, 3]]), [(3 - 3 * Math.log(3)) / 2], 1e-6, 1e-6));
    expect(() => new Poisson().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /poisson: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => poisson(1, 2)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of the plain formula', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const p = tensor([
        [1.5, 9, 2.2],
        [5, 0.7, 6],
      ]);
      const loss = new Poisson();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => poisson(x, y), [t, p]);
      const ours = valueAndGrads(() => loss.compute(t, p), [t, p]);
      const plain = valueAndGrads(() => mean(mean(sub(p, mul(t, log(add(p, 1e-7)))), -1)), [t, p]);
      expectAllClose(ours.value, Array.from(plain.value.dataSync()));
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()));
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()));
    });
  });

  it('gradient with respect to yPred is (1 - yTrue / yPred) / n', () => {
    tidy(() => {
      const p = tensor([[2, 4]]);
      const { grads } = valueAndGrads(() => sum(poisson([[1, 4]], p)), [p]);
      expectAllClose(grads[0], [0.25, 0]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new Poisson();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

// KLDivergence: numbers and tolerances from keras/src/losses/losses_test.py (KLDivergenceTest, whose expected
// values are y_true * log(y_true / y_pred), ported below as `reference`) and the docstring of
// keras.losses.kl_divergence in keras/src/losses/losses.py (both clipped to [1e-7, 1]); assertAlmostEqual is
// decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { clipByValue, dispose, div, log, mean, mul, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { KLDivergence, klDivergence } from './kl-divergence.js';

const yPred = [
  [0.4, 0.9, 0.12],
  [0.36, 0.3, 0.4],
];
const yTrue = [
  [0.5, 0.8, 0.12],
  [0.7, 0.43, 0.8],
];
const batchSize = 2;

/** KLDivergenceTest's expected losses: y_true * log(y_true / y_pred), elementwise. */
function reference(t: number[][], p: number[][]): number[][] {
  return t.map((row, i) => row.map((ti, j) => ti * Math.log(ti / p[i][j])));
}
const total = (x: number[][], w: (i: number, j: number) => number = () => 1) =>
  x.reduce((s, row, i) => s + row.reduce((r, v, j) => r + v * w(i, j), 0), 0);

describe('KLDivergence (keras/src/losses/losses_test.py KLDivergenceTest)', () => {
  it('test_config: name, reduction and serialization round trip', () => {
    const loss = new KLDivergence({ reduction: 'sum', name: 'kld' });
    expect(loss.name).toBe('kld');
    expect(loss.reduction).toBe('sum');
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({ module: 'losses', className: 'KLDivergence', config: { name: 'kld', reduction: 'sum' } });
    expect(deserialize<KLDivergence>(json).getConfig()).toEqual(loss.getConfig());
    expect(new KLDivergence().name).toBe('kl_divergence');
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() =>
      expectAlmostEqual(new KLDivergence().compute(yTrue, yPred), total(reference(yTrue, yPred)) / batchSize, 3),
    );
  });

  it('test_scalar_weighted (decimal=3), the same output twice', () => {
    tidy(() => {
      const loss = new KLDivergence();
      const first = loss.compute(yTrue, yPred, 2.3);
      expectAlmostEqual(first, (2.3 * total(reference(yTrue, yPred))) / batchSize, 3);
      expectAlmostEqual(loss.compute(yTrue, yPred, 2.3), first.dataSync()[0], 3);
    });
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [1.2, 3.4];
      const expected = total(reference(yTrue, yPred), (i) => w[i]) / batchSize;
      expectAlmostEqual(new KLDivergence().compute(yTrue, yPred, [[1.2], [3.4]]), expected, 3);
    });
  });

  it('test_timestep_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [3, 6, 5, 0, 4, 2];
      // (2, 3, 1): the divergence sums over the last axis of size 1, so each timestep is its own term
      const expected = total(reference(yTrue, yPred), (i, j) => w[i * 3 + j]) / (batchSize * 3);
      const t = tensor(yTrue.flat(), [2, 3, 1]);
      const p = tensor(yPred.flat(), [2, 3, 1]);
      expectAlmostEqual(new KLDivergence().compute(t, p, tensor(w, [2, 3])), expected, 3);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new KLDivergence().compute(yTrue, yPred, 0), 0, 3));
  });

  it("reductions 'none', 'sum' and 'mean' (assertAllClose tolerances, relative 1e-5)", () => {
    tidy(() => {
      const r = reference(yTrue, yPred).map((row) => row.reduce((a, b) => a + b, 0));
      const w = [1.2, 3.4];
      const none = new KLDivergence({ reduction: 'none' }).compute(yTrue, yPred, w);
      expectAllClose(none, [r[0] * 1.2, r[1] * 3.4], 1e-6, 1e-5);
      expectAllClose(
        new KLDivergence({ reduction: 'sum' }).compute(yTrue, yPred, w),
        r[0] * 1.2 + r[1] * 3.4,
        1e-6,
        1e-5,
      );
      expectAllClose(new KLDivergence({ reduction: 'mean' }).compute(yTrue, yPred), (r[0] + r[1]) / 2, 1e-6, 1e-5);
    });
  });

  it('docstring of keras.losses.kl_divergence: equals sum(t * log(t / p)) of the clipped values', () => {
    tidy(() => {
      const t = [
        [0, 1, 1],
        [1, 0, 0],
      ];
      const p = [
        [0.3, 0.8, 0.05],
        [0.6, 0.1, 0.95],
      ];
      const loss = klDivergence(t, p);
      expect(loss.shape).toEqual([2]);
      const c = (x: number) => Math.min(Math.max(x, 1e-7), 1);
      const expected = t.map((row, i) => row.reduce((s, ti, j) => s + c(ti) * Math.log(c(ti) / c(p[i][j])), 0));
      expectAllClose(loss, expected, 1e-6, 1e-5);
    });
  });

  it('clipping as Keras: zeros and values above 1 are clipped to [1e-7, 1], never infinite', () => {
    tidy(() => {
      // (log(1 / 0.4) + three clipped zero targets, 1e-7 * log(1e-7 / p) each, about -1.5e-6) / 2 = 0.458
      expectAlmostEqual(
        new KLDivergence().compute(
          [
            [0, 1],
            [0, 0],
          ],
          [
            [0.6, 0.4],
            [0.4, 0.6],
          ],
        ),
        0.458,
      );
      // a zero prediction: 1 * log(1 / 1e-7); a target above 1 counts as 1
      expectAllClose(klDivergence([[1, 0]], [[0, 1]]), [Math.log(1e7) + 1e-7 * Math.log(1e-7)], 0, 1e-6);
      expectAllClose(klDivergence([[3]], [[0.5]]), [Math.log(2)]);
    });
  });

  it('bad shapes are a ShapeError naming both; a scalar is a ShapeError', () => {
    expect(() => new KLDivergence().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /klDivergence: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => klDivergence(1, 0.5)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of the plain formula (clipped entries included)', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const p = tensor(yPred);
      const loss = new KLDivergence();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => klDivergence(x, y), [t, p]);
      const tc = tensor([
        [0.5, 0, 0.12],
        [1.3, 0.43, 0.8],
      ]);
      const pc = tensor([
        [0.4, 0.9, -0.2],
        [0.36, 1.5, 0.4],
      ]);
      const ours = valueAndGrads(() => loss.compute(tc, pc), [tc, pc]);
      const plain = valueAndGrads(() => {
        const a = clipByValue(tc, 1e-7, 1);
        const b = clipByValue(pc, 1e-7, 1);
        return mean(sum(mul(a, log(div(a, b))), -1));
      }, [tc, pc]);
      expectAllClose(ours.value, Array.from(plain.value.dataSync()));
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()), 1e-6, 1e-5);
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()), 1e-6, 1e-5);
      // the clipped targets (0 and 1.3) get no gradient
      const gt = ours.grads[0].dataSync();
      expect([Math.abs(gt[1]), Math.abs(gt[3])]).toEqual([0, 0]);
    });
  });

  it('gradient with respect to yPred is -yTrue / yPred', () => {
    tidy(() => {
      const p = tensor([[0.25, 0.75]]);
      const { grads } = valueAndGrads(() => sum(klDivergence([[0.5, 0.5]], p)), [p]);
      expectAllClose(grads[0], [-2, -2 / 3]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new KLDivergence();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

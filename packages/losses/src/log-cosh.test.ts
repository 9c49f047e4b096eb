// LogCosh: numbers and tolerances from keras/src/losses/losses_test.py (LogCoshTest, whose expected values are
// log((exp(e) + exp(-e)) / 2) of the error e = yPred - yTrue, ported below as `reference`) and the docstring of
// keras.losses.log_cosh in keras/src/losses/losses.py; assertAlmostEqual there is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { cosh, dispose, log, mean, sub, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { LogCosh, logCosh } from './log-cosh.js';

const yTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const yPred = [
  [4, 8, 12],
  [8, 1, 3],
];
const batchSize = 6;

/** LogCoshTest's expected losses: log((exp(e) + exp(-e)) / 2), elementwise. */
function reference(t: number[][], p: number[][]): number[][] {
  return t.map((row, i) =>
    row.map((ti, j) => {
      const e = p[i][j] - ti;
      return Math.log((Math.exp(e) + Math.exp(-e)) / 2);
    }),
  );
}
const total = (x: number[][], w: (i: number, j: number) => number = () => 1) =>
  x.reduce((s, row, i) => s + row.reduce((r, v, j) => r + v * w(i, j), 0), 0);

describe('LogCosh (keras/src/losses/losses_test.py LogCoshTest)', () => {
  it('test_config: get_config and serialization round trip', () => {
    const loss = new LogCosh({ reduction: 'sum', name: 'logcosh_loss' });
    expect(loss.name).toBe('logcosh_loss');
    expect(loss.reduction).toBe('sum');
    expect(loss.getConfig()).toEqual({ name: 'logcosh_loss', reduction: 'sum' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'LogCosh',
      config: { name: 'logcosh_loss', reduction: 'sum' },
    });
    expect(deserialize<LogCosh>(json).getConfig()).toEqual(loss.getConfig());
    expect(new LogCosh().name).toBe('log_cosh');
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new LogCosh().compute(yTrue, yPred), total(reference(yTrue, yPred)) / batchSize, 3));
  });

  it('test_scalar_weighted (decimal=3), the same output twice', () => {
    tidy(() => {
      const loss = new LogCosh();
      const first = loss.compute(yTrue, yPred, 2.3);
      expectAlmostEqual(first, (2.3 * total(reference(yTrue, yPred))) / batchSize, 3);
      expectAlmostEqual(loss.compute(yTrue, yPred, 2.3), first.dataSync()[0], 3);
    });
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [1.2, 3.4];
      const expected = total(reference(yTrue, yPred), (i) => w[i]) / batchSize;
      expectAlmostEqual(new LogCosh().compute(yTrue, yPred, w), expected, 3);
    });
  });

  it('test_timestep_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [3, 6, 5, 0, 4, 2];
      const expected = total(reference(yTrue, yPred), (i, j) => w[i * 3 + j]) / batchSize;
      const t = tensor(yTrue.flat(), [2, 3, 1]);
      const p = tensor(yPred.flat(), [2, 3, 1]);
      expectAlmostEqual(new LogCosh().compute(t, p, tensor(w, [2, 3, 1])), expected, 3);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new LogCosh().compute(yTrue, yPred, 0), 0, 3));
  });

  it("reductions 'none', 'sum' and 'mean' (assertAllClose tolerances, relative 1e-6)", () => {
    tidy(() => {
      const r = reference(yTrue, yPred).map((row) => row.reduce((a, b) => a + b, 0) / row.length);
      const w = [1.2, 3.4];
      expectAllClose(new LogCosh({ reduction: 'none' }).compute(yTrue, yPred, w), [r[0] * 1.2, r[1] * 3.4], 1e-5);
      expectAllClose(new LogCosh({ reduction: 'sum' }).compute(yTrue, yPred, w), r[0] * 1.2 + r[1] * 3.4, 1e-5);
      expectAllClose(new LogCosh({ reduction: 'mean' }).compute(yTrue, yPred), (r[0] + r[1]) / 2, 1e-5);
    });
  });

  it('docstring of keras.losses.log_cosh: [[0, 1], [0, 0]] vs [[1, 1], [0, 0]] is 0.108 on average', () => {
    tidy(() => {
      const t = [
        [0, 1],
        [0, 0],
      ];
      const p = [
        [1, 1],
        [0, 0],
      ];
      expectAllClose(logCosh(t, p), [Math.log(Math.cosh(1)) / 2, 0]);
      expectAlmostEqual(new LogCosh().compute(t, p), 0.108);
    });
  });

  it('numerically stable: huge errors give |e| - log(2) where log(cosh(e)) overflows', () => {
    tidy(() => {
      expectAllClose(logCosh([[0, 0, 0]], [[100, -100, 1e6]]), [(200 + 1e6) / 3 - Math.LN2], 0, 1e-6);
      // log(cosh(100)) in float32 is infinite
      expect(Number.isFinite(log(cosh(tensor([100]))).dataSync()[0])).toBe(false);
      // small errors: about e^2 / 2 (absolute error ~ float32 rounding of log(2))
      expectAllClose(logCosh([[0]], [[1e-3]]), [5e-7], 2e-7, 0);
    });
  });

  it('bad shapes are a ShapeError naming both; a scalar is a ShapeError', () => {
    expect(() => new LogCosh().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /logCosh: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => logCosh(1, 2)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of log(cosh(e))', () => {
    tidy(() => {
      const t = tensor([
        [1, 0.5, 2],
        [-1, -2, 0.3],
      ]);
      const p = tensor([
        [1.5, 0.2, 4],
        [0.5, -1.2, 0.3],
      ]);
      const loss = new LogCosh();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => logCosh(x, y), [t, p]);
      const ours = valueAndGrads(() => loss.compute(t, p), [t, p]);
      const plain = valueAndGrads(() => mean(mean(log(cosh(sub(p, t))), -1)), [t, p]);
      expectAllClose(ours.value, Array.from(plain.value.dataSync()), 1e-6, 1e-5);
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()));
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()));
    });
  });

  it('gradient with respect to yPred is tanh(e) / n, finite for huge errors', () => {
    tidy(() => {
      const p = tensor([[0.5, 200]]);
      const { grads } = valueAndGrads(() => sum(logCosh([[0, 0]], p)), [p]);
      expectAllClose(grads[0], [Math.tanh(0.5) / 2, 0.5]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new LogCosh();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

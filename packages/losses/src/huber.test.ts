// Huber: numbers and tolerances from keras/src/losses/losses_test.py (HuberLossTest, whose expected values come
// from its NumPy `huber_loss` helper, ported below as `reference`) and the docstring of keras.losses.huber in
// keras/src/losses/losses.py; assertAlmostEqual there is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import {
  abs,
  dispose,
  lessEqual,
  mean,
  mul,
  square,
  sub,
  sum,
  tensor,
  tidy,
  valueAndGrads,
  where,
} from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Huber, huber } from './huber.js';

const yPred = [
  [0.9, 0.2, 0.2],
  [0.8, 0.4, 0.6],
];
const yTrue = [
  [1.0, 0.0, 1.0],
  [1.0, 0.0, 0.0],
];
const batchSize = 6;

/** HuberLossTest.huber_loss: elementwise 0.5 * min(|e|, delta)^2 + delta * (|e| - min(|e|, delta)). */
function reference(t: number[][], p: number[][], delta = 1.0): number[][] {
  return t.map((row, i) =>
    row.map((ti, j) => {
      const a = Math.abs(p[i][j] - ti);
      const q = Math.min(a, delta);
      return 0.5 * q * q + delta * (a - q);
    }),
  );
}
const total = (x: number[][], w: (i: number, j: number) => number = () => 1) =>
  x.reduce((s, row, i) => s + row.reduce((r, v, j) => r + v * w(i, j), 0), 0);

describe('Huber (keras/src/losses/losses_test.py HuberLossTest)', () => {
  it('test_config: get_config and serialization round trip', () => {
    const loss = new Huber({ delta: 2.0, reduction: 'sum', name: 'huber' });
    expect(loss.name).toBe('huber');
    expect(loss.reduction).toBe('sum');
    expect(loss.getConfig()).toEqual({ name: 'huber', reduction: 'sum', delta: 2.0 });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'Huber',
      config: { name: 'huber', reduction: 'sum', delta: 2 },
    });
    const back = deserialize<Huber>(json);
    expect(back).toBeInstanceOf(Huber);
    expect(back.getConfig()).toEqual(loss.getConfig());
    // Keras's name and default delta.
    expect(new Huber().name).toBe('huber_loss');
    expect(new Huber().delta).toBe(1);
  });

  it('test_all_correct (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new Huber().compute(yTrue, yTrue), 0, 3));
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new Huber().compute(yTrue, yPred), total(reference(yTrue, yPred)) / batchSize, 3));
  });

  it('test_scalar_weighted (decimal=3), the same output twice', () => {
    tidy(() => {
      const loss = new Huber();
      const expected = (2.3 * total(reference(yTrue, yPred))) / batchSize;
      const first = loss.compute(yTrue, yPred, 2.3);
      expectAlmostEqual(first, expected, 3);
      expectAlmostEqual(loss.compute(yTrue, yPred, 2.3), first.dataSync()[0], 3);
    });
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [1.2, 3.4];
      const expected = total(reference(yTrue, yPred), (i) => w[i]) / batchSize;
      expectAlmostEqual(new Huber().compute(yTrue, yPred, [[1.2], [3.4]]), expected, 3);
    });
  });

  it('test_timestep_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [3, 6, 5, 0, 4, 2];
      const expected = total(reference(yTrue, yPred), (i, j) => w[i * 3 + j]) / batchSize;
      const t = tensor(yTrue.flat(), [2, 3, 1]);
      const p = tensor(yPred.flat(), [2, 3, 1]);
      expectAlmostEqual(new Huber().compute(t, p, tensor(w, [2, 3, 1])), expected, 3);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new Huber().compute(yTrue, yPred, 0), 0, 3));
  });

  it('test_non_default_delta (decimal=3)', () => {
    tidy(() => {
      const expected = (2.3 * total(reference(yTrue, yPred, 0.8))) / batchSize;
      expectAlmostEqual(new Huber({ delta: 0.8 }).compute(yTrue, yPred, 2.3), expected, 3);
    });
  });

  it("reductions 'none', 'sum' and 'mean' (assertAllClose tolerances)", () => {
    tidy(() => {
      const r = reference(yTrue, yPred).map((row) => row.reduce((a, b) => a + b, 0) / row.length);
      expectAllClose(new Huber({ reduction: 'none' }).compute(yTrue, yPred, [1.2, 3.4]), [r[0] * 1.2, r[1] * 3.4]);
      expectAllClose(new Huber({ reduction: 'sum' }).compute(yTrue, yPred, [1.2, 3.4]), r[0] * 1.2 + r[1] * 3.4);
      expectAllClose(new Huber({ reduction: 'mean' }).compute(yTrue, yPred), (r[0] + r[1]) / 2);
    });
  });

  it('docstring of keras.losses.huber: [[0, 1], [0, 0]] vs [[0.6, 0.4], [0.4, 0.6]] is 0.155 on average', () => {
    tidy(() => {
      const t = [
        [0, 1],
        [0, 0],
      ];
      const p = [
        [0.6, 0.4],
        [0.4, 0.6],
      ];
      expectAllClose(huber(t, p), [0.18, 0.13]);
      expectAllClose(new Huber().compute(t, p), 0.155);
    });
  });

  it('the linear part: |e| > delta gives delta * |e| - 0.5 * delta^2', () => {
    tidy(() => {
      // e = 3, -5 with delta 2: 2 * 3 - 2 = 4 and 2 * 5 - 2 = 8; mean 6
      expectAllClose(huber([[0, 0]], [[3, -5]], { delta: 2 }), [6]);
      // at |e| == delta both branches agree: 0.5 * 4 = 2
      expectAllClose(huber([[0]], [[2]], { delta: 2 }), [2]);
    });
  });

  it('delta must be a finite number > 0 (ValueError naming it); bad shapes are a ShapeError', () => {
    for (const delta of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new Huber({ delta })).toThrow(ValueError);
      expect(() => huber([[1]], [[1]], { delta })).toThrow(/huber: delta is .*; expected a finite number > 0/);
    }
    expect(() => new Huber().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /huber: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => huber(1, 2)).toThrow(ShapeError);
  });

  it('fromConfig reads snake_case and rejects unknown keys', () => {
    expect(Huber.fromConfig({ name: 'h', reduction: 'sum_over_batch_size', delta: 0.5, dtype: 'float32' }).delta).toBe(
      0.5,
    );
    expect(() => Huber.fromConfig({ delta: 1, beta: 2 })).toThrow(/beta/);
  });

  it('gradient matches finite differences and autodiff of the plain formula', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const p = tensor([
        [0.9, 0.2, 2.5],
        [-0.8, 0.4, 0.6],
      ]);
      const loss = new Huber();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => huber(x, y, { delta: 0.5 }), [t, p]);
      for (const delta of [1, 0.5]) {
        const ours = valueAndGrads(() => new Huber({ delta }).compute(t, p), [t, p]);
        const plain = valueAndGrads(() => {
          const e = sub(p, t);
          const ae = abs(e);
          return mean(
            mean(where(lessEqual(ae, delta), mul(square(e), 0.5), sub(mul(ae, delta), 0.5 * delta ** 2)), -1),
          );
        }, [t, p]);
        expectAllClose(ours.value, Array.from(plain.value.dataSync()));
        expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()));
        expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()));
      }
    });
  });

  it('gradient with respect to yPred is clip(e, -delta, delta) / n', () => {
    tidy(() => {
      const p = tensor([[0.3, -4, 0]]);
      const { grads } = valueAndGrads(() => sum(huber([[0, 0, 0]], p, { delta: 2 })), [p]);
      expectAllClose(grads[0], [0.1, -2 / 3, 0]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new Huber({ delta: 0.8 });
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

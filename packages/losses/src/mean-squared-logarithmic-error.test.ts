// MeanSquaredLogarithmicError: numbers and tolerances from keras/src/losses/losses_test.py
// (MeanSquaredLogarithmicErrorTest); assertAlmostEqual there is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { add, dispose, log, maximum, mean, square, sub, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { MeanSquaredLogarithmicError, meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';

const yTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const yPred = [
  [4, 8, 12],
  [8, 1, 3],
];

/** Keras's formula in float64, per sample. */
function reference(t: number[][], p: number[][]): number[] {
  const l = (x: number) => Math.log(Math.max(x, 1e-7) + 1);
  return t.map((row, i) => row.reduce((s, ti, j) => s + (l(p[i][j]) - l(ti)) ** 2, 0) / row.length);
}

describe('MeanSquaredLogarithmicError (keras/src/losses/losses_test.py MeanSquaredLogarithmicErrorTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new MeanSquaredLogarithmicError({ name: 'mysloge' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'MeanSquaredLogarithmicError',
      config: { name: 'mysloge', reduction: 'sum_over_batch_size' },
    });
    const back = deserialize<MeanSquaredLogarithmicError>(json);
    expect(back).toBeInstanceOf(MeanSquaredLogarithmicError);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new MeanSquaredLogarithmicError().name).toBe('mean_squared_logarithmic_error');
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredLogarithmicError().compute(yTrue, yPred), 1.437, 3));
  });

  it('test_scalar_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredLogarithmicError().compute(yTrue, yPred, 2.3), 3.3051, 3));
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredLogarithmicError().compute(yTrue, yPred, [[1.2], [3.4]]), 3.7856, 3));
  });

  it('test_timestep_weighted', () => {
    tidy(() => {
      const t = tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
      const p = tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
      const w = tensor([3, 6, 5, 0, 4, 2], [2, 3]);
      expectAlmostEqual(new MeanSquaredLogarithmicError().compute(t, p, w), 2.647374);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredLogarithmicError().compute(yTrue, yPred, 0), 0, 3));
  });

  it("reductions 'none', 'sum' and 'mean' against Keras's formula (assertAllClose tolerances)", () => {
    tidy(() => {
      const [a, b] = reference(yTrue, yPred);
      const w = [1.2, 3.4];
      expectAllClose(new MeanSquaredLogarithmicError({ reduction: 'none' }).compute(yTrue, yPred, w), [
        a * 1.2,
        b * 3.4,
      ]);
      expectAllClose(
        new MeanSquaredLogarithmicError({ reduction: 'sum' }).compute(yTrue, yPred, w),
        a * 1.2 + b * 3.4,
        1e-5,
      );
      expectAllClose(new MeanSquaredLogarithmicError({ reduction: 'mean' }).compute(yTrue, yPred), (a + b) / 2);
    });
  });

  it("test_mean_with_sample_weight_reduction: 'mean_with_sample_weight' is not supported (ValueError)", () => {
    expect(() => new MeanSquaredLogarithmicError({ reduction: 'mean_with_sample_weight' as never })).toThrow(
      ValueError,
    );
  });

  it('values below 1e-7 are clamped to 1e-7, as Keras does', () => {
    tidy(() => {
      // log(1e-7 + 1) ~ 1e-7 for both 0 and -5: equal after clamping
      expectAllClose(meanSquaredLogarithmicError([[0, -5]], [[-3, 0]]), [0]);
      expectAllClose(
        meanSquaredLogarithmicError(
          [
            [0, 1],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 0],
          ],
        ),
        [Math.LN2 ** 2 / 2, Math.LN2 ** 2 / 2],
      );
    });
  });

  it('incompatible shapes are a ShapeError naming both; a scalar is a ShapeError', () => {
    expect(() => new MeanSquaredLogarithmicError().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /meanSquaredLogarithmicError: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => meanSquaredLogarithmicError(1, 2)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of the plain formula', () => {
    tidy(() => {
      const t = tensor([
        [1, 9, 2],
        [5, 2, 6],
      ]);
      const p = tensor(yPred);
      const loss = new MeanSquaredLogarithmicError();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => meanSquaredLogarithmicError(x, y), [t, p]);
      // Against autodiff of Keras's formula, with clamped (negative) entries on both sides.
      const tc = tensor(yTrue);
      const pc = tensor([
        [4, -8, 12],
        [8, 1, -3],
      ]);
      const l = (x: typeof t) => log(add(maximum(x, 1e-7), 1));
      const ours = valueAndGrads(() => loss.compute(tc, pc), [tc, pc]);
      const plain = valueAndGrads(() => mean(mean(square(sub(l(pc), l(tc))), -1)), [tc, pc]);
      expectAllClose(ours.value, Array.from(plain.value.dataSync()));
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()));
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()));
      expect(Math.abs(ours.grads[1].dataSync()[1])).toBe(0);
    });
  });

  it('gradient with respect to yPred is 2 (log(p + 1) - log(t + 1)) / (n (p + 1))', () => {
    tidy(() => {
      const p = tensor([[1, 3]]);
      const { grads } = valueAndGrads(() => sum(meanSquaredLogarithmicError([[0.5, 3]], p)), [p]);
      expectAllClose(grads[0], [(2 * (Math.log(2) - Math.log(1.5))) / (2 * 2), 0]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new MeanSquaredLogarithmicError();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

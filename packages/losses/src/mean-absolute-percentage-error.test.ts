// MeanAbsolutePercentageError: numbers and tolerances from keras/src/losses/losses_test.py
// (MeanAbsolutePercentageErrorTest) and the docstring in keras/src/losses/losses.py; assertAlmostEqual there is
// decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { abs, dispose, div, maximum, mean, mul, sub, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { MeanAbsolutePercentageError, meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';

const yTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const yPred = [
  [4, 8, 12],
  [8, 1, 3],
];

describe('MeanAbsolutePercentageError (keras/src/losses/losses_test.py MeanAbsolutePercentageErrorTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new MeanAbsolutePercentageError({ name: 'mymape' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'MeanAbsolutePercentageError',
      config: { name: 'mymape', reduction: 'sum_over_batch_size' },
    });
    const back = deserialize<MeanAbsolutePercentageError>(json);
    expect(back).toBeInstanceOf(MeanAbsolutePercentageError);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new MeanAbsolutePercentageError().name).toBe('mean_absolute_percentage_error');
    expect(MeanAbsolutePercentageError.fromConfig({ name: 'm', reduction: null }).reduction).toBe('none');
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => expectAlmostEqual(new MeanAbsolutePercentageError().compute(yPred, yPred), 0));
  });

  it('test_unweighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanAbsolutePercentageError().compute(yTrue, yPred), 211.8518, 3));
  });

  it('test_scalar_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanAbsolutePercentageError().compute(yTrue, yPred, 2.3), 487.259, 3));
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanAbsolutePercentageError().compute(yTrue, yPred, [[1.2], [3.4]]), 422.8888, 3));
  });

  it('test_timestep_weighted', () => {
    tidy(() => {
      const t = tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
      const p = tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
      const w = tensor([3, 6, 5, 0, 4, 2], [2, 3]);
      expectAlmostEqual(new MeanAbsolutePercentageError().compute(t, p, w), 694.4444);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new MeanAbsolutePercentageError().compute(yTrue, yPred, 0), 0, 3));
  });

  it('test_no_reduction', () => {
    tidy(() =>
      expectAlmostEqual(
        new MeanAbsolutePercentageError({ reduction: null }).compute(yTrue, yPred, 2.3),
        [621.8518, 352.6666],
      ),
    );
  });

  it("reductions 'sum' and 'mean'", () => {
    tidy(() => {
      // per sample: 100 * (3 + 1/9 + 5) / 3 = 270.370 and 100 * (13/5 + 3/2 + 1/2) / 3 = 153.333
      const perSample = [(100 * (3 + 1 / 9 + 5)) / 3, (100 * (13 / 5 + 3 / 2 + 1 / 2)) / 3];
      expectAlmostEqual(
        new MeanAbsolutePercentageError({ reduction: 'sum' }).compute(yTrue, yPred, [1.2, 3.4]),
        perSample[0] * 1.2 + perSample[1] * 3.4,
      );
      expectAlmostEqual(
        new MeanAbsolutePercentageError({ reduction: 'mean' }).compute(yTrue, yPred),
        (perSample[0] + perSample[1]) / 2,
      );
    });
  });

  it("test_mean_with_sample_weight_reduction: 'mean_with_sample_weight' is not supported (ValueError)", () => {
    expect(() => new MeanAbsolutePercentageError({ reduction: 'mean_with_sample_weight' as never })).toThrow(
      ValueError,
    );
  });

  it('docstring example: [100, 200, 300] vs [90, 210, 310] is 6.111111', () => {
    tidy(() =>
      expectAllClose(new MeanAbsolutePercentageError().compute([100, 200, 300], [90, 210, 310]), 6.111111, 1e-5),
    );
  });

  it('a zero target divides by 1e-7 (Keras backend.epsilon()), not by zero', () => {
    tidy(() => {
      // |0 - 0.5| / 1e-7 * 100 = 5e8, and the exact second entry adds 0
      expectAllClose(meanAbsolutePercentageError([[0, 2]], [[0.5, 2]]), [2.5e8], 0, 1e-6);
      expectAllClose(meanAbsolutePercentageError([[0, 2]], [[0, 2]]), [0]);
    });
  });

  it('incompatible shapes are a ShapeError naming both; a scalar is a ShapeError', () => {
    expect(() => new MeanAbsolutePercentageError().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /meanAbsolutePercentageError: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => meanAbsolutePercentageError(1, 2)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of the plain formula', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const p = tensor([
        [4.5, 8.2, 12.1],
        [8.3, 1.4, 3.6],
      ]);
      const loss = new MeanAbsolutePercentageError();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p], { rtol: 1e-2, atol: 1e-2 });
      checkGradients((x, y) => meanAbsolutePercentageError(x, y), [t, p], { rtol: 1e-2, atol: 1e-2 });
      // Against autodiff of Keras's formula, including targets with |t| < eps (no gradient through the max).
      const t0 = tensor([
        [1, 0, 2],
        [-5, 5e-8, -3e-8],
      ]);
      const ours = valueAndGrads(() => loss.compute(t0, p), [t0, p]);
      const plain = valueAndGrads(
        () => mean(mul(mean(abs(div(sub(t0, p), maximum(abs(t0), 1e-7))), -1), 100)),
        [t0, p],
      );
      expectAllClose(ours.value, Array.from(plain.value.dataSync()), 0, 1e-6);
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()), 0, 1e-6);
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()), 0, 1e-6);
    });
  });

  it('an exact prediction has a zero gradient', () => {
    tidy(() => {
      const t = tensor([[1, 2, 4]]);
      const p = tensor([[1, 2, 5]]);
      const { grads } = valueAndGrads(() => sum(meanAbsolutePercentageError(t, p)), [t, p]);
      // d/dt |t - p| / t at t=4, p=5: (|t| - |d|... ) = p / t^2 with sign: -(5 / 16) * 100 / 3; d/dp = 100 / (3 * 4)
      expectAllClose(grads[0], [0, 0, (-100 / 3) * (5 / 16)], 1e-5, 1e-5);
      expectAllClose(grads[1], [0, 0, 100 / 12], 1e-5, 1e-5);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new MeanAbsolutePercentageError();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

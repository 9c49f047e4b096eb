// MeanAbsoluteError: numbers and tolerances from keras/src/losses/losses_test.py (MeanAbsoluteErrorTest) and the
// docstring in keras/src/losses/losses.py; assertAlmostEqual there is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { abs, dispose, mean, sub, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';

const yTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const yPred = [
  [4, 8, 12],
  [8, 1, 3],
];

describe('MeanAbsoluteError (keras/src/losses/losses_test.py MeanAbsoluteErrorTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new MeanAbsoluteError({ name: 'myname' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'MeanAbsoluteError',
      config: { name: 'myname', reduction: 'sum_over_batch_size' },
    });
    const back = deserialize<MeanAbsoluteError>(json);
    expect(back).toBeInstanceOf(MeanAbsoluteError);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new MeanAbsoluteError().name).toBe('mean_absolute_error');
    // Keras's own config (dtype included) loads too.
    expect(MeanAbsoluteError.fromConfig({ name: 'm', reduction: 'sum', dtype: 'float32' }).reduction).toBe('sum');
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => expectAlmostEqual(new MeanAbsoluteError().compute(yPred, yPred), 0));
  });

  it('test_unweighted', () => {
    // per sample: (3 + 1 + 10) / 3 and (13 + 3 + 3) / 3; mean 33 / 6
    tidy(() => expectAlmostEqual(new MeanAbsoluteError().compute(yTrue, yPred), 5.5));
  });

  it('test_scalar_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanAbsoluteError().compute(yTrue, yPred, 2.3), 12.65));
  });

  it('test_sample_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanAbsoluteError().compute(yTrue, yPred, [[1.2], [3.4]]), 81.4 / 6));
  });

  it('test_timestep_weighted', () => {
    tidy(() => {
      const t = tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
      const p = tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
      const w = tensor([3, 6, 5, 0, 4, 2], [2, 3]);
      expectAlmostEqual(new MeanAbsoluteError().compute(t, p, w), 13.833333);
    });
  });

  it('test_zero_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanAbsoluteError().compute(yTrue, yPred, 0), 0));
  });

  it('test_no_reduction', () => {
    tidy(() =>
      expectAlmostEqual(new MeanAbsoluteError({ reduction: null }).compute(yTrue, yPred, 2.3), [10.7333, 14.5666]),
    );
  });

  it('test_sum_reduction', () => {
    tidy(() => expectAlmostEqual(new MeanAbsoluteError({ reduction: 'sum' }).compute(yTrue, yPred, 2.3), 25.29999));
  });

  it("reduction 'mean' equals 'sum_over_batch_size'; 'none' keeps one value per sample", () => {
    tidy(() => {
      const w = [[1.2], [3.4]];
      expectAlmostEqual(new MeanAbsoluteError({ reduction: 'mean' }).compute(yTrue, yPred, w), 81.4 / 6);
      expectAlmostEqual(new MeanAbsoluteError({ reduction: 'none' }).compute(yTrue, yPred, w), [
        (14 / 3) * 1.2,
        (19 / 3) * 3.4,
      ]);
    });
  });

  it("test_mean_with_sample_weight_reduction: 'mean_with_sample_weight' is not supported (ValueError)", () => {
    expect(() => new MeanAbsoluteError({ reduction: 'mean_with_sample_weight' as never })).toThrow(ValueError);
  });

  it('docstring example: [1, 0.3, 1] vs [1.9, 0.3, 1.8] is 0.5666667', () => {
    tidy(() => expectAllClose(new MeanAbsoluteError().compute([1, 0.3, 1], [1.9, 0.3, 1.8]), 0.5666667));
  });

  it('the functional form gives per-sample values; [3] vs [3, 1] gives shape [3]', () => {
    tidy(() => {
      expectAllClose(meanAbsoluteError(yTrue, yPred), [14 / 3, 19 / 3]);
      expect(meanAbsoluteError(tensor([4, 8, 12]), tensor([[3], [0], [1]])).shape).toEqual([3]);
    });
  });

  it('incompatible shapes are a ShapeError naming both (Keras would broadcast); a scalar is a ShapeError', () => {
    expect(() => new MeanAbsoluteError().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /meanAbsoluteError: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => meanAbsoluteError(1, 2)).toThrow(ShapeError);
  });

  it('gradient matches finite differences and autodiff of the plain formula', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const p = tensor([
        [4.5, 8.2, 12.1],
        [8.3, 1.4, 3.6],
      ]);
      const loss = new MeanAbsoluteError();
      checkGradients((x) => loss.compute(t, x, [[1.2], [3.4]]), [p]);
      checkGradients((x, y) => meanAbsoluteError(x, y), [t, p]);
      const ours = valueAndGrads(() => loss.compute(t, p), [t, p]);
      const plain = valueAndGrads(() => mean(mean(abs(sub(t, p)), -1)), [t, p]);
      expectAllClose(ours.value, Array.from(plain.value.dataSync()));
      expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()));
      expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()));
    });
  });

  it('an exact prediction has a zero gradient (sign(0) = 0, as in TensorFlow)', () => {
    tidy(() => {
      const t = tensor([[1, 2, 3]]);
      const p = tensor([[1, 2, 4]]);
      const { grads } = valueAndGrads(() => sum(meanAbsoluteError(t, p)), [p]);
      expectAllClose(grads[0], [0, 0, 1 / 3]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const loss = new MeanAbsoluteError();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

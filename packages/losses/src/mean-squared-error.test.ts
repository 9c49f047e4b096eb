// MeanSquaredError: numbers and tolerances from keras/src/losses/losses_test.py (MeanSquaredErrorTest);
// assertAlmostEqual there is decimal=3 (|diff| < 1.5e-3).
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';

const yTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const yPred = [
  [4, 8, 12],
  [8, 1, 3],
];

describe('MeanSquaredError (keras/src/losses/losses_test.py MeanSquaredErrorTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new MeanSquaredError({ name: 'mymse' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'MeanSquaredError',
      config: { name: 'mymse', reduction: 'sum_over_batch_size' },
    });
    const back = deserialize<MeanSquaredError>(json);
    expect(back).toBeInstanceOf(MeanSquaredError);
    expect(back.getConfig()).toEqual(loss.getConfig());
    // Keras's own config (snake_case, dtype) loads too.
    expect(MeanSquaredError.fromConfig({ name: 'm', reduction: 'sum', dtype: 'float32' }).reduction).toBe('sum');
  });

  it('test_base_function_reduction: [3] vs [3, 1] gives shape [3]', () => {
    tidy(() => {
      expect(meanSquaredError(tensor([4, 8, 12]), tensor([[3], [0], [1]])).shape).toEqual([3]);
    });
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute(yPred, yPred), 0));
  });

  it('test_unweighted', () => {
    // per sample: (9 + 1 + 100) / 3 = 36.667 and (169 + 9 + 9) / 3 = 62.333; mean 49.5
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute(yTrue, yPred), 49.5));
  });

  it('test_scalar_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute(yTrue, yPred, 2.3), 113.85));
  });

  it('test_sample_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute(yTrue, yPred, [[1.2], [3.4]]), 767.8 / 6));
  });

  it('test_timestep_weighted', () => {
    tidy(() => {
      const t = tensor([1, 9, 2, -5, -2, 6], [2, 3, 1]);
      const p = tensor([4, 8, 12, 8, 1, 3], [2, 3, 1]);
      const w = tensor([3, 6, 5, 0, 4, 2], [2, 3]);
      expectAlmostEqual(new MeanSquaredError().compute(t, p, w), 97.833336);
    });
  });

  it('test_zero_weighted', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute(yTrue, yPred, 0), 0));
  });

  it('test_no_reduction', () => {
    tidy(() =>
      expectAlmostEqual(new MeanSquaredError({ reduction: null }).compute(yTrue, yPred, 2.3), [84.3333, 143.3666]),
    );
  });

  it('test_sum_reduction', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError({ reduction: 'sum' }).compute(yTrue, yPred, 2.3), 227.69998));
  });

  it('docstring example: [1, 0, 1] vs [0.9, 0.1, 0.8] is 0.02', () => {
    tidy(() => expectAlmostEqual(new MeanSquaredError().compute([1, 0, 1], [0.9, 0.1, 0.8]), 0.02, 6));
  });

  it('incompatible shapes are a ShapeError naming both (Keras would broadcast)', () => {
    expect(() => new MeanSquaredError().compute([[1, 2, 3]], [[1, 2]])).toThrow(ShapeError);
    expect(() => new MeanSquaredError().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
  });

  it('gradient matches finite differences', () => {
    tidy(() => {
      const t = tensor(yTrue);
      const loss = new MeanSquaredError();
      checkGradients((p) => loss.compute(t, p, [[1.2], [3.4]]), [tensor(yPred)]);
      checkGradients((p) => meanSquaredError(t, p), [tensor(yPred)]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    await expectStableTensorCount(() => new MeanSquaredError().compute(t, p, 2.3));
    dispose([t, p]);
  });
});

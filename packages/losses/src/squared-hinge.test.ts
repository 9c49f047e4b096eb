// SquaredHinge: numbers and tolerances from keras/src/losses/losses_test.py (SquaredHingeTest).
// assertAlmostEqual(x, y, 3) is |diff| < 1.5e-3; assertAllClose is atol = rtol = 1e-6; assertEqual is exact.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { SquaredHinge, squaredHinge } from './squared-hinge.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('SquaredHinge (keras/src/losses/losses_test.py SquaredHingeTest)', () => {
  it('test_unweighted: every reduction', () => {
    tidy(() => {
      // Labels 0/1 become -1/1: squared margins [[2.56, 0.36], [1.96, 2.56]] -> per sample [1.46, 2.26]
      expectAlmostEqual(new SquaredHinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred), 1.86, 3);
      expectAlmostEqual(new SquaredHinge({ reduction: 'sum' }).compute(yTrue, yPred), 3.72, 3);
      expectAllClose(new SquaredHinge({ reduction: null }).compute(yTrue, yPred), [1.46, 2.26]);
      expectAlmostEqual(new SquaredHinge({ reduction: 'mean' }).compute(yTrue, yPred), 1.86, 3);
      expectAllClose(new SquaredHinge({ reduction: 'none' }).compute(yTrue, yPred), [1.46, 2.26]);
    });
  });

  it('test_unweighted: a bad reduction is a ValueError', () => {
    expect(() => new SquaredHinge({ reduction: 'abc' as never })).toThrow(ValueError);
  });

  it('test_weighted', () => {
    tidy(() => {
      const w = [1, 0];
      expectAlmostEqual(new SquaredHinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred, w), 0.73, 3);
      expectAlmostEqual(new SquaredHinge({ reduction: 'sum' }).compute(yTrue, yPred, w), 1.46, 3);
      expectAlmostEqual(new SquaredHinge({ reduction: null }).compute(yTrue, yPred, w), [1.46, 0.0]);
    });
  });

  it('test_zero_weighted (assertEqual: exactly 0)', () => {
    tidy(() => {
      expect(new SquaredHinge().compute(yTrue, yPred, 0).dataSync()[0]).toBe(0);
    });
  });

  it('-1/1 labels give the same values as 0/1 labels; margins beyond 1 cost nothing', () => {
    tidy(() => {
      const pm = yTrue.map((r) => r.map((v) => 2 * v - 1));
      expectAllClose(squaredHinge(pm, yPred), [1.46, 2.26]);
      expectAllClose(squaredHinge([[1, -1]], [[2, -3]]), [0]);
    });
  });

  it('incompatible shapes are a ShapeError naming both', () => {
    expect(() => squaredHinge([[1, 0, 1]], [[0.5, 0.5]])).toThrow(ShapeError);
    expect(() => new SquaredHinge().compute([[1, 0, 1]], [[0.5, 0.5]])).toThrow(
      /squaredHinge: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
  });

  it('config round trip', () => {
    const loss = new SquaredHinge({ name: 'sq', reduction: 'sum' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({ module: 'losses', className: 'SquaredHinge', config: { name: 'sq', reduction: 'sum' } });
    const back = deserialize<SquaredHinge>(json);
    expect(back).toBeInstanceOf(SquaredHinge);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new SquaredHinge().name).toBe('squared_hinge');
  });

  it('gradients match finite differences', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 1],
        [0, 1, 0],
      ]);
      const tSigned = tensor([
        [1, -1, 0.5],
        [-1, 1, -0.3],
      ]);
      const p = tensor([
        [0.3, -0.6, 1.4],
        [0.2, 0.7, 1.6],
      ]);
      checkGradients((q) => new SquaredHinge().compute(t, q, [0.3, 1.1]), [p]);
      checkGradients((y, q) => squaredHinge(y, q), [tSigned, p]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    await expectStableTensorCount(() => new SquaredHinge().compute(t, p, [1, 0]));
    dispose([t, p]);
  });
});

// CategoricalHinge: numbers and tolerances from keras/src/losses/losses_test.py (CategoricalHingeTest).
// assertAlmostEqual(x, y, 3) is |diff| < 1.5e-3; assertAllClose is atol = rtol = 1e-6; assertEqual is exact.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { CategoricalHinge, categoricalHinge } from './categorical-hinge.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('CategoricalHinge (keras/src/losses/losses_test.py CategoricalHingeTest)', () => {
  it('test_unweighted: every reduction', () => {
    tidy(() => {
      // Row 0: pos 0.4, neg 0.6 -> 1.2. Row 1 (no true class): pos 0, neg 0.6 -> 1.6.
      expectAlmostEqual(new CategoricalHinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred), 1.4, 3);
      expectAlmostEqual(new CategoricalHinge({ reduction: 'sum' }).compute(yTrue, yPred), 2.8, 3);
      expectAllClose(new CategoricalHinge({ reduction: null }).compute(yTrue, yPred), [1.2, 1.6]);
      expectAlmostEqual(new CategoricalHinge({ reduction: 'mean' }).compute(yTrue, yPred), 1.4, 3);
      expectAllClose(new CategoricalHinge({ reduction: 'none' }).compute(yTrue, yPred), [1.2, 1.6]);
    });
  });

  it('test_unweighted: a bad reduction is a ValueError', () => {
    expect(() => new CategoricalHinge({ reduction: 'abc' as never })).toThrow(ValueError);
  });

  it('test_weighted', () => {
    tidy(() => {
      const w = [1, 0];
      expectAlmostEqual(new CategoricalHinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred, w), 0.6, 3);
      expectAlmostEqual(new CategoricalHinge({ reduction: 'sum' }).compute(yTrue, yPred, w), 1.2, 3);
      expectAlmostEqual(new CategoricalHinge({ reduction: null }).compute(yTrue, yPred, w), [1.2, 0.0]);
    });
  });

  it('test_zero_weighted (assertEqual: exactly 0)', () => {
    tidy(() => {
      expect(new CategoricalHinge().compute(yTrue, yPred, 0).dataSync()[0]).toBe(0);
    });
  });

  it('a margin of at least 1 costs nothing; shape [batch, d0, .., dN-1]', () => {
    tidy(() => {
      const t = [
        [0, 0, 1],
        [1, 0, 0],
      ];
      expectAllClose(
        categoricalHinge(t, [
          [0.1, 0.5, 1.6],
          [2, 0.3, 1.2],
        ]),
        [0, 1 - 0.8],
        1e-6,
      );
      expect(
        categoricalHinge(tensor(new Array(24).fill(0), [2, 3, 4]), tensor(new Array(24).fill(0.5), [2, 3, 4])).shape,
      ).toEqual([2, 3]);
    });
  });

  it('incompatible shapes are a ShapeError naming both', () => {
    expect(() => categoricalHinge([[1, 0, 0]], [[0.5, 0.5]])).toThrow(ShapeError);
    expect(() => new CategoricalHinge().compute([[1, 0, 0]], [[0.5, 0.5]])).toThrow(
      /categoricalHinge: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
  });

  it('config round trip', () => {
    const loss = new CategoricalHinge({ name: 'ch', reduction: 'sum' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({ module: 'losses', className: 'CategoricalHinge', config: { name: 'ch', reduction: 'sum' } });
    const back = deserialize<CategoricalHinge>(json);
    expect(back).toBeInstanceOf(CategoricalHinge);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new CategoricalHinge().name).toBe('categorical_hinge');
  });

  it('gradients match finite differences (distinct wrong-class scores, margins away from the kink)', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 0],
        [0, 0.2, 0.8],
      ]);
      const p = tensor([
        [0.3, -0.6, 0.9],
        [0.2, 1.3, 0.7],
      ]);
      checkGradients((q) => new CategoricalHinge().compute(t, q, [0.3, 1.1]), [p]);
      checkGradients((y, q) => categoricalHinge(y, q), [t, p]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    await expectStableTensorCount(() => new CategoricalHinge().compute(t, p, [1, 0]));
    dispose([t, p]);
  });
});

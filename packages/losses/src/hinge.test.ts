// Hinge: numbers and tolerances from keras/src/losses/losses_test.py (HingeTest). assertAlmostEqual(x, y, 3)
// is |diff| < 1.5e-3; assertAllClose is atol = rtol = 1e-6; assertEqual is exact.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { convertBinaryLabelsToHinge, Hinge, hinge } from './hinge.js';

const yTrue = [
  [0, 1],
  [0, 0],
];
const yPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('Hinge (keras/src/losses/losses_test.py HingeTest)', () => {
  it('test_unweighted: every reduction', () => {
    tidy(() => {
      // Labels 0/1 become -1/1: [[1.6, 0.6], [1.4, 1.6]] -> per sample [1.1, 1.5]
      expectAlmostEqual(new Hinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred), 1.3, 3);
      expectAlmostEqual(new Hinge({ reduction: 'sum' }).compute(yTrue, yPred), 2.6, 3);
      expectAllClose(new Hinge({ reduction: null }).compute(yTrue, yPred), [1.1, 1.5]);
      // 'mean' is sum_over_batch_size under another name; 'none' is reduction=None.
      expectAlmostEqual(new Hinge({ reduction: 'mean' }).compute(yTrue, yPred), 1.3, 3);
      expectAllClose(new Hinge({ reduction: 'none' }).compute(yTrue, yPred), [1.1, 1.5]);
    });
  });

  it('test_unweighted: a bad reduction is a ValueError', () => {
    expect(() => new Hinge({ reduction: 'abc' as never })).toThrow(ValueError);
    expect(() => new Hinge({ reduction: 'abc' as never })).toThrow(/invalid reduction 'abc'/);
  });

  it('test_weighted', () => {
    tidy(() => {
      const w = [1, 0];
      expectAlmostEqual(new Hinge({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred, w), 0.55, 3);
      expectAlmostEqual(new Hinge({ reduction: 'sum' }).compute(yTrue, yPred, w), 1.1, 3);
      expectAlmostEqual(new Hinge({ reduction: null }).compute(yTrue, yPred, w), [1.1, 0.0]);
    });
  });

  it('test_zero_weighted (assertEqual: exactly 0)', () => {
    tidy(() => {
      expect(new Hinge().compute(yTrue, yPred, 0).dataSync()[0]).toBe(0);
    });
  });

  it('-1/1 labels are used as they are; a batch that is not all 0/1 is not converted', () => {
    tidy(() => {
      // Already -1/1: the same numbers as the converted 0/1 labels.
      const pm = yTrue.map((r) => r.map((v) => 2 * v - 1));
      expectAllClose(hinge(pm, yPred), [1.1, 1.5]);
      // Mixed 0 and -1: Keras converts nothing, so the 0 label gives max(1 - 0, 0) = 1.
      expectAllClose(
        hinge(
          [
            [0, -1],
            [1, 1],
          ],
          yPred,
        ),
        [(1 + 1.4) / 2, (0.6 + 0.4) / 2],
      );
      expectAllClose(convertBinaryLabelsToHinge(tensor([0, 1, 1, 0])), [-1, 1, 1, -1]);
      expectAllClose(convertBinaryLabelsToHinge(tensor([0, 1, 0.5])), [0, 1, 0.5]);
    });
  });

  it('keras.losses.hinge: shape [batch, d0, .., dN-1]; [3] vs [3, 1] is squeezed to [3]', () => {
    tidy(() => {
      const t = tensor([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0], [2, 3, 2]);
      const p = tensor([0.1, -0.4, 2, 0.3, -1, 0.5, 0.7, 0.2, -0.3, 1.2, 0.9, -2], [2, 3, 2]);
      expect(hinge(t, p).shape).toEqual([2, 3]);
      expect(hinge(tensor([1, 0, 1]), tensor([[0.3], [0.2], [0.9]])).shape).toEqual([3]);
    });
  });

  it('incompatible shapes are a ShapeError naming both; a scalar is a ShapeError', () => {
    expect(() => hinge([[1, 0, 1]], [[0.5, 0.5]])).toThrow(ShapeError);
    expect(() => new Hinge().compute([[1, 0, 1]], [[0.5, 0.5]])).toThrow(
      /hinge: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => hinge(1, 0.5)).toThrow(/yPred is a scalar/);
  });

  it('config round trip (Keras config with dtype loads too)', () => {
    const loss = new Hinge({ name: 'myhinge', reduction: 'sum' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({ module: 'losses', className: 'Hinge', config: { name: 'myhinge', reduction: 'sum' } });
    const back = deserialize<Hinge>(json);
    expect(back).toBeInstanceOf(Hinge);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new Hinge().name).toBe('hinge');
    expect(Hinge.fromConfig({ name: 'hinge', reduction: null, dtype: 'float32' }).reduction).toBe('none');
  });

  it('gradients match finite differences (yPred, and yTrue through the label conversion)', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 1],
        [0, 1, 0],
      ]);
      const tSigned = tensor([
        [1, -1, 0.5],
        [-1, 1, -0.3],
      ]);
      // Margins away from the kink at 1 - y * p = 0.
      const p = tensor([
        [0.3, -0.6, 1.4],
        [0.2, 0.7, 1.6],
      ]);
      checkGradients((q) => new Hinge().compute(t, q, [0.3, 1.1]), [p]);
      checkGradients((q) => hinge(t, q), [p]);
      checkGradients((y, q) => hinge(y, q), [tSigned, p]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(yTrue);
    const p = tensor(yPred);
    await expectStableTensorCount(() => new Hinge().compute(t, p, [1, 0]));
    await expectStableTensorCount(() => hinge(t, p));
    dispose([t, p]);
  });
});

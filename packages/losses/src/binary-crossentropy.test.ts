// BinaryCrossentropy: numbers and tolerances from keras/src/losses/losses_test.py (BinaryCrossentropyTest)
// and the BinaryCrossentropy docstring in keras/src/losses/losses.py. assertAlmostEqual is decimal=3
// (|diff| < 1.5e-3); assertAllClose is atol = rtol = 1e-6 unless the test says otherwise.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { BinaryCrossentropy, binaryCrossentropy } from './binary-crossentropy.js';

const eye3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const logitsTrue = [
  [1, 0, 1],
  [0, 1, 1],
];
const logits = [
  [10.0, -10.0, 10.0],
  [10.0, 10.0, -10.0],
];
const yTrue22 = [
  [1, 0],
  [1, 0],
];
const yPred22 = [
  [1, 1],
  [1, 0],
];

describe('BinaryCrossentropy (keras/src/losses/losses_test.py BinaryCrossentropyTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new BinaryCrossentropy({ name: 'bce', axis: -1, fromLogits: true, labelSmoothing: 0.1 });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'BinaryCrossentropy',
      config: { name: 'bce', reduction: 'sum_over_batch_size', fromLogits: true, labelSmoothing: 0.1, axis: -1 },
    });
    const back = deserialize<BinaryCrossentropy>(json);
    expect(back).toBeInstanceOf(BinaryCrossentropy);
    expect(back.getConfig()).toEqual(loss.getConfig());
    // A Keras config (snake_case keys) loads too.
    const keras = BinaryCrossentropy.fromConfig({
      name: 'bce',
      reduction: 'sum',
      from_logits: true,
      label_smoothing: 0.2,
      axis: -1,
      dtype: 'float32',
    });
    expect([keras.fromLogits, keras.labelSmoothing, keras.reduction]).toEqual([true, 0.2, 'sum']);
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryCrossentropy().compute(eye3, eye3), 0);
      const l = eye3.map((r) => r.map((v) => (v ? 10 : -10)));
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true }).compute(eye3, l), 0);
    });
  });

  it('test_unweighted', () => {
    tidy(() => {
      const p = [
        [0.9, 0.1, 0.2],
        [0.3, 0.8, 0.1],
        [0.1, 0.2, 0.7],
      ];
      expectAllClose(new BinaryCrossentropy().compute(eye3, p), 0.20046903);
      // 1 - 1e-7 clips the 1 predicted for a 0 target: -log(1 - 0.99999988) = 15.942 of 4 values
      expectAlmostEqual(new BinaryCrossentropy().compute(yTrue22, yPred22), 3.98559);
      // Logits: only the two confidently wrong entries (20 each) count: 20 / 6 per value
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true }).compute(logitsTrue, logits), 3.3333);
    });
  });

  it('test_scalar_weighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryCrossentropy().compute(yTrue22, yPred22, 2.3), 9.1668);
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true }).compute(logitsTrue, logits, 2.3), 7.666);
    });
  });

  it('test_sample_weighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryCrossentropy().compute(yTrue22, yPred22, [[1.2], [3.4]]), 4.7827);
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true }).compute(logitsTrue, logits, [4, 3]), 10.0);
    });
  });

  it('test_no_reduction', () => {
    tidy(() => {
      const loss = new BinaryCrossentropy({ fromLogits: true, reduction: null });
      expectAllClose(loss.compute(logitsTrue, logits), [0.0, 6.666], 1e-3);
    });
  });

  it('test_label_smoothing', () => {
    tidy(() => {
      const loss = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      expectAlmostEqual(loss.compute([[1, 0, 1]], [[10.0, -10.0, -10.0]]), (10.0 + 5.0 * 0.1) / 3.0);
    });
  });

  it('test_shape_mismatch: a ShapeError naming both shapes', () => {
    const p = [
      [0.9, 0.05, 0.05],
      [0.5, 0.89, 0.6],
      [0.05, 0.01, 0.94],
    ];
    expect(() => new BinaryCrossentropy().compute([[0], [1], [2]], p)).toThrow(ShapeError);
    expect(() => new BinaryCrossentropy().compute([[0], [1], [2]], p)).toThrow(
      /yTrue has shape \[3,1\] but yPred has shape \[3,3\]/,
    );
  });

  it('docstring examples (from_logits=True)', () => {
    tidy(() => {
      const bce = new BinaryCrossentropy({ fromLogits: true });
      expectAlmostEqual(bce.compute([0, 1, 0, 0], [-18.6, 0.51, 2.94, -12.8]), 0.8654);
      const t = [
        [0, 1],
        [0, 0],
      ];
      const p = [
        [-18.6, 0.51],
        [2.94, -12.8],
      ];
      expectAlmostEqual(bce.compute(t, p), 0.8654);
      expectAlmostEqual(bce.compute(t, p, [0.8, 0.2]), 0.243);
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true, reduction: 'sum' }).compute(t, p), 1.73);
      expectAlmostEqual(new BinaryCrossentropy({ fromLogits: true, reduction: null }).compute(t, p), [0.235, 1.496]);
      // Functional form docstring: probabilities, shape [2]
      const f = binaryCrossentropy(t, [
        [0.6, 0.4],
        [0.4, 0.6],
      ]);
      expect(f.shape).toEqual([2]);
      expectAlmostEqual(f, [0.916, 0.714]);
    });
  });

  it('logits path is stable for huge logits and agrees with the probability path elsewhere', () => {
    tidy(() => {
      // |x| = 1000: sigmoid saturates in float32, the logits formula does not: loss = 1000 for a wrong sign.
      expectAllClose(binaryCrossentropy([[1, 0]], [[-1000, 1000]], { fromLogits: true }), [1000], 1e-3);
      const x = [[-2, -0.5, 0.3, 1.7]];
      const t = [[0, 1, 1, 0]];
      const probs = x.map((r) => r.map((v) => 1 / (1 + Math.exp(-v))));
      const ref =
        t[0].reduce((a, y, i) => a - (y * Math.log(probs[0][i]) + (1 - y) * Math.log(1 - probs[0][i])), 0) / 4;
      expectAllClose(binaryCrossentropy(t, x, { fromLogits: true }), [ref], 1e-5, 1e-5);
      expectAllClose(binaryCrossentropy(t, probs), [ref], 1e-5, 1e-5);
    });
  });

  it('axis averages over the given axis', () => {
    tidy(() => {
      const out = binaryCrossentropy(
        [
          [1, 0],
          [1, 0],
        ],
        [
          [0.9, 0.2],
          [0.6, 0.4],
        ],
        { axis: 0 },
      );
      expect(out.shape).toEqual([2]);
      // column 0: -(log 0.9 + log 0.6) / 2; column 1: -(log 0.8 + log 0.6) / 2
      expectAllClose(out, [-(Math.log(0.9) + Math.log(0.6)) / 2, -(Math.log(0.8) + Math.log(0.6)) / 2], 1e-6, 1e-5);
    });
  });

  it('bad options are ValueErrors', () => {
    expect(() => new BinaryCrossentropy({ labelSmoothing: 1.5 })).toThrow(ValueError);
    expect(() => binaryCrossentropy([[1]], [[0.5]], { axis: 3 })).toThrow(/axis 3 is out of range/);
  });

  it('gradients match finite differences (probabilities and logits)', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 1],
        [0, 1, 0],
      ]);
      const p = tensor([
        [0.7, 0.2, 0.4],
        [0.3, 0.6, 0.1],
      ]);
      const x = tensor([
        [1.5, -0.7, 0.4],
        [-2.2, 0.9, -0.3],
      ]);
      const probs = new BinaryCrossentropy({ labelSmoothing: 0.1 });
      checkGradients((q) => probs.compute(t, q, [0.3, 1.1]), [p], { eps: 1e-3 });
      const fromLogits = new BinaryCrossentropy({ fromLogits: true });
      checkGradients((q) => fromLogits.compute(t, q, [0.3, 1.1]), [x]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(logitsTrue);
    const x = tensor(logits);
    await expectStableTensorCount(() => new BinaryCrossentropy({ fromLogits: true }).compute(t, x, [4, 3]));
    await expectStableTensorCount(() => new BinaryCrossentropy({ labelSmoothing: 0.2 }).compute(t, x));
    dispose([t, x]);
  });
});

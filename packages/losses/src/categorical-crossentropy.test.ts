// CategoricalCrossentropy: numbers and tolerances from keras/src/losses/losses_test.py
// (CategoricalCrossentropyTest) and the docstrings in keras/src/losses/losses.py. assertAlmostEqual is
// decimal=3 (|diff| < 1.5e-3) unless a test passes decimal=5; assertAllClose is atol = rtol = 1e-6.
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { CategoricalCrossentropy, categoricalCrossentropy } from './categorical-crossentropy.js';

const eye3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
// Rows that do not sum to 1: Keras renormalizes them.
const probs = [
  [0.9, 0.05, 0.05],
  [0.5, 0.89, 0.6],
  [0.05, 0.01, 0.94],
];
const logits = [
  [8.0, 1.0, 1.0],
  [0.0, 9.0, 1.0],
  [2.0, 3.0, 5.0],
];

// The docstring's per-sample values; 2.303 is -log(0.1) = ln 10 to 3 decimals, as Keras prints it.
// biome-ignore lint/suspicious/noApproximativeNumericConstant: Keras's reference value, kept verbatim
const DOCSTRING_PER_SAMPLE = [0.0513, 2.303];

describe('CategoricalCrossentropy (keras/src/losses/losses_test.py CategoricalCrossentropyTest)', () => {
  it('test_config: serialization round trip', () => {
    const loss = new CategoricalCrossentropy({ name: 'cce', axis: -1 });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'CategoricalCrossentropy',
      config: { name: 'cce', reduction: 'sum_over_batch_size', fromLogits: false, labelSmoothing: 0, axis: -1 },
    });
    const back = deserialize<CategoricalCrossentropy>(json);
    expect(back).toBeInstanceOf(CategoricalCrossentropy);
    expect(back.getConfig()).toEqual(loss.getConfig());
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new CategoricalCrossentropy().compute(tensor(eye3, undefined, 'int32'), eye3), 0);
      const l = eye3.map((r) => r.map((v) => v * 10));
      expectAlmostEqual(new CategoricalCrossentropy({ fromLogits: true }).compute(eye3, l), 0);
    });
  });

  it('test_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new CategoricalCrossentropy().compute(eye3, probs), 0.3239);
      expectAlmostEqual(new CategoricalCrossentropy({ fromLogits: true }).compute(eye3, logits), 0.0573);
    });
  });

  it('test_scalar_weighted', () => {
    tidy(() => {
      expectAlmostEqual(new CategoricalCrossentropy().compute(eye3, probs, 2.3), 0.7449);
      expectAlmostEqual(new CategoricalCrossentropy({ fromLogits: true }).compute(eye3, logits, 2.3), 0.1317);
    });
  });

  it('test_sample_weighted', () => {
    tidy(() => {
      const w = [[1.2], [3.4], [5.6]];
      expectAlmostEqual(new CategoricalCrossentropy().compute(eye3, probs, w), 1.0696);
      expectAlmostEqual(new CategoricalCrossentropy({ fromLogits: true }).compute(eye3, logits, w), 0.31829);
    });
  });

  it('test_no_reduction', () => {
    tidy(() => {
      const loss = new CategoricalCrossentropy({ fromLogits: true, reduction: null });
      expectAllClose(loss.compute(eye3, logits), [0.001822, 0.000459, 0.169846]);
    });
  });

  it('test_label_smoothing (and test_label_smoothing_ndarray)', () => {
    tidy(() => {
      const loss = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      // 0.1 / 3 of the mass sits on two classes 200 below the max: 2 * (0.1 / 3) * 200
      expectAlmostEqual(loss.compute([[1, 0, 0]], [[100.0, -100.0, -100.0]]), (400.0 * 0.1) / 3.0);
    });
  });

  it('test_label_smoothing_with_axis (decimal=5)', () => {
    tidy(() => {
      // (batch, classes, spatial)
      const t = [
        [
          [1, 0],
          [0, 1],
          [0, 0],
        ],
        [
          [0, 1],
          [1, 0],
          [0, 0],
        ],
      ];
      const p = [
        [
          [0.8, 0.1],
          [0.1, 0.8],
          [0.1, 0.1],
        ],
        [
          [0.1, 0.8],
          [0.8, 0.1],
          [0.1, 0.1],
        ],
      ];
      const s = 0.1;
      // Keras's reference: mean over (batch, spatial) of -sum_c(smoothed * log(p)) along axis 1.
      let expected = 0;
      for (let b = 0; b < 2; b++) {
        for (let j = 0; j < 2; j++) {
          for (let c = 0; c < 3; c++) expected -= (t[b][c][j] * (1 - s) + s / 3) * Math.log(p[b][c][j]);
        }
      }
      expected /= 4;
      const loss = new CategoricalCrossentropy({ labelSmoothing: s, axis: 1 });
      expectAlmostEqual(loss.compute(t, p), expected, 5);
    });
  });

  it('test_shape_mismatch: a ShapeError naming both shapes', () => {
    expect(() => new CategoricalCrossentropy().compute([[0], [1], [2]], probs)).toThrow(ShapeError);
    expect(() => new CategoricalCrossentropy().compute([[0], [1], [2]], probs)).toThrow(
      /yTrue has shape \[3,1\] but yPred has shape \[3,3\]/,
    );
  });

  it('docstring examples', () => {
    tidy(() => {
      const t = [
        [0, 1, 0],
        [0, 0, 1],
      ];
      const p = [
        [0.05, 0.95, 0],
        [0.1, 0.8, 0.1],
      ];
      expectAlmostEqual(new CategoricalCrossentropy().compute(t, p), 1.177);
      expectAlmostEqual(new CategoricalCrossentropy().compute(t, p, [0.3, 0.7]), 0.814);
      expectAlmostEqual(new CategoricalCrossentropy({ reduction: 'sum' }).compute(t, p), 2.354);
      expectAlmostEqual(new CategoricalCrossentropy({ reduction: null }).compute(t, p), DOCSTRING_PER_SAMPLE);
      const f = categoricalCrossentropy(t, p);
      expect(f.shape).toEqual([2]);
      expectAlmostEqual(f, DOCSTRING_PER_SAMPLE);
      // keras/src/backend/tensorflow/nn.py docstring: categorical_crossentropy(a, b) = [0.10536 0.11653 0.06188]
      expectAlmostEqual(
        categoricalCrossentropy(eye3, [
          [0.9, 0.05, 0.05],
          [0.05, 0.89, 0.06],
          [0.05, 0.01, 0.94],
        ]),
        [0.10536, 0.11653, 0.06188],
        5,
      );
    });
  });

  it('logits path is stable for huge logits', () => {
    tidy(() => {
      // logSoftmax([0, 1000]) = [-1000, 0]
      expectAllClose(categoricalCrossentropy([[1, 0]], [[0, 1000]], { fromLogits: true }), [1000], 1e-3);
    });
  });

  it('gradients match finite differences (probabilities and logits, with label smoothing)', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 0],
        [0, 0.3, 0.7],
      ]);
      const p = tensor([
        [0.5, 0.3, 0.2],
        [0.2, 0.5, 0.6],
      ]);
      const x = tensor([
        [1.5, -0.7, 0.4],
        [-2.2, 0.9, -0.3],
      ]);
      const fromProbs = new CategoricalCrossentropy({ labelSmoothing: 0.1 });
      checkGradients((q) => fromProbs.compute(t, q, [0.3, 1.1]), [p], { eps: 1e-3 });
      const fromLogits = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      checkGradients((q) => fromLogits.compute(t, q, [0.3, 1.1]), [x]);
      checkGradients((q) => categoricalCrossentropy(t, q, { fromLogits: true, axis: 0 }), [x]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(eye3);
    const p = tensor(probs);
    await expectStableTensorCount(() => new CategoricalCrossentropy({ labelSmoothing: 0.1 }).compute(t, p, 2));
    await expectStableTensorCount(() => new CategoricalCrossentropy({ fromLogits: true }).compute(t, p));
    dispose([t, p]);
  });
});

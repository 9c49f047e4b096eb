// SparseCategoricalCrossentropy: numbers and tolerances from keras/src/losses/losses_test.py
// (SparseCategoricalCrossentropyTest) and the docstrings in keras/src/losses/losses.py. Most Keras
// assertions here are assertAlmostEqual(..., 3) (|diff| < 1.5e-3); assertAllClose is atol = rtol = 1e-6.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { SparseCategoricalCrossentropy, sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

const eye3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
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
const labels = [[0], [1], [2]];

// The docstring's per-sample values; 2.303 is -log(0.1) = ln 10 to 3 decimals, as Keras prints it.
// biome-ignore lint/suspicious/noApproximativeNumericConstant: Keras's reference value, kept verbatim
const DOCSTRING_PER_SAMPLE = [0.0513, 2.303];

describe('SparseCategoricalCrossentropy (keras/src/losses/losses_test.py SparseCategoricalCrossentropyTest)', () => {
  it('test_config: serialization round trip', () => {
    const plain = new SparseCategoricalCrossentropy({ name: 'scce' });
    expect(deserialize<SparseCategoricalCrossentropy>(serialize(plain)).getConfig()).toEqual(plain.getConfig());
    const loss = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 3, axis: 0, name: 'scce' });
    const config = loss.getConfig();
    expect([config.fromLogits, config.ignoreClass, config.axis]).toEqual([true, 3, 0]);
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    const back = deserialize<SparseCategoricalCrossentropy>(json);
    expect(back).toBeInstanceOf(SparseCategoricalCrossentropy);
    expect(back.getConfig()).toEqual(config);
    expect(SparseCategoricalCrossentropy.fromConfig({ ignore_class: null, from_logits: false }).ignoreClass).toBe(null);
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute(tensor(labels, undefined, 'int32'), eye3), 0);
      const l = eye3.map((r) => r.map((v) => v * 10));
      expectAlmostEqual(new SparseCategoricalCrossentropy({ fromLogits: true }).compute(labels, l), 0);
    });
  });

  it('test_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute([0, 1, 2], probs), 0.3239);
      expectAlmostEqual(new SparseCategoricalCrossentropy({ fromLogits: true }).compute([0, 1, 2], logits), 0.0573);
    });
  });

  it('test_scalar_weighted', () => {
    tidy(() => {
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute(labels, probs, 2.3), 0.7449);
      expectAlmostEqual(new SparseCategoricalCrossentropy({ fromLogits: true }).compute(labels, logits, 2.3), 0.1317);
    });
  });

  it('test_sample_weighted', () => {
    tidy(() => {
      const w = [[1.2], [3.4], [5.6]];
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute(labels, probs, w), 1.0696);
      expectAlmostEqual(new SparseCategoricalCrossentropy({ fromLogits: true }).compute(labels, logits, w), 0.31829);
    });
  });

  it('test_no_reduction', () => {
    tidy(() => {
      const loss = new SparseCategoricalCrossentropy({ fromLogits: true, reduction: null });
      expectAllClose(loss.compute(labels, logits), [0.001822, 0.000459, 0.169846]);
    });
  });

  it('test_ignore_class', () => {
    tidy(() => {
      const l = [
        [
          [0.854, 0.698, 0.598],
          [0.088, 0.86, 0.018],
        ],
      ];
      const loss = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: null });
      expectAllClose(loss.compute([[-1, 2]], l), [[0.0, 1.480129]]);
      expectAllClose(loss.compute([[[-1], [2]]], l), [[0.0, 1.480129]]);
      // Reduced, the ignored entry is left out of the count: 1.480129 / 1, not / 2.
      expectAllClose(
        new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 }).compute([[-1, 2]], l),
        1.480129,
      );
      // 'sum' has nothing to divide.
      expectAllClose(
        new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1, reduction: 'sum' }).compute(
          [[-1, 2]],
          l,
        ),
        1.480129,
      );
    });
  });

  const seg = [
    [0, 1, 1, 0],
    [1, 0, 1, 0],
    [0, 0, 1, 1],
    [1, 1, 0, 1],
  ];
  const oneHot2 = (rows: number[][]) => rows.map((r) => r.map((c) => (c ? [0.0, 1.0] : [1.0, 0.0])));

  it('test_binary_segmentation', () => {
    tidy(() => {
      expectAllClose(new SparseCategoricalCrossentropy().compute(seg, oneHot2(seg)), 0.0);
      const p = oneHot2(seg);
      p[0][3] = [0.2, 0.8];
      p[3][3] = [0.6, 0.4];
      expectAllClose(new SparseCategoricalCrossentropy().compute(seg, p), (-Math.log(0.2) - Math.log(0.4)) / 16);
    });
  });

  it('test_binary_segmentation_different_axis: the class axis can be moved (as on the torch backend)', () => {
    tidy(() => {
      const p = oneHot2(seg);
      p[0][3] = [0.2, 0.8];
      p[3][3] = [0.6, 0.4];
      // np.moveaxis(y_pred, 2, 0): shape [2, 4, 4]
      const moved = [0, 1].map((c) => p.map((row) => row.map((px) => px[c])));
      const expected = (-Math.log(0.2) - Math.log(0.4)) / 16;
      expectAllClose(new SparseCategoricalCrossentropy({ axis: 0 }).compute(seg, moved), expected);
      expectAllClose(
        new SparseCategoricalCrossentropy({ axis: 1 }).compute([seg, seg, seg], [moved, moved, moved]),
        expected,
      );
    });
  });

  it('test_multi_class_segmentation', () => {
    tidy(() => {
      const t = [
        [0, 1, 2, 0],
        [1, 0, 1, 0],
        [0, 0, 1, 1],
        [1, 1, 0, 1],
      ];
      const oh: number[][][] = t.map((r) => r.map((c) => [0, 1, 2].map((k) => (k === c ? 1.0 : 0.0))));
      expectAllClose(new SparseCategoricalCrossentropy().compute(t, oh), 0.0);
      oh[0][3] = [0.2, 0.0, 0.8];
      oh[1][0] = [0.7, 0.3, 0.0];
      oh[3][2] = [0.5, 0.5, 0.0];
      const expected = (-Math.log(0.2) - Math.log(0.3) - Math.log(0.5)) / 16;
      expectAllClose(new SparseCategoricalCrossentropy().compute(t, oh), expected);
    });
  });

  it('docstring examples', () => {
    tidy(() => {
      const p = [
        [0.05, 0.95, 0],
        [0.1, 0.8, 0.1],
      ];
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute([1, 2], p), 1.177);
      expectAlmostEqual(new SparseCategoricalCrossentropy().compute([1, 2], p, [0.3, 0.7]), 0.814);
      expectAlmostEqual(new SparseCategoricalCrossentropy({ reduction: 'sum' }).compute([1, 2], p), 2.354);
      expectAlmostEqual(
        new SparseCategoricalCrossentropy({ reduction: null }).compute([1, 2], p),
        DOCSTRING_PER_SAMPLE,
      );
      const f = sparseCategoricalCrossentropy([1, 2], p);
      expect(f.shape).toEqual([2]);
      expectAlmostEqual(f, DOCSTRING_PER_SAMPLE);
    });
  });

  it('agrees with categorical crossentropy on one-hot targets, and labels out of range give NaN', () => {
    tidy(() => {
      const out = sparseCategoricalCrossentropy([0, 3, -1], logits, { fromLogits: true });
      const v = Array.from(out.dataSync());
      expect(v[0]).toBeCloseTo(0.001822, 5);
      expect(Number.isNaN(v[1]) && Number.isNaN(v[2])).toBe(true);
    });
  });

  it('shape errors name both shapes', () => {
    expect(() => new SparseCategoricalCrossentropy().compute(eye3, probs)).toThrow(ShapeError);
    expect(() => new SparseCategoricalCrossentropy().compute(eye3, probs)).toThrow(
      /yTrue has shape \[3,3\] but yPred has shape \[3,3\]. Expected yTrue to be yPred's shape without the class axis \(\[3\]\)/,
    );
    expect(() => new SparseCategoricalCrossentropy().compute([0, 1], probs)).toThrow(/yTrue has shape \[2\]/);
    expect(() => new SparseCategoricalCrossentropy({ ignoreClass: 0.5 })).toThrow(ValueError);
  });

  it('gradients match finite differences (probabilities, logits, ignoreClass)', () => {
    tidy(() => {
      const t = tensor([0, 2, 1], undefined, 'int32');
      const p = tensor([
        [0.5, 0.3, 0.2],
        [0.2, 0.5, 0.6],
        [0.1, 0.7, 0.3],
      ]);
      const x = tensor([
        [1.5, -0.7, 0.4],
        [-2.2, 0.9, -0.3],
        [0.2, 0.1, -1.0],
      ]);
      const fromProbs = new SparseCategoricalCrossentropy();
      checkGradients((q) => fromProbs.compute(t, q, [0.3, 1.1, 2]), [p], { eps: 1e-3 });
      const fromLogits = new SparseCategoricalCrossentropy({ fromLogits: true });
      checkGradients((q) => fromLogits.compute(t, q, [0.3, 1.1, 2]), [x]);
      const ignoring = new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 2 });
      checkGradients((q) => ignoring.compute(t, q), [x]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(labels);
    const x = tensor(logits);
    await expectStableTensorCount(() => new SparseCategoricalCrossentropy({ fromLogits: true }).compute(t, x, 2));
    await expectStableTensorCount(() => new SparseCategoricalCrossentropy({ ignoreClass: 1 }).compute(t, x));
    dispose([t, x]);
  });
});

// CategoricalFocalCrossentropy: numbers and tolerances from keras/src/losses/losses_test.py
// (CategoricalFocalCrossentropyTest) and the CategoricalFocalCrossentropy / categorical_focal_crossentropy
// docstrings in keras/src/losses/losses.py. assertAlmostEqual(x, y, d) is |diff| < 1.5 * 10^-d (d = 3 unless
// the test says otherwise); assertAllClose is atol = rtol = 1e-6.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { CategoricalFocalCrossentropy, categoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';

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

/** Keras's formula in float64 over the last axis of a 2-D input, with `alpha` per class. */
function reference(t: number[][], p: number[][], alpha: number[], gamma = 2, fromLogits = false, s = 0): number[] {
  return t.map((row, i) => {
    let q = p[i];
    if (fromLogits) {
      const m = Math.max(...q);
      const e = q.map((v) => Math.exp(v - m));
      q = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    }
    const total = q.reduce((a, b) => a + b, 0);
    return row.reduce((acc, y0, j) => {
      const y = y0 * (1 - s) + s / row.length;
      const c = Math.min(Math.max(q[j] / total, 1e-7), 1 - 1e-7);
      return acc + alpha[j] * (1 - c) ** gamma * -y * Math.log(c);
    }, 0);
  });
}

describe('CategoricalFocalCrossentropy (keras/src/losses/losses_test.py CategoricalFocalCrossentropyTest)', () => {
  it('test_config: serialization round trip (and a Keras snake_case config)', () => {
    const loss = new CategoricalFocalCrossentropy({ name: 'cfce' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'CategoricalFocalCrossentropy',
      config: {
        name: 'cfce',
        reduction: 'sum_over_batch_size',
        fromLogits: false,
        labelSmoothing: 0,
        axis: -1,
        alpha: 0.25,
        gamma: 2,
      },
    });
    const back = deserialize<CategoricalFocalCrossentropy>(json);
    expect(back).toBeInstanceOf(CategoricalFocalCrossentropy);
    expect(back.getConfig()).toEqual(loss.getConfig());
    const perClass = new CategoricalFocalCrossentropy({ alpha: [0.2, 0.3, 0.5], gamma: 1 });
    const back2 = deserialize<CategoricalFocalCrossentropy>(JSON.parse(JSON.stringify(serialize(perClass))));
    expect(back2.alpha).toEqual([0.2, 0.3, 0.5]);
    const keras = CategoricalFocalCrossentropy.fromConfig({
      name: 'categorical_focal_crossentropy',
      reduction: 'sum_over_batch_size',
      dtype: 'float32',
      from_logits: true,
      label_smoothing: 0.1,
      axis: -1,
      alpha: 0.5,
      gamma: 3,
    });
    expect([keras.fromLogits, keras.labelSmoothing, keras.alpha, keras.gamma]).toEqual([true, 0.1, 0.5, 3]);
    expect(new CategoricalFocalCrossentropy().name).toBe('categorical_focal_crossentropy');
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => {
      const ids = tensor(eye3, undefined, 'int32');
      expectAlmostEqual(new CategoricalFocalCrossentropy({ alpha: 0.25, gamma: 2.0 }).compute(ids, eye3), 0.0, 3);
      const l = eye3.map((r) => r.map((v) => v * 10));
      expectAlmostEqual(new CategoricalFocalCrossentropy({ fromLogits: true }).compute(ids, l), 0.0, 3);
    });
  });

  it('test_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new CategoricalFocalCrossentropy().compute(eye3, probs), 0.02059, 3);
      expectAlmostEqual(new CategoricalFocalCrossentropy({ fromLogits: true }).compute(eye3, logits), 0.000345, 3);
    });
  });

  it('test_scalar_weighted (logits to 4 decimals)', () => {
    tidy(() => {
      expectAlmostEqual(new CategoricalFocalCrossentropy().compute(eye3, probs, 2.3), 0.047368, 3);
      const fromLogits = new CategoricalFocalCrossentropy({ fromLogits: true });
      expectAlmostEqual(fromLogits.compute(eye3, logits, 2.3), 0.000794, 4);
    });
  });

  it('test_sample_weighted', () => {
    tidy(() => {
      const w = [[1.2], [3.4], [5.6]];
      expectAlmostEqual(new CategoricalFocalCrossentropy().compute(eye3, probs, w), 0.06987, 3);
      expectAlmostEqual(new CategoricalFocalCrossentropy({ fromLogits: true }).compute(eye3, logits, w), 0.001933, 3);
    });
  });

  it('test_no_reduction', () => {
    tidy(() => {
      const loss = new CategoricalFocalCrossentropy({ fromLogits: true, reduction: null });
      expectAllClose(loss.compute(eye3, logits), [1.5096224e-9, 2.4136547e-11, 1.0360638e-3]);
    });
  });

  it('test_label_smoothing', () => {
    tidy(() => {
      const loss = new CategoricalFocalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      expectAlmostEqual(loss.compute([[1, 0, 0]], [[4.9, -0.5, 2.05]]), 0.06685, 3);
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
      // Keras's reference: mean over (batch, spatial) of sum_c(0.25 * (1 - p)^2 * -smoothed * log(p)) along axis 1.
      let expected = 0;
      for (let b = 0; b < 2; b++) {
        for (let j = 0; j < 2; j++) {
          for (let c = 0; c < 3; c++) {
            const y = t[b][c][j] * (1 - s) + s / 3;
            expected += 0.25 * (1 - p[b][c][j]) ** 2 * -y * Math.log(p[b][c][j]);
          }
        }
      }
      expected /= 4;
      const loss = new CategoricalFocalCrossentropy({ labelSmoothing: s, axis: 1 });
      expectAlmostEqual(loss.compute(t, p), expected, 5);
      expect(categoricalFocalCrossentropy(t, p, { labelSmoothing: s, axis: 1 }).shape).toEqual([2, 2]);
    });
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
      expectAllClose(new CategoricalFocalCrossentropy().compute(t, p), 0.23315276, 1e-6, 1e-5);
      expectAlmostEqual(new CategoricalFocalCrossentropy().compute(t, p, [0.3, 0.7]), 0.1632, 4);
      expectAlmostEqual(new CategoricalFocalCrossentropy({ reduction: 'sum' }).compute(t, p), 0.46631, 5);
      expectAllClose(
        new CategoricalFocalCrossentropy({ reduction: null }).compute(t, p),
        [3.2058331e-5, 4.6627346e-1],
        1e-6,
        1e-5,
      );
      const f = categoricalFocalCrossentropy(t, [
        [0.05, 0.9, 0.05],
        [0.1, 0.85, 0.05],
      ]);
      expect(f.shape).toEqual([2]);
      expectAllClose(f, [2.63401289e-4, 6.75912094e-1], 1e-6, 1e-5);
    });
  });

  it("every reduction ('mean', 'none' with weights)", () => {
    tidy(() => {
      const per = reference(eye3, probs, [0.25, 0.25, 0.25]);
      const m = (per[0] + per[1] + per[2]) / 3;
      expectAllClose(new CategoricalFocalCrossentropy({ reduction: 'mean' }).compute(eye3, probs), m, 1e-6, 1e-5);
      expectAllClose(
        new CategoricalFocalCrossentropy({ reduction: 'none' }).compute(eye3, probs, [1, 0, 2]),
        [per[0], 0, 2 * per[2]],
        1e-6,
        1e-5,
      );
    });
  });

  it('gamma 0 is alpha times the categorical crossentropy (probabilities, smoothing, axis)', () => {
    tidy(() => {
      for (const o of [{}, { labelSmoothing: 0.2 }, { axis: 0 }]) {
        const want = (categoricalCrossentropy(eye3, probs, o).arraySync() as number[]).map((v) => 0.5 * v);
        expectAllClose(categoricalFocalCrossentropy(eye3, probs, { ...o, alpha: 0.5, gamma: 0 }), want, 1e-6, 1e-5);
      }
    });
  });

  it('alpha per class weighs the classes along the class axis', () => {
    tidy(() => {
      const alpha = [0.2, 0.3, 0.5];
      const t = [
        [0.1, 0.2, 0.7],
        [0, 1, 0],
        [0.5, 0.5, 0],
      ];
      expectAllClose(categoricalFocalCrossentropy(t, probs, { alpha }), reference(t, probs, alpha), 1e-6, 1e-5);
      expectAllClose(
        categoricalFocalCrossentropy(t, logits, { alpha, fromLogits: true, gamma: 1.5, labelSmoothing: 0.1 }),
        reference(t, logits, alpha, 1.5, true, 0.1),
        1e-6,
        1e-5,
      );
      // axis 0: the classes run down the columns, so the transposed inputs give the same values.
      const tr = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));
      expectAllClose(
        categoricalFocalCrossentropy(tr(t), tr(probs), { alpha, axis: 0 }),
        reference(t, probs, alpha),
        1e-6,
        1e-5,
      );
    });
  });

  it('bad options and shapes are typed errors naming the argument', () => {
    expect(() => new CategoricalFocalCrossentropy({ gamma: -2 })).toThrow(ValueError);
    expect(() => new CategoricalFocalCrossentropy({ gamma: -2 })).toThrow(
      'CategoricalFocalCrossentropy: gamma is -2; expected a finite number >= 0.',
    );
    expect(() => new CategoricalFocalCrossentropy({ alpha: [0.5, -1] })).toThrow(
      'CategoricalFocalCrossentropy: alpha[1] is -1; expected a finite number >= 0.',
    );
    expect(() => new CategoricalFocalCrossentropy({ alpha: [] })).toThrow(/alpha is \[\]/);
    expect(() => new CategoricalFocalCrossentropy({ labelSmoothing: -0.1 })).toThrow(/labelSmoothing is -0.1/);
    expect(() => categoricalFocalCrossentropy(eye3, probs, { alpha: [0.5, 0.5] })).toThrow(ShapeError);
    expect(() => categoricalFocalCrossentropy(eye3, probs, { alpha: [0.5, 0.5] })).toThrow(
      /alpha has 2 entries but yPred has 3 classes along axis -1/,
    );
    expect(() => categoricalFocalCrossentropy(eye3, probs, { axis: 2 })).toThrow(/axis 2 is out of range/);
    expect(() => new CategoricalFocalCrossentropy().compute([[0], [1], [2]], probs)).toThrow(
      /categoricalFocalCrossentropy: yTrue has shape \[3,1\] but yPred has shape \[3,3\]/,
    );
  });

  it('gradients match finite differences (probabilities, logits, per-class alpha, axis 0)', () => {
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
      const fromProbs = new CategoricalFocalCrossentropy({ labelSmoothing: 0.1, alpha: [0.2, 0.3, 0.5] });
      checkGradients((q) => fromProbs.compute(t, q, [0.3, 1.1]), [p], { eps: 1e-3 });
      const fromLogits = new CategoricalFocalCrossentropy({ fromLogits: true, gamma: 3 });
      checkGradients((q) => fromLogits.compute(t, q, [0.3, 1.1]), [x]);
      checkGradients((y, q) => categoricalFocalCrossentropy(y, q, { fromLogits: true, axis: 0 }), [t, x]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(eye3);
    const p = tensor(probs);
    await expectStableTensorCount(() => new CategoricalFocalCrossentropy({ labelSmoothing: 0.1 }).compute(t, p, 2));
    await expectStableTensorCount(() =>
      new CategoricalFocalCrossentropy({ fromLogits: true, alpha: [1, 2, 3] }).compute(t, p),
    );
    dispose([t, p]);
  });
});

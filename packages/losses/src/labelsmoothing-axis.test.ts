// The `labelSmoothing` and `axis` options of the existing BinaryCrossentropy and CategoricalCrossentropy, held
// to Keras 3: the cases of keras/src/losses/losses_test.py (BinaryCrossentropyTest.test_label_smoothing,
// CategoricalCrossentropyTest.test_label_smoothing, test_label_smoothing_ndarray,
// test_label_smoothing_with_axis) and keras/src/ops/nn_test.py (NNOpsCorrectnessTest.test_binary_crossentropy,
// test_categorical_crossentropy: soft targets and axis 0), with their tolerances (assertAlmostEqual(x, y, d) is
// |diff| < 1.5 * 10^-d, d = 3 by default; assertAllClose is atol = rtol = 1e-6); then Keras's formulas
// (keras/src/losses/losses.py binary_crossentropy, categorical_crossentropy; the backends'
// binary_crossentropy / categorical_crossentropy) evaluated in float64 here, compared with atol 1e-6 and
// rtol 1e-5 (float32 against float64).
import { deserialize, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { BinaryCrossentropy, binaryCrossentropy } from './binary-crossentropy.js';
import { CategoricalCrossentropy, categoricalCrossentropy } from './categorical-crossentropy.js';

// The clip bounds as float32 holds them (Keras computes in float32): 1 - 1e-7 rounds to 1 - 1.19e-7.
const LOW = Math.fround(1e-7);
const HIGH = Math.fround(1 - 1e-7);
const clip = (v: number) => Math.min(Math.max(v, LOW), HIGH);

/** The flat indices of every 1-D slice along `axis`, in the row-major order of the remaining dimensions. */
function slices(shape: number[], axis: number): number[][] {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const outSize = shape.reduce((a, b, i) => (i === axis ? a : a * b), 1);
  const out: number[][] = [];
  for (let o = 0; o < outSize; o++) {
    let rem = o;
    let base = 0;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (d === axis) continue;
      base += (rem % shape[d]) * strides[d];
      rem = Math.floor(rem / shape[d]);
    }
    out.push(Array.from({ length: shape[axis] }, (_, c) => base + c * strides[axis]));
  }
  return out;
}

interface Smoothed {
  fromLogits?: boolean;
  labelSmoothing?: number;
  axis?: number;
}

/** keras.losses.binary_crossentropy in float64: smooth towards 0.5, elementwise crossentropy, mean over axis. */
function refBinary(t: number[], p: number[], shape: number[], o: Smoothed = {}): number[] {
  const { fromLogits = false, labelSmoothing: s = 0, axis = -1 } = o;
  const a = axis < 0 ? axis + shape.length : axis;
  const elem = t.map((y0, i) => {
    const y = s ? y0 * (1 - s) + 0.5 * s : y0;
    const x = p[i];
    if (fromLogits) return Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    const c = clip(x);
    return -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
  });
  return slices(shape, a).map((ix) => ix.reduce((acc, i) => acc + elem[i], 0) / ix.length);
}

/** keras.losses.categorical_crossentropy in float64: smooth by s / shape[axis], crossentropy over axis. */
function refCategorical(t: number[], p: number[], shape: number[], o: Smoothed = {}): number[] {
  const { fromLogits = false, labelSmoothing: s = 0, axis = -1 } = o;
  const a = axis < 0 ? axis + shape.length : axis;
  const numClasses = shape[a];
  return slices(shape, a).map((ix) => {
    const y = ix.map((i) => (s ? t[i] * (1 - s) + s / numClasses : t[i]));
    const x = ix.map((i) => p[i]);
    if (fromLogits) {
      const m = Math.max(...x);
      const lse = m + Math.log(x.reduce((acc, v) => acc + Math.exp(v - m), 0));
      return y.reduce((acc, yc, c) => acc - yc * (x[c] - lse), 0);
    }
    const total = x.reduce((acc, v) => acc + v, 0);
    return y.reduce((acc, yc, c) => acc - yc * Math.log(clip(x[c] / total)), 0);
  });
}

// (batch 2, classes 3, spatial 2): the layout of Keras's test_label_smoothing_with_axis.
const shape3 = [2, 3, 2];
const t3 = [
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
const p3 = [
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
const x3 = [
  [
    [2.5, -1.0],
    [-0.5, 3.0],
    [0.3, 0.2],
  ],
  [
    [-2.0, 1.5],
    [4.0, -0.7],
    [0.1, -3.0],
  ],
];
const flat = (x: unknown): number[] => (Array.isArray(x) ? x.flatMap(flat) : [x as number]);

describe('BinaryCrossentropy labelSmoothing and axis (as Keras)', () => {
  it('losses_test.py BinaryCrossentropyTest.test_label_smoothing', () => {
    tidy(() => {
      const loss = new BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      expectAlmostEqual(loss.compute([[1, 0, 1]], [[10.0, -10.0, -10.0]]), (10.0 + 5.0 * 0.1) / 3.0);
    });
  });

  it('nn_test.py test_binary_crossentropy: soft targets (what smoothing produces), probabilities and logits', () => {
    tidy(() => {
      const target = [[0.1], [0.9], [0.2], [1.0]];
      // The last axis has size 1, so the mean over it is the elementwise value.
      expectAllClose(
        binaryCrossentropy(target, [[0.1], [0.2], [0.3], [0.4]]),
        [0.32508277, 1.47080801, 0.52613434, 0.91629048],
      );
      expectAllClose(
        binaryCrossentropy(target, [[0.1], [0.2], [0.3], [0.4]], { fromLogits: true }),
        [0.73439666, 0.61813887, 0.79435524, 0.51301525],
      );
      expectAllClose(
        binaryCrossentropy(target, [[0.99], [-0.2], [0.9], [-0.4]], { fromLogits: true }),
        [1.206961, 0.778139, 1.061154, 0.913015],
      );
    });
  });

  it('smoothing squeezes targets towards 0.5: y * (1 - s) + 0.5 * s, probabilities and logits', () => {
    tidy(() => {
      const t = [1, 0, 1, 0, 1, 0];
      const p = [0.9, 0.2, 0.6, 1e-9, 1, 0.4];
      const x = [3, -2, 0.5, -30, 40, 1.2];
      for (const s of [0.1, 0.35, 1]) {
        expectAllClose(
          binaryCrossentropy([t], [p], { labelSmoothing: s }),
          refBinary(t, p, [1, 6], { labelSmoothing: s }),
          1e-6,
          1e-5,
        );
        const o = { fromLogits: true, labelSmoothing: s };
        expectAllClose(binaryCrossentropy([t], [x], o), refBinary(t, x, [1, 6], o), 1e-6, 1e-5);
      }
      // labelSmoothing 1: every target is 0.5, so p = 0.5 costs log 2 whatever the label.
      expectAllClose(binaryCrossentropy([[1, 0]], [[0.5, 0.5]], { labelSmoothing: 1 }), [Math.LN2]);
      // 0 is no smoothing.
      expectAllClose(
        binaryCrossentropy([t], [p], { labelSmoothing: 0 }),
        binaryCrossentropy([t], [p]).arraySync() as number[],
        0,
        0,
      );
    });
  });

  it('axis: the mean runs over the given axis, with and without smoothing and logits', () => {
    tidy(() => {
      const t = flat(t3);
      for (const axis of [0, 1, 2, -1, -2, -3]) {
        const outShape = shape3.filter((_, i) => i !== (axis + 3) % 3);
        for (const o of [{ axis }, { axis, labelSmoothing: 0.2 }, { axis, fromLogits: true, labelSmoothing: 0.1 }]) {
          const p = o.fromLogits ? flat(x3) : flat(p3);
          const got = binaryCrossentropy(tensor(t, shape3), tensor(p, shape3), o);
          expect(got.shape).toEqual(outShape);
          expectAllClose(got, refBinary(t, p, shape3, o), 1e-6, 1e-5);
        }
      }
    });
  });

  it('the class reduces what the function returns: axis 1 gives [batch, spatial], weighted per sample', () => {
    tidy(() => {
      const t = flat(t3);
      const p = flat(x3);
      const o = { axis: 1, fromLogits: true, labelSmoothing: 0.2 };
      const per = refBinary(t, p, shape3, o); // [2, 2], row-major
      const w = [0.5, 2];
      const want = (w[0] * (per[0] + per[1]) + w[1] * (per[2] + per[3])) / 4;
      expectAllClose(new BinaryCrossentropy(o).compute(tensor(t, shape3), tensor(p, shape3), w), want, 1e-6, 1e-5);
      expectAllClose(
        new BinaryCrossentropy({ ...o, reduction: 'none' }).compute(tensor(t, shape3), tensor(p, shape3)),
        per,
        1e-6,
        1e-5,
      );
    });
  });

  it('config keeps labelSmoothing and axis; a Keras config (snake_case) loads them', () => {
    const loss = new BinaryCrossentropy({ labelSmoothing: 0.15, axis: 1 });
    const back = deserialize<BinaryCrossentropy>(JSON.parse(JSON.stringify(serialize(loss))));
    expect([back.labelSmoothing, back.axis]).toEqual([0.15, 1]);
    const keras = BinaryCrossentropy.fromConfig({ label_smoothing: 0.3, axis: 0, from_logits: true });
    expect([keras.labelSmoothing, keras.axis, keras.fromLogits]).toEqual([0.3, 0, true]);
  });

  it('bad axis is a ValueError (Keras canonicalize_axis raises ValueError too)', () => {
    expect(() => binaryCrossentropy(tensor(flat(t3), shape3), tensor(flat(p3), shape3), { axis: 3 })).toThrow(
      ValueError,
    );
    expect(() => binaryCrossentropy(tensor(flat(t3), shape3), tensor(flat(p3), shape3), { axis: -4 })).toThrow(
      /axis -4 is out of range for yPred of rank 3/,
    );
  });

  it('gradients with smoothing and axis 1 match finite differences', () => {
    tidy(() => {
      const t = tensor(flat(t3), shape3);
      const x = tensor(flat(x3), shape3);
      const p = tensor(flat(p3), shape3);
      checkGradients(
        (q) => new BinaryCrossentropy({ axis: 1, fromLogits: true, labelSmoothing: 0.2 }).compute(t, q),
        [x],
      );
      checkGradients((q) => binaryCrossentropy(t, q, { axis: 0, labelSmoothing: 0.1 }), [p], { eps: 1e-3 });
    });
  });
});

describe('CategoricalCrossentropy labelSmoothing and axis (as Keras)', () => {
  it('losses_test.py CategoricalCrossentropyTest.test_label_smoothing and test_label_smoothing_ndarray', () => {
    tidy(() => {
      const loss = new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
      expectAlmostEqual(loss.compute([[1, 0, 0]], [[100.0, -100.0, -100.0]]), (400.0 * 0.1) / 3.0);
      // The ndarray variant: a typed-array-backed tensor of the same values.
      expectAlmostEqual(
        loss.compute(tensor(new Float32Array([1, 0, 0]), [1, 3]), tensor(new Float32Array([100, -100, -100]), [1, 3])),
        (400.0 * 0.1) / 3.0,
      );
    });
  });

  it('losses_test.py CategoricalCrossentropyTest.test_label_smoothing_with_axis (decimal=5)', () => {
    tidy(() => {
      // expected = mean(-sum(smoothed * log(p), axis=1)) with smoothed = y * 0.9 + 0.1 / 3
      let expected = 0;
      for (let b = 0; b < 2; b++) {
        for (let j = 0; j < 2; j++) {
          for (let c = 0; c < 3; c++) expected -= (t3[b][c][j] * 0.9 + 0.1 / 3) * Math.log(p3[b][c][j]);
        }
      }
      expected /= 4;
      expectAlmostEqual(new CategoricalCrossentropy({ labelSmoothing: 0.1, axis: 1 }).compute(t3, p3), expected, 5);
    });
  });

  it('nn_test.py test_categorical_crossentropy: axis -1 and axis 0, probabilities and logits, clipping', () => {
    tidy(() => {
      const target = [
        [0.33008796, 0.0391289, 0.9503603],
        [0.80376694, 0.92363342, 0.19147756],
      ];
      const output = [
        [0.23446431, 0.35822914, 0.06683268],
        [0.3413979, 0.05420256, 0.81619654],
      ];
      expectAllClose(categoricalCrossentropy(target, output, { axis: -1 }), [2.54095299, 3.96374412]);
      expectAllClose(categoricalCrossentropy(target, output, { axis: 0 }), [0.71683073, 1.87988172, 2.46810762]);
      expectAllClose(categoricalCrossentropy(target, output, { fromLogits: true, axis: -1 }), [1.59419954, 2.49880593]);
      const clipped = [
        [1.23446431, -0.35822914, 1.06683268],
        [0.3413979, -0.05420256, 0.81619654],
      ];
      expectAllClose(
        categoricalCrossentropy(target, clipped, { fromLogits: true, axis: -1 }),
        [1.16825923, 2.55436813],
      );
    });
  });

  it('smoothing divides by the size of the class axis, not of the last axis', () => {
    tidy(() => {
      const t = flat(t3);
      // Class axis 1 has 3 classes and the last axis 2 entries: 0.3 / 3 per class, not 0.3 / 2.
      for (const o of [
        { axis: 1, labelSmoothing: 0.3 },
        { axis: 1, labelSmoothing: 0.3, fromLogits: true },
        { axis: 0, labelSmoothing: 0.5, fromLogits: true },
        { axis: -1, labelSmoothing: 0.2 },
        { axis: 2, labelSmoothing: 1, fromLogits: true },
      ]) {
        const p = o.fromLogits ? flat(x3) : flat(p3);
        const got = categoricalCrossentropy(tensor(t, shape3), tensor(p, shape3), o);
        expect(got.shape).toEqual(shape3.filter((_, i) => i !== (o.axis + 3) % 3));
        expectAllClose(got, refCategorical(t, p, shape3, o), 1e-6, 1e-5);
      }
      // Integer (one-hot) targets are cast to float first, as Keras casts y_true to y_pred's dtype.
      const ids = tensor(t, shape3, 'int32');
      expectAllClose(
        categoricalCrossentropy(ids, tensor(flat(p3), shape3), { axis: 1, labelSmoothing: 0.3 }),
        refCategorical(t, flat(p3), shape3, { axis: 1, labelSmoothing: 0.3 }),
        1e-6,
        1e-5,
      );
    });
  });

  it('the class reduces what the function returns: axis 1 gives [batch, spatial], weighted per sample', () => {
    tidy(() => {
      const t = flat(t3);
      const p = flat(x3);
      const o = { axis: 1, fromLogits: true, labelSmoothing: 0.1 };
      const per = refCategorical(t, p, shape3, o);
      const w = [3, 0.25];
      const want = (w[0] * (per[0] + per[1]) + w[1] * (per[2] + per[3])) / 4;
      expectAllClose(new CategoricalCrossentropy(o).compute(tensor(t, shape3), tensor(p, shape3), w), want, 1e-6, 1e-5);
      expectAllClose(
        new CategoricalCrossentropy({ ...o, reduction: 'sum' }).compute(tensor(t, shape3), tensor(p, shape3)),
        per.reduce((a, b) => a + b, 0),
        1e-6,
        1e-5,
      );
    });
  });

  it('config keeps labelSmoothing and axis; a Keras config (snake_case) loads them', () => {
    const loss = new CategoricalCrossentropy({ labelSmoothing: 0.05, axis: 1, fromLogits: true });
    const back = deserialize<CategoricalCrossentropy>(JSON.parse(JSON.stringify(serialize(loss))));
    expect(back.getConfig()).toEqual(loss.getConfig());
    const keras = CategoricalCrossentropy.fromConfig({
      label_smoothing: 0.2,
      axis: 1,
      from_logits: false,
      dtype: null,
    });
    expect([keras.labelSmoothing, keras.axis, keras.fromLogits]).toEqual([0.2, 1, false]);
  });

  it('labelSmoothing outside [0, 1] is a ValueError (Keras does not check it; a stricter, documented choice)', () => {
    expect(() => new CategoricalCrossentropy({ labelSmoothing: 1.01 })).toThrow(ValueError);
    expect(() => categoricalCrossentropy([[1, 0]], [[0.5, 0.5]], { labelSmoothing: -0.2 })).toThrow(
      'categoricalCrossentropy: labelSmoothing is -0.2; expected a number in [0, 1].',
    );
    expect(() => categoricalCrossentropy([[1, 0]], [[0.5, 0.5]], { axis: 2 })).toThrow(/axis 2 is out of range/);
  });

  it('gradients with smoothing and axis 1 match finite differences', () => {
    tidy(() => {
      const t = tensor(flat(t3), shape3);
      const x = tensor(flat(x3), shape3);
      const p = tensor(flat(p3), shape3);
      checkGradients(
        (q) => new CategoricalCrossentropy({ axis: 1, fromLogits: true, labelSmoothing: 0.2 }).compute(t, q),
        [x],
      );
      checkGradients((q) => categoricalCrossentropy(t, q, { axis: 1, labelSmoothing: 0.1 }), [p], { eps: 1e-3 });
    });
  });

  it('tensor count is stable across repeated calls with smoothing and axis', async () => {
    const t = tensor(flat(t3), shape3);
    const x = tensor(flat(x3), shape3);
    await expectStableTensorCount(() =>
      new CategoricalCrossentropy({ axis: 1, fromLogits: true, labelSmoothing: 0.1 }).compute(t, x, [1, 2]),
    );
    await expectStableTensorCount(() => new BinaryCrossentropy({ axis: 1, labelSmoothing: 0.1 }).compute(t, x));
    dispose([t, x]);
  });
});

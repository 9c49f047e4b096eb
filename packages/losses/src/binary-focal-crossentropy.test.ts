// BinaryFocalCrossentropy: numbers and tolerances from keras/src/losses/losses_test.py
// (BinaryFocalCrossentropyTest) and the BinaryFocalCrossentropy / binary_focal_crossentropy docstrings in
// keras/src/losses/losses.py. assertAlmostEqual(x, y, 3) is |diff| < 1.5e-3; assertAllClose is
// atol = rtol = 1e-6. Docstring values are printed to 3-4 digits: compared to 3 decimals.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { binaryCrossentropy } from './binary-crossentropy.js';
import {
  BinaryFocalCrossentropy,
  type BinaryFocalCrossentropyOptions,
  binaryFocalCrossentropy,
} from './binary-focal-crossentropy.js';

const eye3 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
];
const yTrue = [
  [1, 0],
  [1, 0],
];
const yPred = [
  [0.9, 0.8],
  [0.7, 0.2],
];
const logitsTrue = [
  [1, 1, 0],
  [0, 1, 0],
];
const logits = [
  [1.5, -2.7, 2.9],
  [-3.8, 1.2, -4.5],
];

/** Keras's formula in float64 (the TensorFlow backend's exact crossentropy from logits), per row of a 2-D input. */
function reference(t: number[][], p: number[][], o: BinaryFocalCrossentropyOptions = {}): number[] {
  const { applyClassBalancing = false, alpha = 0.25, gamma = 2, fromLogits = false, labelSmoothing = 0 } = o;
  return t.map((row, i) => {
    let total = 0;
    row.forEach((y0, j) => {
      const y = y0 * (1 - labelSmoothing) + 0.5 * labelSmoothing;
      const x = p[i][j];
      let prob: number;
      let bce: number;
      if (fromLogits) {
        prob = 1 / (1 + Math.exp(-x));
        bce = Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
      } else {
        prob = x;
        const c = Math.min(Math.max(x, 1e-7), 1 - 1e-7);
        bce = -(y * Math.log(c) + (1 - y) * Math.log(1 - c));
      }
      const pT = y * prob + (1 - y) * (1 - prob);
      let focal = (1 - pT) ** gamma * bce;
      if (applyClassBalancing) focal *= y * alpha + (1 - y) * (1 - alpha);
      total += focal;
    });
    return total / row.length;
  });
}

describe('BinaryFocalCrossentropy (keras/src/losses/losses_test.py BinaryFocalCrossentropyTest)', () => {
  it('test_config: serialization round trip (and a Keras snake_case config)', () => {
    const loss = new BinaryFocalCrossentropy({ name: 'bfce' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'BinaryFocalCrossentropy',
      config: {
        name: 'bfce',
        reduction: 'sum_over_batch_size',
        fromLogits: false,
        labelSmoothing: 0,
        axis: -1,
        applyClassBalancing: false,
        alpha: 0.25,
        gamma: 2,
      },
    });
    const back = deserialize<BinaryFocalCrossentropy>(json);
    expect(back).toBeInstanceOf(BinaryFocalCrossentropy);
    expect(back.getConfig()).toEqual(loss.getConfig());
    const keras = BinaryFocalCrossentropy.fromConfig({
      name: 'binary_focal_crossentropy',
      reduction: 'sum',
      dtype: 'float32',
      from_logits: true,
      label_smoothing: 0.1,
      axis: -1,
      apply_class_balancing: true,
      alpha: 0.4,
      gamma: 3,
    });
    expect([keras.fromLogits, keras.labelSmoothing, keras.applyClassBalancing, keras.alpha, keras.gamma]).toEqual([
      true,
      0.1,
      true,
      0.4,
      3,
    ]);
    expect(keras.reduction).toBe('sum');
    expect(new BinaryFocalCrossentropy().name).toBe('binary_focal_crossentropy');
  });

  it('test_all_correct_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 1.5 }).compute(eye3, eye3), 0.0, 3);
      const l = eye3.map((r) => r.map((v) => (v ? 100 : -100)));
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 2.0, fromLogits: true }).compute(eye3, l), 0.0, 3);
    });
  });

  it('test_unweighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 2.0 }).compute(yTrue, yPred), 0.268, 3);
      const fromLogits = new BinaryFocalCrossentropy({ gamma: 3.0, fromLogits: true });
      expectAlmostEqual(fromLogits.compute(logitsTrue, logits), 0.799, 3);
    });
  });

  it('test_scalar_weighted', () => {
    tidy(() => {
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 2.0 }).compute(yTrue, yPred, 1.23), 0.3296, 3);
      const fromLogits = new BinaryFocalCrossentropy({ gamma: 3.0, fromLogits: true });
      expectAlmostEqual(fromLogits.compute(logitsTrue, logits, 3.21), 2.565, 3);
    });
  });

  it('test_sample_weighted', () => {
    tidy(() => {
      const w = [[1.2], [3.4]];
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 2.0 }).compute(yTrue, yPred, w), 0.34415, 3);
      const fromLogits = new BinaryFocalCrossentropy({ gamma: 3.0, fromLogits: true });
      expectAlmostEqual(fromLogits.compute(logitsTrue, logits, w), 0.95977, 3);
    });
  });

  it('test_no_reduction', () => {
    tidy(() => {
      const loss = new BinaryFocalCrossentropy({ gamma: 2.0, reduction: null });
      expectAllClose(loss.compute(yTrue, yPred), [0.515547, 0.020513]);
    });
  });

  it('every reduction', () => {
    tidy(() => {
      const per = reference(yTrue, yPred);
      expectAllClose(new BinaryFocalCrossentropy({ reduction: 'sum' }).compute(yTrue, yPred), per[0] + per[1]);
      expectAllClose(new BinaryFocalCrossentropy({ reduction: 'mean' }).compute(yTrue, yPred), (per[0] + per[1]) / 2);
      expectAllClose(new BinaryFocalCrossentropy({ reduction: 'none' }).compute(yTrue, yPred, [2, 0.5]), [
        2 * per[0],
        0.5 * per[1],
      ]);
    });
  });

  it('docstring examples (from_logits=True, with and without class balancing)', () => {
    tidy(() => {
      const t1 = [0, 1, 0, 0];
      const x1 = [-18.6, 0.51, 2.94, -12.8];
      expectAlmostEqual(new BinaryFocalCrossentropy({ gamma: 2, fromLogits: true }).compute(t1, x1), 0.691);
      const balanced2 = new BinaryFocalCrossentropy({ applyClassBalancing: true, gamma: 2, fromLogits: true });
      expectAlmostEqual(balanced2.compute(t1, x1), 0.51);
      const t = [
        [0, 1],
        [0, 0],
      ];
      const x = [
        [-18.6, 0.51],
        [2.94, -12.8],
      ];
      const g3 = new BinaryFocalCrossentropy({ gamma: 3, fromLogits: true });
      const b3 = new BinaryFocalCrossentropy({ applyClassBalancing: true, gamma: 3, fromLogits: true });
      expectAlmostEqual(g3.compute(t, x), 0.647);
      expectAlmostEqual(b3.compute(t, x), 0.482);
      expectAlmostEqual(g3.compute(t, x, [0.8, 0.2]), 0.133);
      expectAlmostEqual(b3.compute(t, x, [0.8, 0.2]), 0.097);
      const sum4 = new BinaryFocalCrossentropy({ gamma: 4, fromLogits: true, reduction: 'sum' });
      const bsum4 = new BinaryFocalCrossentropy({
        applyClassBalancing: true,
        gamma: 4,
        fromLogits: true,
        reduction: 'sum',
      });
      expectAlmostEqual(sum4.compute(t, x), 1.222);
      expectAlmostEqual(bsum4.compute(t, x), 0.914);
      const none5 = new BinaryFocalCrossentropy({ gamma: 5, fromLogits: true, reduction: null });
      const bnone5 = new BinaryFocalCrossentropy({
        applyClassBalancing: true,
        gamma: 5,
        fromLogits: true,
        reduction: null,
      });
      expectAlmostEqual(none5.compute(t, x), [0.0017, 1.1561]);
      expectAlmostEqual(bnone5.compute(t, x), [0.0004, 0.867]);
    });
  });

  it('functional docstring: [0.330, 0.206] with gamma=2, shape [2]', () => {
    tidy(() => {
      const t = [
        [0, 1],
        [0, 0],
      ];
      const p = [
        [0.6, 0.4],
        [0.4, 0.6],
      ];
      const focal = binaryFocalCrossentropy(t, p, { gamma: 2 });
      expect(focal.shape).toEqual([2]);
      expectAlmostEqual(focal, [0.33, 0.206]);
      // The docstring's "compare with binary_crossentropy" line calls binary_focal_crossentropy with its
      // defaults (gamma 2 again); the [0.916, 0.714] it prints is binary_crossentropy, which gamma 0 gives.
      expectAlmostEqual(binaryFocalCrossentropy(t, p, { gamma: 0 }), [0.916, 0.714]);
      expectAllClose(binaryFocalCrossentropy(t, p, { gamma: 0 }), binaryCrossentropy(t, p).arraySync() as number[]);
    });
  });

  it('gamma 0 without class balancing is BinaryCrossentropy (label smoothing, logits and axis too)', () => {
    tidy(() => {
      const t = [
        [1, 0, 1],
        [0, 1, 0],
      ];
      const p = [
        [0.7, 0.2, 0.4],
        [0.3, 0.6, 0.1],
      ];
      for (const o of [
        { labelSmoothing: 0.2 },
        { fromLogits: true, labelSmoothing: 0.1 },
        { axis: 0 },
        { fromLogits: true, axis: 0 },
      ]) {
        const want = binaryCrossentropy(t, o.fromLogits ? logits : p, o).arraySync() as number[];
        expectAllClose(binaryFocalCrossentropy(t, o.fromLogits ? logits : p, { ...o, gamma: 0 }), want, 1e-6, 1e-5);
      }
    });
  });

  it('label smoothing and class balancing follow Keras formula (float64 reference, atol 1e-6, rtol 1e-5)', () => {
    tidy(() => {
      for (const o of [
        { labelSmoothing: 0.1 },
        { labelSmoothing: 0.3, applyClassBalancing: true, alpha: 0.6, gamma: 1.5 },
        { fromLogits: true, labelSmoothing: 0.2, gamma: 3 },
        { fromLogits: true, applyClassBalancing: true, gamma: 0.5 },
      ]) {
        const p = o.fromLogits ? logits : yPred.map((r) => [...r, 0.5]);
        const t = o.fromLogits ? logitsTrue : yTrue.map((r) => [...r, 1]);
        expectAllClose(binaryFocalCrossentropy(t, p, o), reference(t, p, o), 1e-6, 1e-5);
        const loss = new BinaryFocalCrossentropy(o);
        const per = reference(t, p, o);
        expectAllClose(loss.compute(t, p), (per[0] + per[1]) / 2, 1e-6, 1e-5);
      }
    });
  });

  it('axis: the mean runs over the given axis', () => {
    tidy(() => {
      const t = [
        [1, 0, 1],
        [0, 1, 1],
      ];
      const p = [
        [0.7, 0.2, 0.4],
        [0.3, 0.6, 0.1],
      ];
      const out = binaryFocalCrossentropy(t, p, { axis: 0, applyClassBalancing: true });
      expect(out.shape).toEqual([3]);
      const transpose = (m: number[][]) => m[0].map((_, j) => m.map((r) => r[j]));
      expectAllClose(out, reference(transpose(t), transpose(p), { applyClassBalancing: true }), 1e-6, 1e-5);
      // Keras's usual [batch, d0, d1]: the mean over the last axis gives [batch, d0].
      const t3 = tensor([1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0], [2, 3, 2]);
      expect(binaryFocalCrossentropy(t3, t3).shape).toEqual([2, 3]);
    });
  });

  it('logits are exact beyond the clip: a confidently wrong logit of -30 costs 30, not 16.1', () => {
    tidy(() => {
      // pT = sigmoid(-30) ~ 9.4e-14, so the focal factor is 1 and the loss is the crossentropy, 30.
      expectAllClose(binaryFocalCrossentropy([[1]], [[-30]], { fromLogits: true }), [30], 1e-4, 1e-6);
      expectAllClose(binaryFocalCrossentropy([[1, 0]], [[-1000, 1000]], { fromLogits: true }), [1000], 1e-3);
    });
  });

  it('bad options and shapes are typed errors naming the argument', () => {
    expect(() => new BinaryFocalCrossentropy({ alpha: 1.5 })).toThrow(ValueError);
    expect(() => new BinaryFocalCrossentropy({ alpha: 1.5 })).toThrow(
      'BinaryFocalCrossentropy: alpha is 1.5; expected a number in [0, 1].',
    );
    expect(() => new BinaryFocalCrossentropy({ gamma: -1 })).toThrow(
      'BinaryFocalCrossentropy: gamma is -1; expected a finite number >= 0.',
    );
    expect(() => new BinaryFocalCrossentropy({ labelSmoothing: 2 })).toThrow(
      'BinaryFocalCrossentropy: labelSmoothing is 2; expected a number in [0, 1].',
    );
    expect(() => binaryFocalCrossentropy([[1]], [[0.5]], { gamma: Number.NaN })).toThrow(/gamma is null/);
    expect(() => binaryFocalCrossentropy([[1]], [[0.5]], { axis: 3 })).toThrow(/axis 3 is out of range/);
    expect(() => new BinaryFocalCrossentropy().compute([[0], [1], [1]], eye3)).toThrow(ShapeError);
    expect(() => new BinaryFocalCrossentropy().compute([[0], [1], [1]], eye3)).toThrow(
      /binaryFocalCrossentropy: yTrue has shape \[3,1\] but yPred has shape \[3,3\]/,
    );
  });

  it('gradients match finite differences (probabilities, logits including 0, smoothing, balancing)', () => {
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
        [1.5, -0.7, 0],
        [-2.2, 0.9, 0],
      ]);
      const probs = new BinaryFocalCrossentropy({ labelSmoothing: 0.1, applyClassBalancing: true });
      checkGradients((q) => probs.compute(t, q, [0.3, 1.1]), [p], { eps: 1e-3 });
      const fromLogits = new BinaryFocalCrossentropy({ fromLogits: true, gamma: 3, labelSmoothing: 0.2 });
      checkGradients((q) => fromLogits.compute(t, q, [0.3, 1.1]), [x]);
      checkGradients((q) => binaryFocalCrossentropy(t, q, { fromLogits: true, gamma: 0, axis: 0 }), [x]);
      // With respect to soft targets as well.
      const soft = tensor([
        [0.8, 0.1, 0.6],
        [0.3, 0.9, 0.2],
      ]);
      checkGradients((y, q) => binaryFocalCrossentropy(y, q, { fromLogits: true }), [soft, x]);
    });
  });

  it('gradients stay finite where pT is exactly 1 (gamma 0 and 2)', () => {
    tidy(() => {
      const t = tensor([[1, 0, 1]]);
      const p = tensor([[1, 0, 0.5]]);
      for (const gamma of [0, 2]) {
        const loss = new BinaryFocalCrossentropy({ gamma });
        const { grads } = valueAndGrads((q) => loss.compute(t, q))([p]);
        expect(Array.from(grads[0].dataSync()).every(Number.isFinite)).toBe(true);
      }
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(logitsTrue);
    const x = tensor(logits);
    await expectStableTensorCount(() => new BinaryFocalCrossentropy({ fromLogits: true }).compute(t, x, [4, 3]));
    await expectStableTensorCount(() =>
      new BinaryFocalCrossentropy({ labelSmoothing: 0.2, applyClassBalancing: true }).compute(t, t),
    );
    dispose([t, x]);
  });
});

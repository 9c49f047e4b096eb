// CosineSimilarity: numbers and tolerances from keras/src/losses/losses_test.py (CosineSimilarityTest, whose
// expected values come from its NumPy `l2_norm` helper, ported below as `l2Norm`) and the docstring of
// keras.losses.cosine_similarity in keras/src/losses/losses.py; assertAlmostEqual is decimal=3
// (|diff| < 1.5e-3) unless a test says otherwise.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, maximum, mul, neg, rsqrt, square, sum, tensor, tidy, valueAndGrads } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { CosineSimilarity, cosineSimilarity } from './cosine-similarity.js';

const npYTrue = [
  [1, 9, 2],
  [-5, -2, 6],
];
const npYPred = [
  [4, 8, 12],
  [8, 1, 3],
];

/** CosineSimilarityTest.l2_norm along the last axis: x / sqrt(max(sum(x^2), 1e-12)). */
function l2Norm(x: number[][]): number[][] {
  return x.map((row) => {
    const inv =
      1 /
      Math.sqrt(
        Math.max(
          row.reduce((s, v) => s + v * v, 0),
          1e-12,
        ),
      );
    return row.map((v) => v * inv);
  });
}

/** CosineSimilarityTest.setup(axis=1): sum(l2_norm(y_true) * l2_norm(y_pred), axis=1), the POSITIVE cosine. */
function expectedCosines(t: number[][], p: number[][]): number[] {
  const a = l2Norm(t);
  const b = l2Norm(p);
  return a.map((row, i) => row.reduce((s, v, j) => s + v * b[i][j], 0));
}
const meanOf = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;

describe('CosineSimilarity (keras/src/losses/losses_test.py CosineSimilarityTest)', () => {
  it('test_config: get_config and serialization round trip', () => {
    const loss = new CosineSimilarity({ axis: 2, reduction: 'sum', name: 'cosine_loss' });
    expect(loss.name).toBe('cosine_loss');
    expect(loss.reduction).toBe('sum');
    expect(loss.getConfig()).toEqual({ name: 'cosine_loss', reduction: 'sum', axis: 2 });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'CosineSimilarity',
      config: { name: 'cosine_loss', reduction: 'sum', axis: 2 },
    });
    const back = deserialize<CosineSimilarity>(json);
    expect(back).toBeInstanceOf(CosineSimilarity);
    expect(back.getConfig()).toEqual(loss.getConfig());
    expect(new CosineSimilarity().name).toBe('cosine_similarity');
    expect(new CosineSimilarity().axis).toBe(-1);
    expect(CosineSimilarity.fromConfig({ name: 'c', reduction: 'sum_over_batch_size', axis: 1 }).axis).toBe(1);
  });

  it('test_unweighted (decimal=3): the NEGATIVE mean cosine', () => {
    tidy(() => {
      const expected = -meanOf(expectedCosines(npYTrue, npYPred));
      expect(expected).toBeLessThan(0);
      expectAlmostEqual(new CosineSimilarity().compute(npYTrue, npYPred), expected, 3);
    });
  });

  it('test_scalar_weighted (decimal=3)', () => {
    tidy(() => {
      const expected = -meanOf(expectedCosines(npYTrue, npYPred).map((c) => c * 2.3));
      expectAlmostEqual(new CosineSimilarity().compute(npYTrue, npYPred, 2.3), expected, 3);
    });
  });

  it('test_sample_weighted (decimal=3)', () => {
    tidy(() => {
      const w = [1.2, 3.4];
      const expected = -meanOf(expectedCosines(npYTrue, npYPred).map((c, i) => c * w[i]));
      expectAlmostEqual(new CosineSimilarity().compute(npYTrue, npYPred, w), expected, 3);
    });
  });

  it('test_timestep_weighted (decimal=3)', () => {
    tidy(() => {
      // (2, 3, 1): normalizing along the last axis (size 1) leaves each entry's sign
      const w = [3, 6, 5, 0, 4, 2];
      const t = npYTrue.flat();
      const p = npYPred.flat();
      const expected = -meanOf(t.map((ti, i) => expectedCosines([[ti]], [[p[i]]])[0] * w[i]));
      const loss = new CosineSimilarity().compute(tensor(t, [2, 3, 1]), tensor(p, [2, 3, 1]), tensor(w, [2, 3]));
      expectAlmostEqual(loss, expected, 3);
    });
  });

  it('test_zero_weighted (decimal=3)', () => {
    tidy(() => expectAlmostEqual(new CosineSimilarity().compute(npYTrue, npYPred, 0), 0, 3));
  });

  it('test_axis (decimal=3): axis=1', () => {
    tidy(() => {
      const expected = -meanOf(expectedCosines(npYTrue, npYPred));
      expectAlmostEqual(new CosineSimilarity({ axis: 1 }).compute(npYTrue, npYPred), expected, 3);
    });
  });

  it('axis 0 of [features, batch] inputs equals axis -1 of the transposed inputs', () => {
    tidy(() => {
      const tT = [0, 1, 2].map((j) => npYTrue.map((row) => row[j]));
      const pT = [0, 1, 2].map((j) => npYPred.map((row) => row[j]));
      const byAxis0 = cosineSimilarity(tT, pT, { axis: 0 });
      expect(byAxis0.shape).toEqual([2]);
      expectAllClose(byAxis0, Array.from(cosineSimilarity(npYTrue, npYPred).dataSync()));
    });
  });

  it("reductions 'none', 'sum' and 'mean' (assertAllClose tolerances)", () => {
    tidy(() => {
      const c = expectedCosines(npYTrue, npYPred);
      const w = [1.2, 3.4];
      expectAllClose(new CosineSimilarity({ reduction: 'none' }).compute(npYTrue, npYPred, w), [
        -c[0] * 1.2,
        -c[1] * 3.4,
      ]);
      expectAllClose(
        new CosineSimilarity({ reduction: 'sum' }).compute(npYTrue, npYPred, w),
        -(c[0] * 1.2 + c[1] * 3.4),
      );
      expectAllClose(new CosineSimilarity({ reduction: 'mean' }).compute(npYTrue, npYPred), -meanOf(c));
    });
  });

  it('docstring of keras.losses.cosine_similarity: [-0., -0.99999994, 0.99999994]', () => {
    tidy(() => {
      const loss = cosineSimilarity(
        [
          [0, 1],
          [1, 1],
          [1, 1],
        ],
        [
          [1, 0],
          [1, 1],
          [-1, -1],
        ],
        { axis: -1 },
      );
      expectAllClose(loss, [-0, -0.99999994, 0.99999994]);
    });
  });

  it('a zero vector on either side gives 0 (Keras clamps the squared norm at 1e-14)', () => {
    tidy(() => {
      expectAllClose(
        cosineSimilarity(
          [
            [0, 0],
            [1, 2],
          ],
          [
            [1, 2],
            [0, 0],
          ],
        ),
        [0, 0],
      );
      // tiny vectors still normalize: their squared norm (2e-10) is above 1e-14
      expectAllClose(cosineSimilarity([[1e-5, 1e-5]], [[3, 3]]), [-1]);
    });
  });

  it('a bad axis is a ValueError naming it; bad shapes are a ShapeError', () => {
    expect(() => new CosineSimilarity({ axis: 0.5 })).toThrow(ValueError);
    expect(() => new CosineSimilarity({ axis: 2 }).compute(npYTrue, npYPred)).toThrow(
      /cosineSimilarity: axis 2 is out of range for yPred of rank 2/,
    );
    expect(() => new CosineSimilarity().compute([[1, 2, 3]], [[1, 2]])).toThrow(
      /cosineSimilarity: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => cosineSimilarity(1, 2)).toThrow(ShapeError);
  });

  it("gradient matches finite differences and autodiff of Keras's formula, zero vectors included", () => {
    tidy(() => {
      const t = tensor(npYTrue);
      const p = tensor([
        [4, -8, 12],
        [8, 1, 3],
      ]);
      const loss = new CosineSimilarity();
      checkGradients((x) => loss.compute(t, x, [1.2, 3.4]), [p], { eps: 1e-3 });
      checkGradients((x, y) => cosineSimilarity(x, y, { axis: 0 }), [t, p], { eps: 1e-3 });
      const normalize = (x: typeof t, axis: number) => mul(x, rsqrt(maximum(sum(square(x), axis, true), 1e-7 * 1e-7)));
      // Rows 2 and 3 hold a zero vector; row 4 holds vectors whose squared norms are below the 1e-14 clamp.
      const t0 = tensor([
        [1, 9, 2],
        [0, 0, 0],
        [0.5, -1, 2],
        [1e-8, 2e-9, 0],
      ]);
      const p0 = tensor([
        [4, 8, 12],
        [8, 1, 3],
        [0, 0, 0],
        [3e-9, -2e-8, 0],
      ]);
      for (const [axis, w] of [
        [-1, [0.3, -0.7, 1.1, 0.9]],
        [0, [0.3, -0.7, 1.1]],
      ] as const) {
        const ours = valueAndGrads(() => sum(mul(cosineSimilarity(t0, p0, { axis }), [...w])), [t0, p0]);
        const plain = valueAndGrads(
          () => sum(mul(neg(sum(mul(normalize(t0, axis), normalize(p0, axis)), axis)), [...w])),
          [t0, p0],
        );
        expectAllClose(ours.value, Array.from(plain.value.dataSync()));
        expectAllClose(ours.grads[0], Array.from(plain.grads[0].dataSync()), 1e-6, 1e-5);
        expectAllClose(ours.grads[1], Array.from(plain.grads[1].dataSync()), 1e-6, 1e-5);
      }
    });
  });

  it('gradient: aligned vectors are a minimum (zero gradient), orthogonal ones are pulled together', () => {
    tidy(() => {
      const p = tensor([
        [2, 0],
        [0, 3],
      ]);
      const { grads } = valueAndGrads(
        () =>
          sum(
            cosineSimilarity(
              [
                [1, 0],
                [1, 0],
              ],
              p,
            ),
          ),
        [p],
      );
      // row 1: aligned, zero gradient; row 2: d(-cos)/dp = -(u - c v) / |p| = -[1, 0] / 3
      expectAllClose(grads[0], [0, 0, -1 / 3, 0]);
    });
  });

  it('tensor count is stable across repeated calls and training steps', async () => {
    const t = tensor(npYTrue);
    const p = tensor(npYPred);
    const loss = new CosineSimilarity();
    await expectStableTensorCount(() => loss.compute(t, p, 2.3));
    await expectStableTensorCount(() => {
      const { value, grads } = valueAndGrads(() => loss.compute(t, p), [t, p]);
      dispose(grads);
      return value;
    });
    dispose([t, p]);
  });
});

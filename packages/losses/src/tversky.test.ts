// Tversky: numbers and tolerances from keras/src/losses/losses_test.py (TverskyTest). assertAllClose is
// atol = rtol = 1e-6.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { dice } from './dice.js';
import { Tversky, tversky } from './tversky.js';

const small = {
  t: [
    [1, 2],
    [1, 2],
  ],
  p: [
    [4, 1],
    [6, 1],
  ],
};
const segTrue = [
  [1, 0, 1, 0],
  [0, 1, 0, 1],
  [1, 0, 1, 0],
  [0, 1, 0, 1],
];
const segPred = [
  [0, 1, 0, 1],
  [1, 0, 1, 1],
  [0, 1, 0, 1],
  [1, 0, 1, 1],
];
// [batch 2, 2, 2, 1]
const masks = [
  [
    [[1.0], [1.0]],
    [[0.0], [0.0]],
  ],
  [
    [[1.0], [1.0]],
    [[0.0], [0.0]],
  ],
];
const soft = [
  [
    [[0.0], [1.0]],
    [[0.0], [1.0]],
  ],
  [
    [[0.4], [0.0]],
    [[0.0], [0.9]],
  ],
];

describe('Tversky (keras/src/losses/losses_test.py TverskyTest)', () => {
  it('test_config: serialization round trip (and a Keras config)', () => {
    const loss = new Tversky({ name: 'mytversky' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'Tversky',
      config: { name: 'mytversky', reduction: 'sum_over_batch_size', alpha: 0.5, beta: 0.5, axis: null },
    });
    const back = deserialize<Tversky>(json);
    expect(back).toBeInstanceOf(Tversky);
    expect(back.getConfig()).toEqual(loss.getConfig());
    const keras = Tversky.fromConfig({
      name: 'tversky',
      reduction: null,
      dtype: 'float32',
      alpha: 0.2,
      beta: 0.8,
      axis: [1, 2, 3],
    });
    expect([keras.alpha, keras.beta, keras.axis, keras.reduction]).toEqual([0.2, 0.8, [1, 2, 3], 'none']);
    expect(new Tversky().name).toBe('tversky');
  });

  it('test_correctness: -0.55555558', () => {
    tidy(() => {
      // TP 14, FP -2, FN -8: 1 - 14 / (14 - 1 - 4 + 1e-7)
      expectAllClose(new Tversky().compute(small.t, small.p), -0.55555558);
    });
  });

  it('test_correctness_custom_coefficients: -0.94444442', () => {
    tidy(() => {
      expectAllClose(new Tversky({ alpha: 0.2, beta: 0.8 }).compute(small.t, small.p), -0.94444442);
    });
  });

  it('test_binary_segmentation: 0.77777779', () => {
    tidy(() => {
      expectAllClose(new Tversky().compute(segTrue, segPred), 0.77777779);
    });
  });

  it('test_binary_segmentation_with_axis: [0.5, 0.75757575]', () => {
    tidy(() => {
      expectAllClose(new Tversky({ axis: [1, 2, 3], reduction: null }).compute(masks, soft), [0.5, 0.75757575]);
    });
  });

  it('test_binary_segmentation_custom_coefficients: 0.76190472', () => {
    tidy(() => {
      expectAllClose(new Tversky({ alpha: 0.2, beta: 0.8 }).compute(segTrue, segPred), 0.76190472);
    });
  });

  it('test_binary_segmentation_custom_coefficients_with_axis: [0.5, 0.78494626]', () => {
    tidy(() => {
      const loss = new Tversky({ alpha: 0.2, beta: 0.8, axis: [1, 2, 3], reduction: null });
      expectAllClose(loss.compute(masks, soft), [0.5, 0.78494626]);
    });
  });

  it('alpha = beta = 0.5 is Dice (up to the epsilon); alpha weighs false positives, beta false negatives', () => {
    tidy(() => {
      const t = [[1, 1, 0, 0]];
      const p = [[0.9, 0.3, 0.6, 0.1]];
      expectAllClose(tversky(t, p, { axis: 1 }), dice(t, p, { axis: 1 }).arraySync() as number[]);
      // TP 1.2, FP 0.7, FN 0.8
      expectAllClose(tversky(t, p, { alpha: 1, beta: 0, axis: 1 }), [1 - 1.2 / 1.9]);
      expectAllClose(tversky(t, p, { alpha: 0, beta: 1, axis: 1 }), [1 - 1.2 / 2.0]);
      expect(tversky(masks, soft).shape).toEqual([]);
      expect(tversky(masks, soft, { axis: [1, 2] }).shape).toEqual([2, 1]);
    });
  });

  it('sample weights and every reduction', () => {
    tidy(() => {
      const per = [0.5, 0.78494626];
      const w = [2, 0.5];
      const weighted = [per[0] * w[0], per[1] * w[1]];
      const o = { alpha: 0.2, beta: 0.8, axis: [1, 2, 3] };
      expectAllClose(new Tversky(o).compute(masks, soft, w), (weighted[0] + weighted[1]) / 2);
      expectAllClose(new Tversky({ ...o, reduction: 'mean' }).compute(masks, soft, w), (weighted[0] + weighted[1]) / 2);
      expectAllClose(new Tversky({ ...o, reduction: 'sum' }).compute(masks, soft, w), weighted[0] + weighted[1]);
      expectAllClose(new Tversky({ ...o, reduction: 'none' }).compute(masks, soft, w), weighted);
      expectAllClose(new Tversky({ alpha: 0.2, beta: 0.8 }).compute(segTrue, segPred, 3), 3 * 0.76190472);
    });
  });

  it('with the default axis a per-sample weight is a ShapeError that says to pass axis (Keras would broadcast)', () => {
    expect(() => new Tversky().compute(masks, soft, [1, 0])).toThrow(ShapeError);
    expect(() => new Tversky().compute(masks, soft, [1, 0])).toThrow(/Tversky: sampleWeight has shape \[2\]/);
  });

  it('bad options, axes and shapes are typed errors naming the argument', () => {
    expect(() => new Tversky({ alpha: -0.1 })).toThrow(ValueError);
    expect(() => new Tversky({ alpha: -0.1 })).toThrow('Tversky: alpha is -0.1; expected a finite number >= 0.');
    expect(() => new Tversky({ beta: Number.POSITIVE_INFINITY })).toThrow(/Tversky: beta is null/);
    expect(() => new Tversky({ axis: [1, 0.5] })).toThrow(/Tversky: axis is \[1,0.5\]/);
    expect(() => tversky(small.t, small.p, { axis: -3 })).toThrow(/tversky: axis -3 is out of range/);
    expect(() => tversky([[1, 0, 1]], [[0.5, 0.5]])).toThrow(
      /tversky: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
  });

  it('gradients match finite differences (both arguments; default axis and per sample)', () => {
    tidy(() => {
      const t = tensor([
        [1, 0, 1],
        [0, 1, 0.5],
      ]);
      const p = tensor([
        [0.7, 0.2, 0.4],
        [0.3, 0.6, 0.1],
      ]);
      checkGradients((y, q) => new Tversky({ alpha: 0.3, beta: 0.7 }).compute(y, q), [t, p]);
      checkGradients((q) => new Tversky({ axis: 1 }).compute(t, q, [0.3, 1.1]), [p]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(masks);
    const p = tensor(soft);
    await expectStableTensorCount(() => new Tversky().compute(t, p));
    await expectStableTensorCount(() => new Tversky({ axis: [1, 2, 3] }).compute(t, p, [1, 2]));
    dispose([t, p]);
  });
});

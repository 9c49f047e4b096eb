// Dice: numbers and tolerances from keras/src/losses/losses_test.py (DiceTest) and the Dice / dice docstrings
// in keras/src/losses/losses.py. assertAllClose is atol = rtol = 1e-6.
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, tensor, tidy } from '@layerwise/tensors';
import { checkGradients, expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Dice, dice } from './dice.js';

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

describe('Dice (keras/src/losses/losses_test.py DiceTest)', () => {
  it('test_config: serialization round trip (axis null, an array, and a Keras config)', () => {
    const loss = new Dice({ name: 'mydice' });
    const json = JSON.parse(JSON.stringify(serialize(loss)));
    expect(json).toEqual({
      module: 'losses',
      className: 'Dice',
      config: { name: 'mydice', reduction: 'sum_over_batch_size', axis: null },
    });
    const back = deserialize<Dice>(json);
    expect(back).toBeInstanceOf(Dice);
    expect(back.getConfig()).toEqual(loss.getConfig());
    const withAxis = new Dice({ axis: [1, 2, 3], reduction: null });
    expect(deserialize<Dice>(JSON.parse(JSON.stringify(serialize(withAxis)))).getConfig()).toEqual({
      name: 'dice',
      reduction: 'none',
      axis: [1, 2, 3],
    });
    // Keras writes a tuple axis as a list.
    expect(
      Dice.fromConfig({ name: 'dice', reduction: 'sum_over_batch_size', axis: [1, 2], dtype: 'float32' }).axis,
    ).toEqual([1, 2]);
  });

  it('test_correctness: -0.55555546', () => {
    tidy(() => {
      // 1 - 2 * 14 / (6 + 12 + 1e-7)
      expectAllClose(new Dice().compute(small.t, small.p), -0.55555546);
    });
  });

  it('test_binary_segmentation: 0.77777773', () => {
    tidy(() => {
      expectAllClose(new Dice().compute(segTrue, segPred), 0.77777773);
    });
  });

  it('test_binary_segmentation_with_axis: [0.5, 0.75757575]', () => {
    tidy(() => {
      expectAllClose(new Dice({ axis: [1, 2, 3], reduction: null }).compute(masks, soft), [0.5, 0.75757575]);
    });
  });

  it('docstring: dice() with axis (1, 2, 3) has shape [2]; with the default axis, shape [] and 0.6164384', () => {
    tidy(() => {
      const perSample = dice(masks, soft, { axis: [1, 2, 3] });
      expect(perSample.shape).toEqual([2]);
      expectAllClose(perSample, [0.5, 0.75757575]);
      const whole = dice(masks, soft);
      expect(whole.shape).toEqual([]);
      expectAllClose(whole, 0.6164384);
      expectAllClose(new Dice().compute(masks, soft), 0.6164384);
    });
  });

  it('axis: one axis, negative axes, and [] (elementwise)', () => {
    tidy(() => {
      // axis 1 of [[1, 2], [1, 2]] vs [[4, 1], [6, 1]]: 1 - 2 * [6, 8] / [8, 10]
      expectAllClose(dice(small.t, small.p, { axis: 1 }), [1 - 12 / 8, 1 - 16 / 10]);
      expectAllClose(dice(small.t, small.p, { axis: -1 }), [1 - 12 / 8, 1 - 16 / 10]);
      expectAllClose(dice(masks, soft, { axis: [-3, -2, -1] }), [0.5, 0.75757575]);
      expectAllClose(dice([[1, 0]], [[0.5, 0.5]], { axis: [] }), [[1 - 1 / 1.5, 1]]);
    });
  });

  it('empty masks give 1 (the epsilon is in the denominator only)', () => {
    tidy(() => {
      expectAllClose(dice([[0, 0]], [[0, 0]], { axis: 1 }), [1]);
    });
  });

  it('sample weights and every reduction (per-sample losses with axis)', () => {
    tidy(() => {
      const per = [0.5, 0.75757575];
      const w = [2, 0.5];
      const weighted = [per[0] * w[0], per[1] * w[1]];
      const axis = [1, 2, 3];
      expectAllClose(new Dice({ axis }).compute(masks, soft, w), (weighted[0] + weighted[1]) / 2);
      expectAllClose(new Dice({ axis, reduction: 'mean' }).compute(masks, soft, w), (weighted[0] + weighted[1]) / 2);
      expectAllClose(new Dice({ axis, reduction: 'sum' }).compute(masks, soft, w), weighted[0] + weighted[1]);
      expectAllClose(new Dice({ axis, reduction: 'none' }).compute(masks, soft, w), weighted);
      expectAllClose(new Dice({ axis }).compute(masks, soft, [[2], [0.5]]), (weighted[0] + weighted[1]) / 2);
      // With the default axis the loss is one number: a scalar weight scales it, under every reduction.
      for (const reduction of ['sum_over_batch_size', 'sum', 'mean', 'none'] as const) {
        expectAllClose(new Dice({ reduction }).compute(masks, soft, 0.5), 0.5 * 0.6164384);
      }
    });
  });

  it('with the default axis a per-sample weight is a ShapeError that says to pass axis (Keras would broadcast)', () => {
    expect(() => new Dice().compute(masks, soft, [1, 0])).toThrow(ShapeError);
    expect(() => new Dice().compute(masks, soft, new Float32Array([1, 0]))).toThrow(/sampleWeight has shape \[2\]/);
    expect(() => tidy(() => new Dice().compute(masks, soft, tensor([[1], [0]])))).toThrow(
      /sampleWeight has shape \[2,1\]/,
    );
    expect(() => new Dice().compute(masks, soft, [1, 0])).toThrow(
      /Dice: sampleWeight has shape \[2\], but with axis null the loss sums over every axis .* pass axis/,
    );
  });

  it('bad axes and shapes are typed errors', () => {
    expect(() => new Dice({ axis: 1.5 })).toThrow(ValueError);
    expect(() => new Dice({ axis: 'all' as never })).toThrow(/Dice: axis is "all"; expected null/);
    expect(() => dice(small.t, small.p, { axis: 2 })).toThrow(/dice: axis 2 is out of range for yPred of rank 2/);
    expect(() => dice(small.t, small.p, { axis: [1, -1] })).toThrow(/repeats an axis/);
    expect(() => new Dice().compute([[1, 0, 1]], [[0.5, 0.5]])).toThrow(
      /dice: yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
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
      checkGradients((y, q) => new Dice().compute(y, q), [t, p]);
      checkGradients((q) => new Dice({ axis: 1 }).compute(t, q, [0.3, 1.1]), [p]);
    });
  });

  it('tensor count is stable across repeated calls', async () => {
    const t = tensor(masks);
    const p = tensor(soft);
    await expectStableTensorCount(() => new Dice().compute(t, p));
    await expectStableTensorCount(() => new Dice({ axis: [1, 2, 3] }).compute(t, p, [1, 2]));
    dispose([t, p]);
  });
});

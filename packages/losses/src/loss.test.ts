// The Loss base class: reductions, sample weights and masks.
// Numbers from keras/src/losses/loss_test.py (LossTest), whose ExampleLoss returns (y_true - y_pred) ** 2
// elementwise; tolerances as there (assertAllClose: atol = rtol = 1e-6).
import { ShapeError, ValueError } from '@layerwise/core';
import { dispose, memory, square, sub, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Loss, type LossValues } from './loss.js';
import { reduceWeightedValues, standardizeReduction } from './reduction.js';
import { squeezeOrExpandToSameRank } from './utils.js';

class ExampleLoss extends Loss {
  static override readonly className = 'ExampleLoss';
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return square(sub(yTrue, yPred));
  }
}

/** ExampleLoss with a mask, as Keras's y_pred._keras_mask. */
class MaskedExampleLoss extends ExampleLoss {
  constructor(readonly maskValues: boolean[]) {
    super();
  }
  protected override callWithMask(yTrue: Tensor, yPred: Tensor): LossValues {
    return { values: this.call(yTrue, yPred), mask: tensor(this.maskValues, undefined, 'bool') };
  }
}

const yTrue = [1.0, 0.0, 1.0, 0.0];
const yPred = [0.1, 0.2, 0.3, 0.4];
const sq = yTrue.map((t, i) => (t - yPred[i]) ** 2); // [0.81, 0.04, 0.49, 0.16]
const total = sq.reduce((a, b) => a + b, 0); // 1.5

describe('Loss (keras/src/losses/loss_test.py)', () => {
  it('test_squeeze_or_expand', () => {
    tidy(() => {
      const shapes = (a: number[], b: number[]) =>
        squeezeOrExpandToSameRank(
          tensor(new Array(a.reduce((x, y) => x * y, 1)).fill(1), a),
          tensor(new Array(b.reduce((x, y) => x * y, 1)).fill(1), b),
        ).map((t) => t.shape);
      expect(shapes([3], [3, 1])).toEqual([
        [3, 1],
        [3, 1],
      ]);
      expect(shapes([3, 2], [3, 2, 1])).toEqual([
        [3, 2],
        [3, 2],
      ]);
      expect(shapes([3, 1], [3])).toEqual([
        [3, 1],
        [3, 1],
      ]);
      expect(shapes([3, 2, 1], [3, 2])).toEqual([
        [3, 2],
        [3, 2],
      ]);
    });
  });

  it('test_reduction: none, sum, sum_over_batch_size', () => {
    tidy(() => {
      expectAllClose(new ExampleLoss({ reduction: null }).compute(yTrue, yPred), sq);
      expectAllClose(new ExampleLoss({ reduction: 'none' }).compute(yTrue, yPred), sq);
      expectAllClose(new ExampleLoss({ reduction: 'sum' }).compute(yTrue, yPred), total);
      expectAllClose(new ExampleLoss({ reduction: 'sum_over_batch_size' }).compute(yTrue, yPred), total / 4);
      // Keras: 'mean' divides by the number of values too.
      expectAllClose(new ExampleLoss({ reduction: 'mean' }).compute(yTrue, yPred), total / 4);
      expect(new ExampleLoss().compute(yTrue, yPred).dtype).toBe('float32');
    });
  });

  it('test_reduction: a bad reduction is a ValueError listing the valid ones', () => {
    expect(() => new ExampleLoss({ reduction: 'abc' as never })).toThrow(ValueError);
    expect(() => new ExampleLoss({ reduction: 'abc' as never })).toThrow(
      /ExampleLoss: invalid reduction 'abc'. Expected one of: sum_over_batch_size, sum, mean, none/,
    );
    expect(standardizeReduction(undefined)).toBe('sum_over_batch_size');
  });

  it('test_mask: masked entries are left out and sum_over_batch_size divides by the valid count', () => {
    tidy(() => {
      // masked y_true [1, 1, 0], y_pred [0.1, 0.3, 0.4]: (0.81 + 0.49 + 0.16) / 3
      expectAllClose(new MaskedExampleLoss([true, false, true, true]).compute(yTrue, yPred), (0.81 + 0.49 + 0.16) / 3);
      // Everything masked: 0, not NaN.
      expectAllClose(new MaskedExampleLoss([false, false, false, false]).compute(yTrue, yPred), 0);
    });
  });

  it('test_sample_weight', () => {
    tidy(() => {
      const w = [0.4, 0.3, 0.2, 0.1];
      // sum(w * sq) / 4 = (0.324 + 0.012 + 0.098 + 0.016) / 4
      expectAllClose(new ExampleLoss().compute(yTrue, yPred, w), sq.reduce((a, v, i) => a + v * w[i], 0) / 4);
    });
  });

  it('sample weights of shape [batch] weight whole samples of a [batch, time] loss', () => {
    tidy(() => {
      // values [[1, 4], [9, 16]] (y_pred - 0), weights [1, 0] -> [[1, 4], [0, 0]] -> sum 5 / 4 values
      const values = tensor([
        [1, 4],
        [9, 16],
      ]);
      expectAllClose(reduceWeightedValues(values, [1, 0]), 5 / 4);
      // [time] weights broadcast over the batch (NumPy trailing alignment) when they do not fit the batch:
      const v3 = tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]);
      expectAllClose(reduceWeightedValues(v3, [1, 0, 1], undefined, 'sum'), 1 + 3 + 4 + 6);
      // A weight that would enlarge the loss, or fits neither way, is a ShapeError naming both shapes.
      expect(() => reduceWeightedValues(tensor([1, 2]), [[1, 2, 3]])).toThrow(ShapeError);
      expect(() => reduceWeightedValues(v3, [1, 2])).not.toThrow();
      expect(() => reduceWeightedValues(v3, [1, 2, 3, 4])).toThrow(
        /sampleWeight has shape \[4\] but the per-sample loss has shape \[2,3\]/,
      );
    });
  });

  it('a subclass without a name takes its class name in snake_case', () => {
    expect(new ExampleLoss().name).toBe('example_loss');
    expect(new ExampleLoss({ name: 'x' }).name).toBe('x');
  });

  it('compute leaks nothing and its tensor count is stable', async () => {
    const loss = new MaskedExampleLoss([true, false, true, true]);
    const before = memory().numTensors;
    const out = loss.compute(yTrue, yPred, [1, 2, 3, 4]);
    expect(memory().numTensors).toBe(before + 1);
    dispose(out);
    await expectStableTensorCount(() => loss.compute(yTrue, yPred, [1, 2, 3, 4]));
  });
});

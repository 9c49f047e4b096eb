// IoU metrics: numbers and tolerances from keras/src/metrics/iou_metrics_test.py (assertAllClose with the atol
// each test states and rtol 1e-6) and the docstring examples of keras/src/metrics/iou_metrics.py. Keras's
// weighted tests pass dtype="float32" (its default int32 matrix would truncate 0.2 to 0); Layerwise's matrix
// is always float32 with a compensated sum, so those cases need no dtype and integer counts stay exact
// (test_big_chunk).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { assign, dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { BinaryIoU } from './binary-iou.js';
import { IoU } from './iou.js';
import { MeanIoU } from './mean-iou.js';
import type { Metric } from './metric.js';
import { OneHotIoU } from './one-hot-iou.js';
import { OneHotMeanIoU } from './one-hot-mean-iou.js';

function resultOf(m: Metric): Tensor {
  return tidy(() => m.result());
}

/** Keras's `metric(y_true, y_pred, sample_weight)` on a fresh metric: one update, the result, then disposal. */
function once(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  const r = resultOf(m);
  m.dispose();
  return r;
}

function roundTrip(m: Metric): void {
  const config = m.getConfig();
  const cls = m.constructor as unknown as { fromConfig(c: unknown): Metric };
  const m2 = cls.fromConfig(config);
  expect(m2.constructor).toBe(m.constructor);
  expect(m2.getConfig()).toEqual(config);
  const m3 = deserialize<Metric>(JSON.parse(JSON.stringify(serialize(m))));
  expect(m3.constructor).toBe(m.constructor);
  expect(m3.getConfig()).toEqual(config);
  for (const x of [m2, m3]) x.dispose();
}

describe('IoU (iou_metrics_test.py IoUTest)', () => {
  it('test_config', () => {
    const obj = new IoU({ numClasses: 2, targetClassIds: [1, 0], name: 'iou_class_1_0' });
    expect(obj.name).toBe('iou_class_1_0');
    expect(obj.numClasses).toBe(2);
    expect(obj.targetClassIds).toEqual([1, 0]);
    const obj2 = IoU.fromConfig(obj.getConfig());
    expect(obj2.name).toBe('iou_class_1_0');
    expect(obj2.numClasses).toBe(2);
    expect(obj2.targetClassIds).toEqual([1, 0]);
    expect(obj.getConfig()).toEqual({
      name: 'iou_class_1_0',
      dtype: 'float32',
      numClasses: 2,
      targetClassIds: [1, 0],
      ignoreClass: null,
      sparseYTrue: true,
      sparseYPred: true,
      axis: -1,
    });
    roundTrip(obj);
    for (const x of [obj, obj2]) x.dispose();
  });

  it('test_unweighted', () => {
    // cm = [[1, 1], [1, 1]]
    const expected = (1 / (2 + 2 - 1) + 1 / (2 + 2 - 1)) / 2;
    expectAllClose(
      once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [0, 0, 1, 1], [0, 1, 0, 1]),
      expected,
      1e-3,
    );
  });

  it('test_weighted', () => {
    // cm = [[0.2, 0.3], [0.4, 0.1]]
    const expected = (0.1 / (0.4 + 0.5 - 0.1) + 0.2 / (0.6 + 0.5 - 0.2)) / 2;
    const yPred = tensor([0, 1, 0, 1], [4], 'float32');
    expectAllClose(
      once(
        new IoU({ numClasses: 2, targetClassIds: [1, 0], dtype: 'float32' }),
        [0, 0, 1, 1],
        yPred,
        [0.2, 0.3, 0.4, 0.1],
      ),
      expected,
      1e-3,
    );
    yPred.dispose();
  });

  it('test_multi_dim_input', () => {
    const expected = (0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2;
    expectAllClose(
      once(
        new IoU({ numClasses: 2, targetClassIds: [0, 1], dtype: 'float32' }),
        [
          [0, 0],
          [1, 1],
        ],
        [
          [0, 1],
          [0, 1],
        ],
        [
          [0.2, 0.3],
          [0.4, 0.1],
        ],
      ),
      expected,
      1e-3,
    );
  });

  it('test_zero_valid_entries', () => {
    const obj = new IoU({ numClasses: 2, targetClassIds: [0, 1] });
    expectAllClose(resultOf(obj), 0, 1e-3);
    obj.dispose();
  });

  it('test_zero_and_non_zero_entries', () =>
    expectAllClose(once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [1], [1]), 1 / (1 + 1 - 1), 1e-3));

  it('test_out_of_range_y_true_ignored', () =>
    expectAllClose(once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [0, 2], [0, 1]), 1.0, 1e-3));
  it('test_out_of_range_y_pred_ignored', () =>
    expectAllClose(once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [0, 1], [0, 2]), 1.0, 1e-3));
  it('test_negative_y_true_ignored', () =>
    expectAllClose(once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [-1, 0], [0, 0]), 1.0, 1e-3));
  it('test_negative_y_pred_ignored', () =>
    expectAllClose(once(new IoU({ numClasses: 2, targetClassIds: [0, 1] }), [0, 1], [-1, 1]), 1.0, 1e-3));

  it('test_absent_class_contributes_zero', () => {
    const expected = (1 / (2 + 2 - 1) + 1 / (2 + 2 - 1)) / 2;
    expectAllClose(
      once(new IoU({ numClasses: 4, targetClassIds: [0, 1, 2, 3] }), [0, 0, 1, 1], [0, 1, 0, 1]),
      expected,
      1e-3,
    );
  });

  it('docstring example: 0.33333334, then 0.33333334 with weights [0.3, 0.3, 0.3, 0.1]', () => {
    const m = new IoU({ numClasses: 2, targetClassIds: [0] });
    m.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
    expectAllClose(resultOf(m), 0.33333334);
    m.resetState();
    m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
    expectAllClose(resultOf(m), 0.33333334);
    expectAllClose(m.confusionMatrix(), [0.3, 0.3, 0.3, 0.1]);
    m.dispose();
  });

  it('bad options are ValueErrors that name the argument', () => {
    expect(() => new IoU({ numClasses: 2, targetClassIds: [2] })).toThrow(ValueError);
    expect(() => new IoU({ numClasses: 2, targetClassIds: [2] })).toThrow(
      /target class id 2 is out of range, which is \[0, 2\)/,
    );
    expect(() => new IoU({ numClasses: 2, targetClassIds: [-1] })).toThrow(/target class id -1 is out of range/);
    expect(() => new IoU({ numClasses: 2, targetClassIds: [] })).toThrow(/targetClassIds is \[\]/);
    expect(() => new IoU({ numClasses: 0, targetClassIds: [0] })).toThrow(/numClasses is 0/);
    expect(() => new IoU({ numClasses: 2.5, targetClassIds: [0] })).toThrow(ValueError);
    expect(() => new IoU({ numClasses: 2, targetClassIds: [0], ignoreClass: 0.5 })).toThrow(/ignoreClass is 0.5/);
    expect(() => new IoU({ numClasses: 2, targetClassIds: [0], dtype: 'float16' })).toThrow(ValueError);
    expect(() => new (IoU as unknown as new () => IoU)()).toThrow(/options are required/);
  });

  it('mismatched shapes and weights are ShapeErrors naming the shapes', () => {
    const m = new IoU({ numClasses: 3, targetClassIds: [0] });
    expect(() => m.updateState([0, 1, 2], [0, 1])).toThrow(ShapeError);
    expect(() => m.updateState([0, 1, 2], [0, 1])).toThrow(/yTrue has shape \[3\] but yPred has shape \[2\]/);
    expect(() =>
      m.updateState(
        [
          [0, 1],
          [2, 0],
        ],
        [
          [0, 1],
          [2, 0],
        ],
        [1, 2, 3],
      ),
    ).toThrow(/sampleWeight has shape \[3\], which does not fit class IDs of shape \[2,2\]/);
    m.dispose();
  });
});

describe('BinaryIoU (iou_metrics_test.py BinaryIoUTest)', () => {
  it('test_config', () => {
    const obj = new BinaryIoU({ targetClassIds: [1, 0], threshold: 0.1, name: 'iou_class_1_0' });
    expect(obj.name).toBe('iou_class_1_0');
    expect(obj.threshold).toBeCloseTo(0.1);
    expect(obj.targetClassIds).toEqual([1, 0]);
    const obj2 = BinaryIoU.fromConfig(obj.getConfig());
    expect(obj2.name).toBe('iou_class_1_0');
    expect(obj2.threshold).toBeCloseTo(0.1);
    expect(obj2.targetClassIds).toEqual([1, 0]);
    expect(obj.getConfig()).toEqual({
      name: 'iou_class_1_0',
      dtype: 'float32',
      targetClassIds: [1, 0],
      threshold: 0.1,
    });
    roundTrip(obj);
    const keras = BinaryIoU.fromConfig({ name: 'b', dtype: 'int32', target_class_ids: [1], threshold: 0.3 });
    expect(keras.targetClassIds).toEqual([1]);
    expect(keras.dtype).toBe('float32');
    for (const x of [obj, obj2, keras]) x.dispose();
    const d = new BinaryIoU();
    expect(d.name).toBe('binary_io_u');
    expect(d.targetClassIds).toEqual([0, 1]);
    expect(d.threshold).toBe(0.5);
    d.dispose();
    expect(() => new BinaryIoU({ threshold: Number.NaN })).toThrow(ValueError);
    expect(() => new BinaryIoU({ targetClassIds: [2] })).toThrow(/target class id 2 is out of range/);
  });

  it('test_different_thresholds_weighted', () => {
    const yTrue = [0, 1, 0, 1];
    const yPred = [0.1, 0.2, 0.4, 0.7];
    // threshold 0.3: y_pred [0, 0, 1, 1]; cm = [[0.2, 0.4], [0.3, 0.1]]
    let expected = (0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2;
    expectAllClose(
      once(
        new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3, dtype: 'float32' }),
        yTrue,
        yPred,
        [0.2, 0.3, 0.4, 0.1],
      ),
      expected,
      1e-3,
    );
    // threshold 0.5: y_pred [0, 0, 0, 1]; cm = [[0.1 + 0.4, 0], [0.2, 0.3]]
    expected = (0.5 / (0.5 + 0.7 - 0.5) + 0.3 / (0.5 + 0.3 - 0.3)) / 2;
    expectAllClose(
      once(
        new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5, dtype: 'float32' }),
        yTrue,
        yPred,
        [0.1, 0.2, 0.4, 0.3],
      ),
      expected,
      1e-3,
    );
  });

  it('test_different_thresholds_unweighted', () => {
    const yTrue = [0, 1, 0, 1];
    const yPred = [0.1, 0.2, 0.4, 0.7];
    let expected = (1 / (2 + 2 - 1) + 1 / (2 + 2 - 1)) / 2;
    expectAllClose(once(new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 }), yTrue, yPred), expected, 1e-3);
    expected = (2 / (2 + 3 - 2) + 1 / (2 + 1 - 1)) / 2;
    expectAllClose(once(new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5 }), yTrue, yPred), expected, 1e-3);
  });

  it('test_multi_dim_input', () => {
    // threshold 0.4: y_pred [[0, 1], [1, 0]]; cm = [[0.2, 0.4], [0.1, 0.3]]
    const expected = (0.2 / (0.6 + 0.3 - 0.2) + 0.3 / (0.4 + 0.7 - 0.3)) / 2;
    expectAllClose(
      once(
        new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.4, dtype: 'float32' }),
        [
          [0, 1],
          [0, 1],
        ],
        [
          [0.1, 0.7],
          [0.9, 0.3],
        ],
        [
          [0.2, 0.3],
          [0.4, 0.1],
        ],
      ),
      expected,
      1e-3,
    );
  });

  it('test_zero_valid_entries', () => {
    const obj = new BinaryIoU({ targetClassIds: [0, 1] });
    expectAllClose(resultOf(obj), 0, 1e-3);
    obj.dispose();
  });

  it('test_zero_and_non_zero_entries', () =>
    expectAllClose(once(new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.5 }), [1], [0.6]), 1, 1e-3));

  it('docstring example: 0.33333334, then 0.17361112 with weights; a prediction equal to the threshold is class 1', () => {
    const m = new BinaryIoU({ targetClassIds: [0, 1], threshold: 0.3 });
    m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7]);
    expectAllClose(resultOf(m), 0.33333334);
    m.resetState();
    m.updateState([0, 1, 0, 1], [0.1, 0.2, 0.4, 0.7], [0.2, 0.3, 0.4, 0.1]);
    expectAllClose(resultOf(m), 0.17361112);
    m.resetState();
    m.updateState([1], [0.3]);
    expectAllClose(m.confusionMatrix(), [0, 0, 0, 1]);
    m.dispose();
  });
});

describe('MeanIoU (iou_metrics_test.py MeanIoUTest)', () => {
  it('test_config', () => {
    const m = new MeanIoU({ numClasses: 2, name: 'mean_iou' });
    expect(m.name).toBe('mean_iou');
    expect(m.numClasses).toBe(2);
    const m2 = MeanIoU.fromConfig(m.getConfig());
    expect(m2.name).toBe('mean_iou');
    expect(m2.numClasses).toBe(2);
    expect(m.getConfig()).toEqual({
      name: 'mean_iou',
      dtype: 'float32',
      numClasses: 2,
      ignoreClass: null,
      sparseYTrue: true,
      sparseYPred: true,
      axis: -1,
    });
    roundTrip(m);
    // A Keras config: snake_case keys and its default int32 dtype.
    const keras = MeanIoU.fromConfig({
      name: 'mean_io_u',
      dtype: 'int32',
      num_classes: 3,
      ignore_class: 255,
      sparse_y_true: true,
      sparse_y_pred: false,
      axis: -1,
    });
    expect(keras.numClasses).toBe(3);
    expect(keras.ignoreClass).toBe(255);
    expect(keras.sparseYPred).toBe(false);
    expect(keras.targetClassIds).toEqual([0, 1, 2]);
    for (const x of [m, m2, keras]) x.dispose();
    const d = new MeanIoU({ numClasses: 3 });
    expect(d.name).toBe('mean_io_u');
    d.dispose();
  });

  it('test_unweighted', () => {
    const expected = (1 / (2 + 2 - 1) + 1 / (2 + 2 - 1)) / 2;
    expectAllClose(once(new MeanIoU({ numClasses: 2 }), [0, 0, 1, 1], [0, 1, 0, 1]), expected, 1e-3);
  });

  it('test_unweighted_ignore_class_255', () => {
    // cm = [[1, 0, 0], [0, 1, 0], [0, 1, 0]]
    const expected = (1 / (1 + 1 - 1) + 1 / (2 + 1 - 1) + 0 / (0 + 1 - 0)) / 3;
    expectAllClose(
      once(new MeanIoU({ numClasses: 3, ignoreClass: 255 }), [0, 1, 2, 255], [0, 1, 1, 1]),
      expected,
      1e-3,
    );
  });

  it('test_unweighted_ignore_class_1', () => {
    const expected = (1 / (1 + 1 - 1) + 1 / (2 + 1 - 1) + 0 / (0 + 1 - 0)) / 3;
    expectAllClose(once(new MeanIoU({ numClasses: 3, ignoreClass: -1 }), [0, 1, 2, -1], [0, 1, 1, 1]), expected, 1e-3);
  });

  it('test_weighted', () => {
    const expected = (0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2;
    expectAllClose(
      once(new MeanIoU({ numClasses: 2, dtype: 'float32' }), [0, 0, 1, 1], [0, 1, 0, 1], [0.2, 0.3, 0.4, 0.1]),
      expected,
      1e-3,
    );
  });

  it('test_weighted_ignore_class_1', () => {
    // cm = [[0.2, 0.3], [0.4, 0.0]]
    const expected = (0.2 / (0.6 + 0.5 - 0.2) + 0.0 / (0.3 + 0.4 - 0.0)) / 2;
    expectAllClose(
      once(
        new MeanIoU({ numClasses: 2, ignoreClass: -1, dtype: 'float32' }),
        [0, 0, 1, -1],
        [0, 1, 0, 1],
        [0.2, 0.3, 0.4, 0.1],
      ),
      expected,
      1e-3,
    );
  });

  it('test_multi_dim_input', () => {
    const expected = (0.2 / (0.6 + 0.5 - 0.2) + 0.1 / (0.4 + 0.5 - 0.1)) / 2;
    expectAllClose(
      once(
        new MeanIoU({ numClasses: 2, dtype: 'float32' }),
        [
          [0, 0],
          [1, 1],
        ],
        [
          [0, 1],
          [0, 1],
        ],
        [
          [0.2, 0.3],
          [0.4, 0.1],
        ],
      ),
      expected,
      1e-3,
    );
  });

  it('test_zero_valid_entries', () => {
    const m = new MeanIoU({ numClasses: 2 });
    expectAllClose(resultOf(m), 0, 1e-3);
    m.dispose();
  });

  it('test_zero_and_non_zero_entries', () =>
    expectAllClose(once(new MeanIoU({ numClasses: 2 }), [1], [1]), (0 + 1 / (1 + 1 - 1)) / 1, 1e-3));

  it('test_out_of_range_ignored', () =>
    expectAllClose(once(new MeanIoU({ numClasses: 2 }), [0, 3], [0, 1]), 1.0, 1e-3));
  it('test_negative_ignored', () => expectAllClose(once(new MeanIoU({ numClasses: 2 }), [0, -1], [0, 1]), 1.0, 1e-3));
  it('test_absent_class_contributes_zero', () =>
    expectAllClose(once(new MeanIoU({ numClasses: 3 }), [0, 0, 0, 0], [0, 0, 0, 0]), 1.0, 1e-3));

  it('docstring example: 0.33333334, then 0.23809525 with weights [0.3, 0.3, 0.3, 0.1]', () => {
    const m = new MeanIoU({ numClasses: 2 });
    m.updateState([0, 0, 1, 1], [0, 1, 0, 1]);
    expectAllClose(resultOf(m), 0.33333334);
    m.resetState();
    m.updateState([0, 0, 1, 1], [0, 1, 0, 1], [0.3, 0.3, 0.3, 0.1]);
    expectAllClose(resultOf(m), 0.23809525);
    m.dispose();
  });

  it('test_big_chunk: counts stay exact past 2^24 (Keras needs its int32 matrix; float32 alone would not match)', () => {
    // Keras's start point and data shape (10 x 530 x 530 labels in {0, 1, 2}); the data come from a seeded
    // generator here (numpy's seed-14 stream is not reproducible in JS) and are counted by hand, as the test does.
    const start = [18729664, 18728760, 18731196, 18727297, 18726105, 18728071, 18727917, 18717835, 18723155];
    const size = 10 * 530 * 530;
    const trueIds = new Int32Array(size);
    const predIds = new Int32Array(size);
    let seed = 14;
    const next = (): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      return seed >>> 30 === 3 ? next() : seed >>> 30; // uniform in {0, 1, 2}
    };
    const manual = [...start];
    for (let i = 0; i < size; i++) {
      const t = next();
      const p = next();
      trueIds[i] = t;
      predIds[i] = p;
      manual[t * 3 + p]! += 1;
    }
    // The expected matrix is not representable in float32: a plain float32 total could not hold it.
    expect(manual.some((v) => Math.fround(v) !== v)).toBe(true);

    const m = new MeanIoU({ numClasses: 3 });
    // Seed the state with the start point: the float32 rounding in the total, what it lost in the compensation.
    const [total, compensation] = m.variables;
    assign(total!, tensor(start, [3, 3]));
    assign(
      compensation!,
      tensor(
        start.map((v) => Math.fround(v) - v),
        [3, 3],
      ),
    );
    const yTrue = tensor(trueIds, [10, 530, 530], 'int32');
    const yPred = tensor(predIds, [10, 530, 530], 'int32');
    m.updateState(yTrue, yPred);
    dispose([yTrue, yPred]);
    const t = Array.from(total!.dataSync());
    const c = Array.from(compensation!.dataSync());
    expect(t.map((v, i) => v - (c[i] as number))).toEqual(manual);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const row = [0, 1, 2].map((i) => sum(manual.slice(i * 3, i * 3 + 3)));
    const col = [0, 1, 2].map((j) => manual[j]! + manual[3 + j]! + manual[6 + j]!);
    const iou = [0, 1, 2].map((i) => manual[i * 4]! / (row[i]! + col[i]! - manual[i * 4]!));
    expectAllClose(resultOf(m), sum(iou) / 3, 1e-6);
    m.dispose();
  });

  it('test_user_warning_float_weight, by design: float weights count as given (Keras truncates them to int)', () => {
    // y_true [0, 1, 1, 0], y_pred [0, 1, 1, 1], weights [0.2, 0.3, 0.4, 0.1]: cm [[0.2, 0.1, 0], [0, 0.7, 0], 0]
    const m = new MeanIoU({ numClasses: 3 });
    m.updateState([0, 1, 1, 0], [0, 1, 1, 1], [0.2, 0.3, 0.4, 0.1]);
    expectAllClose(m.confusionMatrix(), [0.2, 0.1, 0, 0, 0.7, 0, 0, 0, 0], 1e-7);
    expectAllClose(resultOf(m), (0.2 / 0.3 + 0.7 / 0.8) / 2, 1e-6);
    m.dispose();
  });

  it('streams over several updates; resetState starts over', () => {
    const m = new MeanIoU({ numClasses: 2 });
    m.updateState([0, 0], [0, 1]);
    m.updateState([1, 1], [0, 1]);
    expectAllClose(m.confusionMatrix(), [1, 1, 1, 1]);
    expectAllClose(resultOf(m), 1 / 3);
    m.resetState();
    expectAllClose(m.confusionMatrix(), [0, 0, 0, 0]);
    expectAllClose(resultOf(m), 0);
    m.updateState([1], [1]);
    expectAllClose(resultOf(m), 1);
    m.dispose();
  });

  it('sample weights: per sample over a segmentation map, and a trailing 1 on the labels', () => {
    // Two 2x2 maps; the second sample (weight 0) would otherwise add mistakes.
    const m = new MeanIoU({ numClasses: 2 });
    const yTrue = [
      [[0], [1]],
      [[1], [0]],
    ];
    const yPred = [
      [0, 1],
      [0, 1],
    ];
    m.updateState(yTrue, yPred, [1, 0]);
    expectAllClose(m.confusionMatrix(), [1, 0, 0, 1]);
    m.resetState();
    m.updateState(
      [
        [0, 1],
        [1, 0],
      ],
      yPred,
      [1, 0, 0, 1],
    ); // one weight per entry, flat (Keras's layout): pairs (0, 0) and (0, 1) count
    expectAllClose(m.confusionMatrix(), [1, 1, 0, 0]);
    m.dispose();
  });

  it('dense predictions with sparseYPred false and a class axis other than the last', () => {
    const m = new MeanIoU({ numClasses: 3, sparseYPred: false, axis: 1 });
    // predictions [batch, classes, positions]: argMax along axis 1 gives [[2, 0]]
    m.updateState(
      [[2, 1]],
      [
        [
          [0.1, 0.7],
          [0.2, 0.1],
          [0.7, 0.2],
        ],
      ],
    );
    expectAllClose(m.confusionMatrix(), [0, 0, 0, 1, 0, 0, 0, 0, 1]);
    m.dispose();
    const bad = new MeanIoU({ numClasses: 3, sparseYPred: false, axis: 2 });
    expect(() => bad.updateState([1], [[0.1, 0.2, 0.7]])).toThrow(
      /yPred has shape \[1,3\], but axis 2 is its class axis/,
    );
    bad.dispose();
  });
});

describe('OneHotIoU (iou_metrics_test.py OneHotIoUTest)', () => {
  const yTrue = [
    [0, 0, 1],
    [1, 0, 0],
    [0, 1, 0],
    [1, 0, 0],
  ];
  const yPred = [
    [0.2, 0.3, 0.5],
    [0.1, 0.2, 0.7],
    [0.5, 0.3, 0.1],
    [0.1, 0.4, 0.5],
  ];

  it('test_unweighted', () => {
    // y_true -> [2, 0, 1, 0], y_pred -> [2, 2, 0, 2]; cm = [[0, 0, 2], [1, 0, 0], [0, 0, 1]]
    const expected = (0 / (1 + 2 - 0) + 1 / (3 + 1 - 1)) / 2;
    expectAllClose(once(new OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] }), yTrue, yPred), expected, 1e-3);
  });

  it('test_weighted', () => {
    const expected = (0 / (0.3 + 0.6 - 0) + 0.1 / (0.7 + 0.1 - 0.1)) / 2;
    expectAllClose(
      once(
        new OneHotIoU({ numClasses: 3, targetClassIds: [0, 2], dtype: 'float32' }),
        yTrue,
        yPred,
        [0.1, 0.2, 0.3, 0.4],
      ),
      expected,
      1e-3,
    );
  });

  it('docstring example: 0.071; config without sparseYTrue', () => {
    const m = new OneHotIoU({ numClasses: 3, targetClassIds: [0, 2] });
    m.updateState(yTrue, yPred, [0.1, 0.2, 0.3, 0.4]);
    expectAllClose(resultOf(m), 0.071, 1e-3);
    expect(m.name).toBe('one_hot_io_u');
    expect(m.sparseYTrue).toBe(false);
    expect(m.sparseYPred).toBe(false);
    expect(m.getConfig()).toEqual({
      name: 'one_hot_io_u',
      dtype: 'float32',
      numClasses: 3,
      targetClassIds: [0, 2],
      ignoreClass: null,
      sparseYPred: false,
      axis: -1,
    });
    roundTrip(m);
    expect(() => OneHotIoU.fromConfig({ ...m.getConfig(), sparseYTrue: true })).toThrow(/unknown config key/);
    m.dispose();
  });

  it('sparse predictions with sparseYPred true', () => {
    const m = new OneHotIoU({ numClasses: 3, targetClassIds: [0, 2], sparseYPred: true });
    m.updateState(yTrue, [2, 2, 0, 2]);
    expectAllClose(resultOf(m), (0 / (1 + 2 - 0) + 1 / (3 + 1 - 1)) / 2, 1e-6);
    m.dispose();
  });
});

describe('OneHotMeanIoU (iou_metrics_test.py OneHotMeanIoUTest)', () => {
  it('test_unweighted', () => {
    const expected = (0 + 0 + 1 / (3 + 1 - 1)) / 3;
    expectAllClose(
      once(
        new OneHotMeanIoU({ numClasses: 3 }),
        [
          [0, 0, 1],
          [1, 0, 0],
          [0, 1, 0],
          [1, 0, 0],
        ],
        [
          [0.2, 0.3, 0.5],
          [0.1, 0.2, 0.7],
          [0.5, 0.3, 0.1],
          [0.1, 0.4, 0.5],
        ],
      ),
      expected,
      1e-3,
    );
  });

  it('test_weighted (float weights, then the same with int weights)', () => {
    const yTrue = [
      [0, 0, 1],
      [1, 0, 0],
      [0, 1, 0],
      [1, 0, 0],
      [1, 0, 0],
    ];
    const yPred = [
      [0.2, 0.3, 0.5],
      [0.1, 0.2, 0.7],
      [0.5, 0.3, 0.1],
      [0.1, 0.4, 0.5],
      [0.6, 0.2, 0.2],
    ];
    // cm = [[0.1, 0, 0.2 + 0.3], [0.3, 0, 0], [0, 0, 0.1]]
    const expected = (0.1 / (0.4 + 0.6 - 0.1) + 0 + 0.1 / (0.6 + 0.1 - 0.1)) / 3;
    expectAllClose(
      once(new OneHotMeanIoU({ numClasses: 3, dtype: 'float32' }), yTrue, yPred, [0.1, 0.2, 0.3, 0.3, 0.1]),
      expected,
      1e-3,
    );
    expectAllClose(once(new OneHotMeanIoU({ numClasses: 3 }), yTrue, yPred, [1, 2, 3, 3, 1]), expected, 1e-3);
  });

  it('docstring example: 0.048; config', () => {
    const m = new OneHotMeanIoU({ numClasses: 3 });
    m.updateState(
      [
        [0, 0, 1],
        [1, 0, 0],
        [0, 1, 0],
        [1, 0, 0],
      ],
      [
        [0.2, 0.3, 0.5],
        [0.1, 0.2, 0.7],
        [0.5, 0.3, 0.1],
        [0.1, 0.4, 0.5],
      ],
      [0.1, 0.2, 0.3, 0.4],
    );
    expectAllClose(resultOf(m), 0.048, 1e-3);
    expect(m.name).toBe('one_hot_mean_io_u');
    expect(m.getConfig()).toEqual({
      name: 'one_hot_mean_io_u',
      dtype: 'float32',
      numClasses: 3,
      ignoreClass: null,
      sparseYPred: false,
      axis: -1,
    });
    roundTrip(m);
    m.dispose();
  });

  it('one-hot targets against class-ID predictions of the wrong shape are a ShapeError', () => {
    const m = new OneHotMeanIoU({ numClasses: 3, sparseYPred: true });
    expect(() => m.updateState([[0, 0, 1]], [2, 1])).toThrow(/yTrue has shape \[1\] but yPred has shape \[2\]/);
    m.dispose();
  });
});

describe('device work and memory', () => {
  it('updateState reads nothing back from the device', () => {
    const m = new MeanIoU({ numClasses: 3, ignoreClass: 0 });
    const b = new BinaryIoU();
    const t = tensor([0, 1, 2, 5], [4], 'int32');
    const p = tensor([0, 1, 1, 1], [4], 'int32');
    const scores = tensor([0.2, 0.7, 0.5, 0.1]);
    const w = tensor([1, 2, 3, 4]);
    const proto = Object.getPrototypeOf(t) as Record<string, unknown>;
    const names = ['dataSync', 'data', 'arraySync', 'array', 'bufferSync', 'buffer'];
    const saved = names.map((n) => proto[n]);
    let reads = 0;
    for (const n of names) {
      proto[n] = function (this: unknown, ...args: unknown[]) {
        reads++;
        return (saved[names.indexOf(n)] as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
    try {
      m.updateState(t, p, w);
      b.updateState([0, 1, 0, 1], scores);
    } finally {
      names.forEach((n, i) => {
        proto[n] = saved[i];
      });
    }
    expect(reads).toBe(0);
    // Only (1, 1) with weight 2 and (2, 1) with weight 3 count (0 is ignored, 5 is out of range).
    expectAllClose(m.confusionMatrix(), [0, 0, 0, 0, 2, 0, 0, 3, 0]);
    m.dispose();
    b.dispose();
    dispose([t, p, scores, w]);
  });

  it('memory().numTensors is stable across repeated updateState / result', async () => {
    const start = memory().numTensors;
    const metrics: Metric[] = [
      new IoU({ numClasses: 3, targetClassIds: [0, 2] }),
      new MeanIoU({ numClasses: 3, ignoreClass: 1 }),
      new BinaryIoU({ threshold: 0.3 }),
      new OneHotIoU({ numClasses: 3, targetClassIds: [1] }),
      new OneHotMeanIoU({ numClasses: 3 }),
    ];
    const ids = tensor([0, 1, 2, 2], [4], 'int32');
    const oneHot = tensor([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ]);
    const scores = tensor([
      [0.2, 0.5, 0.3],
      [0.1, 0.1, 0.8],
      [0.6, 0.2, 0.2],
      [0.3, 0.3, 0.4],
    ]);
    const w = tensor([1, 0.5, 2, 1]);
    await expectStableTensorCount(() => {
      metrics[0]!.updateState(ids, [0, 2, 2, 1], w);
      metrics[1]!.updateState(ids, ids);
      metrics[2]!.updateState([0, 1, 1, 0], [0.1, 0.5, 0.2, 0.9], w);
      metrics[3]!.updateState(oneHot, scores, w);
      metrics[4]!.updateState(oneHot, scores);
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0]!.result();
    }, 5);
    for (const m of metrics) m.dispose();
    dispose([ids, oneHot, scores, w]);
    expect(memory().numTensors).toBe(start);
  });
});

// confusionMatrix: Keras's metrics_utils.confusion_matrix (keras/src/metrics/metrics_utils.py; its docstring example)
// has no test of its own, so the cases are those of TensorFlow's
// tensorflow/python/kernel_tests/math_ops/confusion_matrix_test.py (ConfusionMatrixTest; assertAllEqual, or
// assertAllClose atol 1e-10), with numClasses given where TensorFlow infers it.
import { ShapeError, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { confusionMatrix } from './confusion-matrix.js';

function expectMatrix(m: Tensor, truth: number[][], dtype: 'int32' | 'float32' = 'int32'): void {
  try {
    expect(m.dtype).toBe(dtype);
    expect(m.shape).toEqual([truth.length, truth.length]);
    expectAllClose(m, truth, 1e-10, 0);
  } finally {
    m.dispose();
  }
}

const eye5 = [0, 1, 2, 3, 4].map((i) => [0, 1, 2, 3, 4].map((j) => (i === j ? 1 : 0)));

describe('confusionMatrix (TensorFlow confusion_matrix_test.py ConfusionMatrixTest)', () => {
  it('testExample (the Keras and TensorFlow docstring example)', () =>
    expectMatrix(confusionMatrix([1, 2, 4], [2, 2, 4], 5), [
      [0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 1, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
    ]));

  it('testInt32Basic (int32 tensors) and a float32 result', () => {
    const l = tensor([0, 1, 2, 3, 4], undefined, 'int32');
    expectMatrix(confusionMatrix(l, l, 5), eye5);
    expectMatrix(confusionMatrix(l, l, 5, null, 'float32'), eye5, 'float32');
    l.dispose();
  });

  it('testOnTensors: labels and thresholded predictions, checked against a JavaScript count', () => {
    let s = 1;
    const data = Array.from({ length: 40 }, (_, i) => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      const v = Math.round((i < 20 ? 0 : 1) + (s / 2 ** 32 - 0.5) * 2);
      return Math.min(Math.max(v, 0), 1);
    });
    const lab = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
    const truth = [
      [0, 0],
      [0, 0],
    ];
    data.forEach((d, i) => {
      (truth[lab[i] as number] as number[])[d] += 1;
    });
    const t = tensor(lab, undefined, 'int32');
    const p = tensor(data, undefined, 'int32');
    expectMatrix(confusionMatrix(t, p, 2), truth);
    dispose([t, p]);
  });

  it('testInt32DifferentLabels', () =>
    expectMatrix(confusionMatrix([4, 5, 6], [1, 2, 3], 7), [
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0, 0, 0],
      [0, 0, 1, 0, 0, 0, 0],
      [0, 0, 0, 1, 0, 0, 0],
    ]));

  it('testInt32MultipleLabels', () =>
    expectMatrix(confusionMatrix([1, 1, 2, 3, 5, 1, 3, 6, 3, 1], [1, 1, 2, 3, 5, 6, 1, 2, 3, 4], 7), [
      [0, 0, 0, 0, 0, 0, 0],
      [0, 2, 0, 0, 1, 0, 1],
      [0, 0, 1, 0, 0, 0, 0],
      [0, 1, 0, 2, 0, 0, 0],
      [0, 0, 0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0],
      [0, 0, 1, 0, 0, 0, 0],
    ]));

  it('testWeighted', () =>
    expectMatrix(
      confusionMatrix([0, 1, 2, 3, 4], [0, 1, 2, 3, 4], 5, [0, 1, 2, 3, 4]),
      eye5.map((row, i) => row.map((v) => v * i)),
    ));

  it('fractional weights: summed in float32, truncated per sample in int32 (as Keras casts weights to dtype)', () => {
    expectMatrix(
      confusionMatrix([0, 1, 1, 1], [0, 1, 0, 0], 2, [0.5, 1, 2, 1.5], 'float32'),
      [
        [0.5, 0],
        [3.5, 1],
      ],
      'float32',
    );
    expectMatrix(confusionMatrix([0, 1, 1, 1], [0, 1, 0, 0], 2, [0.5, 1, 2, 1.5]), [
      [0, 0],
      [3, 1],
    ]);
  });

  it('testLabelsTooLarge, testLabelsNegative, testPredictionsTooLarge, testPredictionsNegative: ValueErrors', () => {
    expect(() => confusionMatrix([1, 1, 0, 3, 5], [2, 1, 0, 2, 2], 3)).toThrow(ValueError);
    expect(() => confusionMatrix([1, 1, 0, 3, 5], [2, 1, 0, 2, 2], 3)).toThrow(
      /yTrue contains 3; expected integer class indices in \[0, 2\]/,
    );
    expect(() => confusionMatrix([1, 1, 0, -1, -1], [2, 1, 0, 2, 2], 3)).toThrow(/yTrue contains -1/);
    expect(() => confusionMatrix([1, 1, 0, 2, 2], [2, 1, 0, 3, 5], 3)).toThrow(/yPred contains 3/);
    expect(() => confusionMatrix([1, 1, 0, 2, 2], [2, 1, 0, -1, -1], 3)).toThrow(/yPred contains -1/);
    expect(() => confusionMatrix([0.5], [0], 3)).toThrow(/yTrue contains 0\.5/);
  });

  it('out-of-range indices inside tensors (not read back) are left out of the matrix', () => {
    const l = tensor([1, 1, 0, 3, -1], undefined, 'int32');
    const p = tensor([2, 1, 0, 2, 2], undefined, 'int32');
    expectMatrix(confusionMatrix(l, p, 3), [
      [1, 0, 0],
      [0, 1, 1],
      [0, 0, 0],
    ]);
    dispose([l, p]);
  });

  it('testInputDifferentSize and other bad shapes are ShapeErrors; bad numClasses is a ValueError', () => {
    expect(() => confusionMatrix([1, 2], [1, 2, 3], 4)).toThrow(ShapeError);
    expect(() => confusionMatrix([1, 2], [1, 2, 3], 4)).toThrow(/yTrue has shape \[2\] and yPred \[3\]/);
    expect(() =>
      confusionMatrix(
        [
          [1, 2],
          [0, 1],
        ],
        [
          [1, 2],
          [0, 1],
        ],
        3,
      ),
    ).toThrow(/expected two 1-D tensors/);
    expect(() => confusionMatrix([1, 2], [1, 2], 3, [1, 2, 3])).toThrow(/weights has shape \[3\]; expected \[2\]/);
    expect(() => confusionMatrix([1], [1], 0)).toThrow(/numClasses is 0/);
  });

  it('[n, 1] column inputs line up with [n] ones', () =>
    expectMatrix(confusionMatrix([[1], [0], [1]], [1, 1, 1], 2), [
      [0, 1],
      [0, 2],
    ]));

  it('leaks no tensors', async () => {
    const l = tensor([0, 1, 2, 1], undefined, 'int32');
    const p = tensor([0, 2, 2, 1], undefined, 'int32');
    const before = memory().numTensors;
    await expectStableTensorCount(() => confusionMatrix(l, p, 3, [1, 2, 3, 4], 'float32'));
    expect(memory().numTensors).toBe(before);
    dispose([l, p]);
  });
});

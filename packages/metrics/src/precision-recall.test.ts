// Precision and Recall: numbers from keras/src/metrics/confusion_metrics_test.py (PrecisionTest, RecallTest;
// assertAlmostEqual = 3 decimals unless stated, assertAllClose = atol/rtol 1e-6 or the atol given), plus streaming,
// reset, config round trips and leak checks.
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import type { Metric } from './metric.js';
import { Precision } from './precision.js';
import { Recall } from './recall.js';

function call(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  return tidy(() => m.result());
}

/** `assertAlmostEqual(call(...), expected, decimal)`, freeing the result. */
function almost(
  m: Metric,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  expected: number | number[],
  decimal = 3,
) {
  const r = call(m, yTrue, yPred, sampleWeight);
  try {
    expectAlmostEqual(r, expected, decimal);
  } finally {
    r.dispose();
  }
}

/** Deterministic stand-in for `np.random.randint(0, 2, size=(100, 1))`. */
function randomBits(n: number, seed = 7): number[][] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return [s >>> 31];
  });
}

const multiclassPred = [
  [0.1, 0.2, 0.7],
  [0.5, 0.3, 0.2],
  [0.2, 0.6, 0.2],
  [0.7, 0.2, 0.1],
  [0.1, 0.1, 0.8],
];
const multiclassTrue = [
  [0, 0, 1],
  [1, 0, 0],
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, 1],
];

describe('Precision (confusion_metrics_test.py PrecisionTest)', () => {
  it('test_config', () => {
    const p = new Precision({ name: 'my_precision', thresholds: [0.4, 0.9], topK: 15, classId: 12 });
    expect(p.name).toBe('my_precision');
    expect(p.variables.length).toBe(2);
    expect(p.variables[0]?.name).toMatch(/\/true_positives_\d+$/);
    expect(p.variables[1]?.name).toMatch(/\/false_positives_\d+$/);
    expect(p.thresholds).toEqual([0.4, 0.9]);
    expect(p.topK).toBe(15);
    expect(p.classId).toBe(12);
    const p2 = Precision.fromConfig(p.getConfig());
    expect(p2.name).toBe('my_precision');
    expect(p2.variables.length).toBe(2);
    expect(p2.thresholds).toEqual([0.4, 0.9]);
    expect(p2.topK).toBe(15);
    expect(p2.classId).toBe(12);
    p.dispose();
    p2.dispose();
  });
  it('test_unweighted', () => {
    const m = new Precision();
    almost(m, [0, 1, 1, 0], [1, 0, 1, 0], undefined, 0.5);
    m.dispose();
  });
  it('test_unweighted_all_incorrect', () => {
    const m = new Precision({ thresholds: [0.5] });
    const inputs = randomBits(100);
    almost(
      m,
      inputs.map(([v]) => [1 - (v as number)]),
      inputs,
      undefined,
      0,
    );
    m.dispose();
  });
  it('test_weighted', () => {
    const m = new Precision();
    const w = [
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ];
    almost(
      m,
      [
        [0, 1, 1, 0],
        [1, 0, 0, 1],
      ],
      [
        [1, 0, 1, 0],
        [1, 0, 1, 0],
      ],
      w,
      (3 + 4) / (1 + 3 + (4 + 2)),
    );
    m.dispose();
  });
  it('test_div_by_zero', () => {
    const m = new Precision();
    almost(m, [0, 0, 0, 0], [0, 0, 0, 0], undefined, 0, 6);
    m.dispose();
  });
  it('test_unweighted_with_threshold (decimal 0)', () => {
    const m = new Precision({ thresholds: [0.5, 0.7] });
    almost(m, [0, 1, 1, 0], [1, 0, 0.6, 0], undefined, [0.5, 0.0], 0);
    m.dispose();
  });
  const t2 = [
    [0, 1],
    [1, 0],
  ];
  const p2 = [
    [1, 0],
    [0.6, 0],
  ];
  it('test_weighted_with_threshold', () => {
    const m = new Precision({ thresholds: [0.5, 1.0] });
    almost(
      m,
      t2,
      p2,
      [
        [4, 0],
        [3, 1],
      ],
      [3 / (3 + 4), 0],
    );
    m.dispose();
  });
  it('test_multiple_updates', () => {
    const m = new Precision({ thresholds: [0.5, 1.0] });
    const w = [
      [4, 0],
      [3, 1],
    ];
    for (let i = 0; i < 2; i++) m.updateState(t2, p2, w);
    const r = tidy(() => m.result());
    expectAlmostEqual(r, [6 / 14, 0]);
    r.dispose();
    m.dispose();
  });
  it('test_unweighted_top_k', () => {
    const m = new Precision({ topK: 3 });
    almost(m, [0, 1, 1, 0, 0], [0.2, 0.1, 0.5, 0, 0.2], undefined, 1 / 3);
    m.dispose();
  });
  it('test_weighted_top_k', () => {
    const m = new Precision({ topK: 3 });
    call(m, [[0, 1, 1, 0, 1]], [[0.2, 0.1, 0.4, 0, 0.2]], [[1, 4, 2, 3, 5]]).dispose();
    almost(m, [1, 0, 1, 1, 1], [0.2, 0.6, 0.4, 0.2, 0.2], 3, (2 + 5 + (3 + 3)) / (1 + 2 + 5 + (3 + 3 + 3)));
    m.dispose();
  });
  it('test_unweighted_class_id_should_throw_error_1d', () => {
    const m = new Precision({ classId: 2 });
    expect(() => m.updateState([0, 1, 1, 0, 0], [0.2, 0.1, 0.6, 0, 0.2])).toThrow(ValueError);
    expect(() => m.updateState([0, 1, 1, 0, 0], [0.2, 0.1, 0.6, 0, 0.2])).toThrow(
      /When classId is provided, yPred must be a 2D array with shape \[numSamples, numClasses\], found shape: \[5\]/,
    );
    m.dispose();
  });
  it('test_unweighted_class_id_multiclass', () => {
    const m = new Precision({ classId: 1 });
    almost(m, multiclassTrue, multiclassPred, undefined, 1);
    expectAlmostEqual(m.truePositives, [1]);
    expectAlmostEqual(m.falsePositives, [0]);
    m.dispose();
  });
  it('test_unweighted_top_k_and_threshold', () => {
    const m = new Precision({ thresholds: 0.7, topK: 2 });
    almost(m, [0, 1, 1, 0, 1], [0.2, 0.8, 0.6, 0, 0.2], undefined, 1);
    expectAlmostEqual(m.truePositives, [1]);
    expectAlmostEqual(m.falsePositives, [0]);
    m.dispose();
  });
  it('Keras docstring example: 2/3, then 1 with weights after resetState; topK 2 and 4', () => {
    const m = new Precision();
    almost(m, [0, 1, 1, 1], [1, 0, 1, 1], undefined, 0.6666667, 6);
    m.resetState();
    almost(m, [0, 1, 1, 1], [1, 0, 1, 1], [0, 0, 1, 0], 1, 6);
    m.dispose();
    const k2 = new Precision({ topK: 2 });
    almost(k2, [0, 0, 1, 1], [1, 1, 1, 1], undefined, 0, 6);
    k2.dispose();
    const k4 = new Precision({ topK: 4 });
    almost(k4, [0, 0, 1, 1], [1, 1, 1, 1], undefined, 0.5, 6);
    k4.dispose();
  });
});

describe('Recall (confusion_metrics_test.py RecallTest)', () => {
  it('test_config', () => {
    const r = new Recall({ name: 'my_recall', thresholds: [0.4, 0.9], topK: 15, classId: 12 });
    expect(r.name).toBe('my_recall');
    expect(r.variables.length).toBe(2);
    expect(r.variables[0]?.name).toMatch(/\/true_positives_\d+$/);
    expect(r.variables[1]?.name).toMatch(/\/false_negatives_\d+$/);
    expect(r.thresholds).toEqual([0.4, 0.9]);
    expect(r.topK).toBe(15);
    expect(r.classId).toBe(12);
    const r2 = Recall.fromConfig(r.getConfig());
    expect(r2.name).toBe('my_recall');
    expect(r2.variables.length).toBe(2);
    expect(r2.thresholds).toEqual([0.4, 0.9]);
    expect(r2.topK).toBe(15);
    expect(r2.classId).toBe(12);
    r.dispose();
    r2.dispose();
  });
  it('test_unweighted', () => {
    const m = new Recall();
    almost(m, [0, 1, 1, 0], [1, 0, 1, 0], undefined, 0.5);
    m.dispose();
  });
  it('test_unweighted_all_incorrect', () => {
    const m = new Recall({ thresholds: [0.5] });
    const inputs = randomBits(100, 11);
    almost(
      m,
      inputs.map(([v]) => [1 - (v as number)]),
      inputs,
      undefined,
      0,
    );
    m.dispose();
  });
  it('test_weighted', () => {
    const m = new Recall();
    almost(
      m,
      [
        [0, 1, 1, 0],
        [1, 0, 0, 1],
      ],
      [
        [1, 0, 1, 0],
        [0, 1, 0, 1],
      ],
      [
        [1, 2, 3, 4],
        [4, 3, 2, 1],
      ],
      (3 + 1) / (2 + 3 + (4 + 1)),
    );
    m.dispose();
  });
  it('test_div_by_zero', () => {
    const m = new Recall();
    almost(m, [0, 0, 0, 0], [0, 0, 0, 0], undefined, 0, 6);
    m.dispose();
  });
  it('test_unweighted_with_threshold (assertAllClose atol 0)', () => {
    const m = new Recall({ thresholds: [0.5, 0.7] });
    const r = call(m, [0, 1, 1, 0], [1, 0, 0.6, 0]);
    expectAllClose(r, [0.5, 0.0], 0);
    r.dispose();
    m.dispose();
  });
  const t2 = [
    [0, 1],
    [1, 0],
  ];
  const p2 = [
    [1, 0],
    [0.6, 0],
  ];
  const w2 = [
    [1, 4],
    [3, 2],
  ];
  it('test_weighted_with_threshold (atol 1e-3)', () => {
    const m = new Recall({ thresholds: [0.5, 1.0] });
    const r = call(m, t2, p2, w2);
    expectAllClose(r, [3 / 7, 0], 1e-3);
    r.dispose();
    m.dispose();
  });
  it('test_multiple_updates (atol 1e-3)', () => {
    const m = new Recall({ thresholds: [0.5, 1.0] });
    for (let i = 0; i < 2; i++) m.updateState(t2, p2, w2);
    const r = tidy(() => m.result());
    expectAllClose(r, [6 / 14, 0], 1e-3);
    r.dispose();
    m.dispose();
  });
  it('test_unweighted_top_k', () => {
    const m = new Recall({ topK: 3 });
    almost(m, [0, 1, 1, 0, 0], [0.2, 0.1, 0.5, 0, 0.2], undefined, 0.5);
    m.dispose();
  });
  it('test_weighted_top_k', () => {
    const m = new Recall({ topK: 3 });
    call(m, [[0, 1, 1, 0, 1]], [[0.2, 0.1, 0.4, 0, 0.2]], [[1, 4, 2, 3, 5]]).dispose();
    almost(m, [1, 0, 1, 1, 1], [0.2, 0.6, 0.4, 0.2, 0.2], 3, (2 + 5 + (3 + 3)) / (4 + 2 + 5 + (3 + 3 + 3 + 3)));
    m.dispose();
  });
  it('test_unweighted_class_id_should_throw_error_1d', () => {
    const m = new Recall({ classId: 2 });
    expect(() => m.updateState([0, 1, 1, 0, 0], [0.2, 0.1, 0.6, 0, 0.2])).toThrow(
      /When classId is provided, yPred must be a 2D array with shape \[numSamples, numClasses\], found shape: \[5\]/,
    );
    m.dispose();
  });
  it('test_unweighted_class_id_multiclass', () => {
    const m = new Recall({ classId: 1 });
    almost(m, multiclassTrue, multiclassPred, undefined, 1);
    expectAlmostEqual(m.truePositives, [1]);
    expectAlmostEqual(m.falseNegatives, [0]);
    m.dispose();
  });
  it('test_unweighted_top_k_and_threshold', () => {
    const m = new Recall({ thresholds: 0.7, topK: 2 });
    almost(m, [1, 1, 1, 0, 1], [0.2, 0.8, 0.6, 0, 0.2], undefined, 0.25);
    expectAlmostEqual(m.truePositives, [1]);
    expectAlmostEqual(m.falseNegatives, [3]);
    m.dispose();
  });
});

describe('Precision and Recall: options, config, streaming and leaks', () => {
  it("default names 'precision' and 'recall', configs with snake_case keys, serialize round trip", () => {
    const p = new Precision();
    const r = new Recall({ thresholds: [0.3, 0.6] });
    expect(p.name).toBe('precision');
    expect(r.name).toBe('recall');
    expect(p.getConfig()).toEqual({ name: 'precision', dtype: 'float32', thresholds: null, topK: null, classId: null });
    const p2 = Precision.fromConfig({ name: 'p', dtype: 'float32', thresholds: null, top_k: 2, class_id: 1 });
    expect([p2.topK, p2.classId, p2.thresholds]).toEqual([2, 1, [-1e10]]);
    const r2 = deserialize<Recall>(JSON.parse(JSON.stringify(serialize(r))));
    expect(r2).toBeInstanceOf(Recall);
    expect(r2.getConfig()).toEqual(r.getConfig());
    expect(() => Precision.fromConfig({ top_k: 2, thresold: 0.5 })).toThrow(SerializationError);
    for (const m of [p, r, p2, r2]) m.dispose();
  });

  it('bad options are ValueErrors naming the option', () => {
    expect(() => new Precision({ topK: 0 })).toThrow(/Precision: topK is 0; expected a positive integer/);
    expect(() => new Recall({ classId: -1 })).toThrow(/Recall: classId is -1/);
    expect(() => new Recall({ thresholds: [1.5] })).toThrow(/Threshold values must be in \[0, 1\]/);
    const m = new Precision({ classId: 3 });
    expect(() => m.updateState(multiclassTrue, multiclassPred)).toThrow(/classId is 3 but yPred has 3 classes/);
    m.dispose();
    const k = new Recall({ topK: 6 });
    expect(() => k.updateState([0, 1, 1, 0, 0], [0.2, 0.1, 0.5, 0, 0.2])).toThrow(/topK is 6/);
    k.dispose();
  });

  it('mismatched shapes are a ShapeError', () => {
    const m = new Recall();
    expect(() => m.updateState([[0, 1, 1]], [[0.2, 0.1]])).toThrow(ShapeError);
    m.dispose();
  });

  it('streams, resets and leaks no tensors', async () => {
    const ms = [new Precision({ topK: 2 }), new Recall({ classId: 1, thresholds: [0.1, 0.5] }), new Precision()];
    const t = tensor(multiclassTrue);
    const p = tensor(multiclassPred);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      ms[0]?.updateState(t, p);
      ms[1]?.updateState(t, p, [1, 2, 3, 4, 5]);
      ms[2]?.updateState(t, p, 0.5);
      dispose(ms.slice(1).map((m) => m.result()));
      return ms[0]?.result();
    }, 6);
    // Six identical batches: every prediction above 0.5 (0.7, 0.6, 0.7, 0.8) is a positive, so precision is 1.
    const r = tidy(() => ms[2]?.result() as Tensor);
    expectAllClose(r, 1);
    r.dispose();
    for (const m of ms) m.resetState();
    const z = tidy(() => ms[1]?.result() as Tensor);
    expectAllClose(z, [0, 0]);
    z.dispose();
    expect(memory().numTensors).toBe(before);
    for (const m of ms) m.dispose();
    dispose([t, p]);
  });
});

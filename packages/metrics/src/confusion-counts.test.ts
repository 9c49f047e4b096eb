// TruePositives, FalsePositives, TrueNegatives, FalseNegatives: numbers from keras/src/metrics/confusion_metrics_test.py
// (FalsePositivesTest, FalseNegativesTest, TrueNegativesTest, TruePositiveTest; assertAllClose, atol = rtol = 1e-6),
// plus streaming, reset, config round trips, the bucket path and leak checks.
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import type { ConfusionMatrixConditionCount } from './confusion-counts.js';
import { FalseNegatives } from './false-negatives.js';
import { FalsePositives } from './false-positives.js';
import type { Metric } from './metric.js';
import { TrueNegatives } from './true-negatives.js';
import { TruePositives } from './true-positives.js';

/** Keras's `metric(y_true, y_pred, sample_weight)`: update, then the result (the caller disposes it). */
function call(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  return tidy(() => m.result());
}

/** Checks the result and frees the metric and the result. */
function check(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight: unknown, expected: number | number[]): void {
  const r = call(m, yTrue, yPred, sampleWeight);
  try {
    expectAllClose(r, expected);
  } finally {
    r.dispose();
    m.dispose();
  }
}

const yTrue5 = [
  [0, 1, 0, 1, 0],
  [0, 0, 1, 1, 1],
  [1, 1, 1, 1, 0],
  [0, 0, 0, 0, 1],
];
const yPred5 = [
  [0, 0, 1, 1, 0],
  [1, 1, 1, 1, 1],
  [0, 1, 0, 1, 0],
  [1, 1, 1, 1, 1],
];
const yPredT = [
  [0.9, 0.2, 0.8, 0.1],
  [0.2, 0.9, 0.7, 0.6],
  [0.1, 0.2, 0.4, 0.3],
  [0, 1, 0.7, 0.3],
];
const yTrueT = [
  [0, 1, 1, 0],
  [1, 0, 0, 0],
  [0, 0, 0, 0],
  [1, 1, 1, 1],
];

type CountClass = (new (
  o?: object,
) => ConfusionMatrixConditionCount) & {
  className: string;
  fromConfig(c: object): ConfusionMatrixConditionCount;
};

interface Case {
  cls: CountClass;
  test: string;
  ident: string;
  unweighted: number;
  weighted: number;
  unweightedT: number[];
  weightT: unknown;
  weightedT: number[];
}

const cases: Case[] = [
  {
    cls: FalsePositives,
    test: 'FalsePositivesTest',
    ident: 'false_positives',
    unweighted: 7,
    weighted: 14,
    unweightedT: [7, 4, 2],
    weightT: [
      [1, 2, 3, 5],
      [7, 11, 13, 17],
      [19, 23, 29, 31],
      [5, 15, 10, 0],
    ],
    weightedT: [125, 42, 12],
  },
  {
    cls: FalseNegatives,
    test: 'FalseNegativesTest',
    ident: 'false_negatives',
    unweighted: 3,
    weighted: 5,
    unweightedT: [1, 4, 6],
    weightT: [[3], [5], [7], [4]],
    weightedT: [4, 16, 23],
  },
  {
    cls: TrueNegatives,
    test: 'TrueNegativesTest',
    ident: 'true_negatives',
    unweighted: 3,
    weighted: 4,
    unweightedT: [2, 5, 7],
    weightT: [[0, 2, 3, 5]],
    weightedT: [5, 15, 23],
  },
  {
    cls: TruePositives,
    test: 'TruePositiveTest',
    ident: 'true_positives',
    unweighted: 7,
    weighted: 12,
    unweightedT: [6, 3, 1],
    weightT: 37,
    weightedT: [222, 111, 37],
  },
];

for (const c of cases) {
  describe(`${c.cls.className} (confusion_metrics_test.py ${c.test})`, () => {
    it('test_config', () => {
      const m = new c.cls({ name: 'my_x', thresholds: [0.4, 0.9] });
      expect(m.name).toBe('my_x');
      expect(m.variables.length).toBe(1);
      expect(m.thresholds).toEqual([0.4, 0.9]);
      const m2 = c.cls.fromConfig(m.getConfig());
      expect(m2.name).toBe('my_x');
      expect(m2.variables.length).toBe(1);
      expect(m2.thresholds).toEqual([0.4, 0.9]);
      m.dispose();
      m2.dispose();
    });
    it('test_unweighted', () => check(new c.cls(), yTrue5, yPred5, undefined, c.unweighted));
    it('test_weighted', () => check(new c.cls(), yTrue5, yPred5, [1.0, 1.5, 2.0, 2.5], c.weighted));
    it('test_unweighted_with_thresholds', () =>
      check(new c.cls({ thresholds: [0.15, 0.5, 0.85] }), yTrueT, yPredT, undefined, c.unweightedT));
    it('test_weighted_with_thresholds', () =>
      check(new c.cls({ thresholds: [0.15, 0.5, 0.85] }), yTrueT, yPredT, c.weightT, c.weightedT));
    it('test_threshold_limit: thresholds outside [0, 1] (or not numbers) are a ValueError listing them', () => {
      expect(() => new c.cls({ thresholds: [-1, 0.5, 2] })).toThrow(ValueError);
      expect(() => new c.cls({ thresholds: [-1, 0.5, 2] })).toThrow(
        /Threshold values must be in \[0, 1\]\. Received: \[-1, 2\]/,
      );
      expect(() => new c.cls({ thresholds: [null] })).toThrow(
        /Threshold values must be in \[0, 1\]\. Received: \[null\]/,
      );
      expect(() => new c.cls({ thresholds: Number.NaN })).toThrow(ValueError);
    });
    it(`default name '${c.ident}', a scalar result for one threshold, and config round trips`, () => {
      const m = new c.cls();
      expect(m.name).toBe(c.ident);
      expect(m.getConfig()).toEqual({ name: c.ident, dtype: 'float32', thresholds: null });
      const r = tidy(() => m.result());
      expect(r.shape).toEqual([]);
      r.dispose();
      const m2 = deserialize<ConfusionMatrixConditionCount>(JSON.parse(JSON.stringify(serialize(m))));
      expect(m2).toBeInstanceOf(c.cls);
      expect(m2.getConfig()).toEqual(m.getConfig());
      const m3 = c.cls.fromConfig({ name: 'x', dtype: 'float32', thresholds: 0.3 });
      expect(m3.thresholds).toEqual([0.3]);
      expect(m3.getConfig()).toEqual({ name: 'x', dtype: 'float32', thresholds: 0.3 });
      expect(() => c.cls.fromConfig({ name: 'x', threshold: 0.3 })).toThrow(SerializationError);
      for (const x of [m, m2, m3]) x.dispose();
    });
  });
}

describe('confusion counts: streaming, reset, weights, the bucket path and errors', () => {
  it('streams over several updateState calls and resets to zeros', () => {
    const m = new FalsePositives({ thresholds: [0.15, 0.5, 0.85] });
    m.updateState(yTrueT.slice(0, 2), yPredT.slice(0, 2));
    m.updateState(yTrueT.slice(2), yPredT.slice(2));
    let r = tidy(() => m.result());
    expectAllClose(r, [7, 4, 2]);
    r.dispose();
    m.resetState();
    r = tidy(() => m.result());
    expectAllClose(r, [0, 0, 0]);
    r.dispose();
    m.updateState(yTrueT, yPredT);
    r = tidy(() => m.result());
    expectAllClose(r, [7, 4, 2]);
    r.dispose();
    m.dispose();
  });

  it('the four counts add up to the total weight at every threshold', () => {
    const w = [
      [1, 2, 3, 5],
      [7, 11, 13, 17],
      [19, 23, 29, 31],
      [5, 15, 10, 0],
    ];
    const total = w.flat().reduce((a, b) => a + b, 0);
    const ms = [TruePositives, FalsePositives, TrueNegatives, FalseNegatives].map(
      (C) => new C({ thresholds: [0, 0.15, 0.5, 0.85, 1] }),
    );
    for (const m of ms) m.updateState(yTrueT, yPredT, w);
    const sums = tidy(() => {
      const rs = ms.map((m) => m.result().dataSync());
      return tensor(Array.from({ length: 5 }, (_, i) => rs.reduce((s, r) => s + (r[i] as number), 0)));
    });
    expectAllClose(sums, [total, total, total, total, total]);
    sums.dispose();
    for (const m of ms) m.dispose();
  });

  it('evenly spaced thresholds (the bucket method) give the same counts as a direct count', () => {
    // [0, 0.25, 0.5, 0.75, 1] is evenly spaced: Keras's O(T + N) bucket path; the reference counts pred > t directly.
    const thresholds = [0, 0.25, 0.5, 0.75, 1];
    const preds = [0, 0.1, 0.25, 0.3, 0.5, 0.55, 0.75, 0.8, 0.99, 1, 0.6, 0.2];
    const labels = [1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0];
    const weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    const expected = (label: number, positive: boolean) =>
      thresholds.map((t) =>
        preds.reduce((s, p, i) => s + (p > t === positive && labels[i] === label ? (weights[i] as number) : 0), 0),
      );
    const specs: [CountClass, number, boolean][] = [
      [TruePositives, 1, true],
      [FalsePositives, 0, true],
      [TrueNegatives, 0, false],
      [FalseNegatives, 1, false],
    ];
    for (const [C, label, positive] of specs)
      check(new C({ thresholds }), labels, preds, weights, expected(label, positive));
  });

  it('labels are cast to bool (any non-zero is positive) and bool tensors work', () => {
    const t = tensor([true, false, true, true], undefined, 'bool');
    check(new TruePositives(), t, [0.9, 0.9, 0.1, 0.7], undefined, 2);
    t.dispose();
    check(new TruePositives(), [2, 0, -1, 5], [0.9, 0.9, 0.1, 0.7], undefined, 2);
  });

  it('mismatched shapes and sample weights are ShapeErrors naming the shapes', () => {
    const m = new TruePositives();
    expect(() => m.updateState([[1, 0, 1]], [[0.2, 0.8]])).toThrow(ShapeError);
    expect(() => m.updateState([[1, 0, 1]], [[0.2, 0.8]])).toThrow(
      /yTrue has shape \[1,3\] but yPred has shape \[1,2\]/,
    );
    expect(() => m.updateState([1, 0, 1], [0.2, 0.8, 0.3], [1, 2])).toThrow(/sampleWeight has shape \[2\]/);
    m.dispose();
  });

  it('no tensor leaks across repeated updates and results', async () => {
    const ms = [
      new TruePositives(),
      new FalsePositives({ thresholds: [0.15, 0.5, 0.85] }),
      new TrueNegatives({ thresholds: [0, 0.5, 1] }),
      new FalseNegatives({ thresholds: 0.3 }),
    ];
    const t = tensor(yTrueT);
    const p = tensor(yPredT);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      ms[0]?.updateState(t, p);
      ms[1]?.updateState(t, p, [1, 2, 3, 4]);
      ms[2]?.updateState(t, p, 2);
      ms[3]?.updateState(t, p);
      dispose(ms.slice(1).map((m) => m.result()));
      return ms[0]?.result();
    }, 6);
    for (const m of ms) m.resetState();
    expect(memory().numTensors).toBe(before);
    for (const m of ms) m.dispose();
    dispose([t, p]);
  });
});

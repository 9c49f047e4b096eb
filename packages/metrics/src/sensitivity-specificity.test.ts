// SensitivityAtSpecificity, SpecificityAtSensitivity, PrecisionAtRecall, RecallAtPrecision: numbers from
// keras/src/metrics/confusion_metrics_test.py (SensitivityAtSpecificityTest, SpecificityAtSensitivityTest,
// PrecisionAtRecallTest, RecallAtPrecisionTest; assertAlmostEqual = 3 decimals), the Keras docstring examples,
// plus streaming, reset, config round trips and leak checks.
import { deserialize, SerializationError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, oneHot, type Tensor, tensor, tidy, transpose } from '@layerwise/tensors';
import { expectAllClose, expectAlmostEqual, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import type { Metric } from './metric.js';
import { PrecisionAtRecall } from './precision-at-recall.js';
import { RecallAtPrecision } from './recall-at-precision.js';
import { SensitivityAtSpecificity } from './sensitivity-at-specificity.js';
import type { SensitivitySpecificityBase } from './sensitivity-specificity-base.js';
import { SpecificityAtSensitivity } from './specificity-at-sensitivity.js';

function call(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  return tidy(() => m.result());
}

/** `assertAlmostEqual(m(yTrue, yPred, w), expected)` on a fresh metric, which it then frees. */
function almost(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight: unknown, expected: number, decimal = 3) {
  const r = call(m, yTrue, yPred, sampleWeight);
  try {
    expectAlmostEqual(r, expected, decimal);
  } finally {
    r.dispose();
    m.dispose();
  }
}

/** Deterministic stand-in for `np.random.randint(0, 2, size=(100, 1))`. */
function randomBits(n: number, seed = 3): number[][] {
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return [s >>> 31];
  });
}

/** `ops.transpose(np.array([pred_values] * 3))` and `ops.one_hot(labels, 3)`, run on fresh tensors. */
function classIdCase(m: Metric, predValues: number[], labelValues: number[], expected: number) {
  const yPred = tidy(() => transpose(tensor([predValues, predValues, predValues])));
  const yTrue = oneHot(labelValues, 3);
  try {
    almost(m, yTrue, yPred, undefined, expected);
  } finally {
    dispose([yPred, yTrue]);
  }
}

/** The label dtypes of the parameterized test_weighted cases. */
const LABEL_DTYPES = ['bool', 'int32', 'float32'] as const;
function labels(values: number[], dtype: (typeof LABEL_DTYPES)[number]): Tensor {
  return dtype === 'bool' ? tensor(values.map((v) => v !== 0)) : tensor(values, undefined, dtype);
}

type AtClass = (new (
  o: never,
) => SensitivitySpecificityBase) & {
  className: string;
  fromConfig(c: object): SensitivitySpecificityBase;
};

function checkConfig(cls: AtClass, key: string, name: string): void {
  const s = new cls({ [key]: 0.4, numThresholds: 100, classId: 12, name } as never);
  expect(s.name).toBe(name);
  expect(s.variables.length).toBe(4);
  expect((s as unknown as Record<string, number>)[key]).toBe(0.4);
  expect(s.numThresholds).toBe(100);
  expect(s.classId).toBe(12);
  const s2 = cls.fromConfig(s.getConfig());
  expect(s2.name).toBe(name);
  expect(s2.variables.length).toBe(4);
  expect((s2 as unknown as Record<string, number>)[key]).toBe(0.4);
  expect(s2.numThresholds).toBe(100);
  expect(s2.classId).toBe(12);
  const s3 = deserialize<SensitivitySpecificityBase>(JSON.parse(JSON.stringify(serialize(s))));
  expect(s3.getConfig()).toEqual(s.getConfig());
  for (const x of [s, s2, s3]) x.dispose();
}

function checkInvalid(cls: AtClass, key: string): void {
  expect(() => new cls({ [key]: -1 } as never)).toThrow(ValueError);
  expect(() => new cls({ [key]: -1 } as never)).toThrow(new RegExp(`\`${key}\` must be in the range \\[0, 1\\]\\.`));
  expect(() => new cls({ [key]: 0.4, numThresholds: -1 } as never)).toThrow(
    'Argument `numThresholds` must be an integer > 0',
  );
}

const specPreds = [0.0, 0.1, 0.2, 0.3, 0.4, 0.01, 0.02, 0.25, 0.26, 0.26];
const specLabels = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

describe('SensitivityAtSpecificity (confusion_metrics_test.py SensitivityAtSpecificityTest)', () => {
  it('test_config', () => checkConfig(SensitivityAtSpecificity, 'specificity', 'sensitivity_at_specificity_1'));
  it('test_unweighted_all_correct', () => {
    const inputs = randomBits(100);
    almost(new SensitivityAtSpecificity({ specificity: 0.7 }), inputs, inputs, undefined, 1);
  });
  it('test_unweighted_high_specificity', () =>
    almost(
      new SensitivityAtSpecificity({ specificity: 0.8 }),
      specLabels,
      [0.0, 0.1, 0.2, 0.3, 0.4, 0.1, 0.45, 0.5, 0.8, 0.9],
      undefined,
      0.8,
    ));
  it('test_unweighted_low_specificity', () =>
    almost(new SensitivityAtSpecificity({ specificity: 0.4 }), specLabels, specPreds, undefined, 0.6));
  it('test_unweighted_class_id (SpecificityAtSensitivity with classId 2, as in Keras)', () =>
    classIdCase(
      new SpecificityAtSensitivity({ sensitivity: 0.4, classId: 2 }),
      specPreds,
      [0, 0, 0, 0, 0, 2, 2, 2, 2, 2],
      0.6,
    ));
  for (const dtype of LABEL_DTYPES) {
    it(`test_weighted (labels ${dtype})`, () => {
      const t = labels(specLabels, dtype);
      almost(new SensitivityAtSpecificity({ specificity: 0.4 }), t, specPreds, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.675);
      t.dispose();
    });
  }
  it('test_invalid_specificity and test_invalid_num_thresholds', () =>
    checkInvalid(SensitivityAtSpecificity, 'specificity'));
  it('Keras docstring example: 0.5, then 0.333333 with weights after resetState', () => {
    const m = new SensitivityAtSpecificity({ specificity: 0.5 });
    let r = call(m, [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8]);
    expectAllClose(r, 0.5);
    r.dispose();
    m.resetState();
    r = call(m, [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [1, 1, 2, 2, 1]);
    expectAllClose(r, 1 / 3);
    r.dispose();
    m.dispose();
  });
});

describe('SpecificityAtSensitivity (confusion_metrics_test.py SpecificityAtSensitivityTest)', () => {
  it('test_config', () => checkConfig(SpecificityAtSensitivity, 'sensitivity', 'specificity_at_sensitivity_1'));
  it('test_unweighted_all_correct', () => {
    const inputs = randomBits(100, 5);
    almost(new SpecificityAtSensitivity({ sensitivity: 0.7 }), inputs, inputs, undefined, 1);
  });
  it('test_unweighted_high_sensitivity', () =>
    almost(new SpecificityAtSensitivity({ sensitivity: 1.0 }), specLabels, specPreds, undefined, 0.2));
  it('test_unweighted_low_sensitivity', () =>
    almost(new SpecificityAtSensitivity({ sensitivity: 0.4 }), specLabels, specPreds, undefined, 0.6));
  it('test_unweighted_class_id', () =>
    classIdCase(
      new SpecificityAtSensitivity({ sensitivity: 0.4, classId: 2 }),
      specPreds,
      [0, 0, 0, 0, 0, 2, 2, 2, 2, 2],
      0.6,
    ));
  for (const dtype of LABEL_DTYPES) {
    it(`test_weighted (labels ${dtype})`, () => {
      const t = labels(specLabels, dtype);
      almost(new SpecificityAtSensitivity({ sensitivity: 0.4 }), t, specPreds, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.4);
      t.dispose();
    });
  }
  it('test_invalid_sensitivity and test_invalid_num_thresholds', () =>
    checkInvalid(SpecificityAtSensitivity, 'sensitivity'));
  it('Keras docstring example: 0.66666667, then 0.5 with weights', () => {
    almost(
      new SpecificityAtSensitivity({ sensitivity: 0.5 }),
      [0, 0, 0, 1, 1],
      [0, 0.3, 0.8, 0.3, 0.8],
      undefined,
      2 / 3,
      6,
    );
    almost(
      new SpecificityAtSensitivity({ sensitivity: 0.5 }),
      [0, 0, 0, 1, 1],
      [0, 0.3, 0.8, 0.3, 0.8],
      [1, 1, 2, 2, 2],
      0.5,
      6,
    );
  });
});

const parPreds = [0.0, 0.1, 0.2, 0.5, 0.6, 0.2, 0.5, 0.6, 0.8, 0.9];

describe('PrecisionAtRecall (confusion_metrics_test.py PrecisionAtRecallTest)', () => {
  it('test_config', () => checkConfig(PrecisionAtRecall, 'recall', 'precision_at_recall_1'));
  it('test_unweighted_all_correct', () => {
    const inputs = randomBits(100, 9);
    almost(new PrecisionAtRecall({ recall: 0.7 }), inputs, inputs, undefined, 1);
  });
  it('test_unweighted_high_recall (0.5 < decision threshold < 0.6)', () =>
    almost(new PrecisionAtRecall({ recall: 0.8 }), specLabels, parPreds, undefined, 2 / 3));
  it('test_unweighted_low_recall (0.2 < decision threshold < 0.5)', () =>
    almost(new PrecisionAtRecall({ recall: 0.6 }), specLabels, parPreds, undefined, 0.75));
  it('test_unweighted_class_id', () =>
    classIdCase(new PrecisionAtRecall({ recall: 0.6, classId: 2 }), parPreds, [0, 0, 0, 0, 0, 2, 2, 2, 2, 2], 0.75));
  for (const dtype of LABEL_DTYPES) {
    it(`test_weighted (labels ${dtype}; 0.0 < decision threshold < 0.2)`, () => {
      const t = labels(specLabels, dtype);
      almost(new PrecisionAtRecall({ recall: 7 / 8 }), t, parPreds, [2, 1, 2, 1, 2, 1, 2, 2, 1, 2], 0.7);
      t.dispose();
    });
  }
  it('test_invalid_sensitivity and test_invalid_num_thresholds', () => checkInvalid(PrecisionAtRecall, 'recall'));
  it('Keras docstring example: 0.5, then 0.33333333 with weights', () => {
    almost(new PrecisionAtRecall({ recall: 0.5 }), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], undefined, 0.5, 6);
    almost(new PrecisionAtRecall({ recall: 0.5 }), [0, 0, 0, 1, 1], [0, 0.3, 0.8, 0.3, 0.8], [2, 2, 2, 1, 1], 1 / 3, 6);
  });
});

const rapPreds = [0.05, 0.1, 0.2, 0.3, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.9, 0.95];
const rapLabels = [0, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 1];

describe('RecallAtPrecision (confusion_metrics_test.py RecallAtPrecisionTest)', () => {
  it('test_config', () => checkConfig(RecallAtPrecision, 'precision', 'recall_at_precision_1'));
  it('test_unweighted_all_correct', () => {
    const inputs = randomBits(100, 13);
    almost(new RecallAtPrecision({ precision: 0.7 }), inputs, inputs, undefined, 1);
  });
  it('test_unweighted_high_precision (0.75 reached at 0.4 <= t < 0.45)', () =>
    almost(new RecallAtPrecision({ precision: 0.75 }), rapLabels, rapPreds, undefined, 0.5));
  it('test_unweighted_low_precision (5/7 reached at 0.3 <= t < 0.35)', () =>
    almost(new RecallAtPrecision({ precision: 2 / 3 }), rapLabels, rapPreds, undefined, 5 / 6));
  it('test_unweighted_class_id', () =>
    classIdCase(
      new RecallAtPrecision({ precision: 2 / 3, classId: 2 }),
      rapPreds,
      rapLabels.map((v) => v * 2),
      5 / 6,
    ));
  for (const dtype of LABEL_DTYPES) {
    it(`test_weighted (labels ${dtype})`, () => {
      const t = labels([0, 1, 0, 0, 0, 1, 1], dtype);
      almost(
        new RecallAtPrecision({ precision: 0.75 }),
        t,
        [0.1, 0.2, 0.3, 0.5, 0.6, 0.9, 0.9],
        [1, 2, 1, 2, 1, 2, 1],
        0.6,
      );
      t.dispose();
    });
  }
  it('test_unachievable_precision: the best precision is 1/2, below 2/3, so recall 0', () =>
    almost(new RecallAtPrecision({ precision: 2 / 3 }), [1, 1, 0, 0], [0.1, 0.2, 0.3, 0.9], undefined, 0));
  it('test_invalid_sensitivity and test_invalid_num_thresholds', () => checkInvalid(RecallAtPrecision, 'precision'));
  it('Keras docstring example: 0.5, then 1 with weights', () => {
    almost(new RecallAtPrecision({ precision: 0.8 }), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], undefined, 0.5, 6);
    almost(new RecallAtPrecision({ precision: 0.8 }), [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1], 1, 6);
  });
});

describe('"X at Y" metrics: thresholds, names, config, streaming and leaks', () => {
  it('numThresholds 1 uses the single threshold 0.5; otherwise n evenly spaced thresholds in [0, 1]', () => {
    const one = new PrecisionAtRecall({ recall: 0.5, numThresholds: 1 });
    expect(one.thresholds).toEqual([0.5]);
    const three = new PrecisionAtRecall({ recall: 0.5, numThresholds: 3 });
    expect(three.thresholds).toEqual([0, 0.5, 1]);
    // At threshold 0.5 only 0.8 and 0.9 are positive: recall 2/3 >= 0.5, precision 1.
    almost(one, [0, 0, 1, 1, 1], [0.1, 0.3, 0.2, 0.8, 0.9], undefined, 1, 6);
    almost(three, [0, 0, 1, 1, 1], [0.1, 0.3, 0.2, 0.8, 0.9], undefined, 1, 6);
  });

  it('Keras default names, required targets, and unknown config keys', () => {
    const ms = [
      new SensitivityAtSpecificity({ specificity: 0.5 }),
      new SpecificityAtSensitivity({ sensitivity: 0.5 }),
      new PrecisionAtRecall({ recall: 0.5 }),
      new RecallAtPrecision({ precision: 0.5 }),
    ];
    expect(ms.map((m) => m.name)).toEqual([
      'sensitivity_at_specificity',
      'specificity_at_sensitivity',
      'precision_at_recall',
      'recall_at_precision',
    ]);
    expect(ms[2]?.getConfig()).toEqual({
      name: 'precision_at_recall',
      dtype: 'float32',
      classId: null,
      numThresholds: 200,
      recall: 0.5,
    });
    const fromKeras = PrecisionAtRecall.fromConfig({ name: 'p', recall: 0.3, num_thresholds: 50, class_id: 1 });
    expect([fromKeras.recall, fromKeras.numThresholds, fromKeras.classId]).toEqual([0.3, 50, 1]);
    expect(() => new RecallAtPrecision({} as never)).toThrow(
      'RecallAtPrecision: Argument `precision` is required: the target precision in [0, 1], e.g. new RecallAtPrecision({ precision: 0.8 }).',
    );
    expect(() => PrecisionAtRecall.fromConfig({ recall: 0.3, precision: 0.2 })).toThrow(SerializationError);
    for (const m of [...ms, fromKeras]) m.dispose();
  });

  it('streams over batches (the same as one batch) and resets', () => {
    const m = new SensitivityAtSpecificity({ specificity: 0.4 });
    const w = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    m.updateState(specLabels.slice(0, 4), specPreds.slice(0, 4), w.slice(0, 4));
    m.updateState(specLabels.slice(4), specPreds.slice(4), w.slice(4));
    let r = tidy(() => m.result());
    expectAlmostEqual(r, 0.675);
    r.dispose();
    m.resetState();
    r = tidy(() => m.result());
    expectAllClose(r, 0);
    r.dispose();
    m.dispose();
  });

  it('no tensor leaks across repeated updates and results', async () => {
    const ms = [
      new SensitivityAtSpecificity({ specificity: 0.4 }),
      new SpecificityAtSensitivity({ sensitivity: 0.4, numThresholds: 1 }),
      new PrecisionAtRecall({ recall: 0.6 }),
      new RecallAtPrecision({ precision: 0.75, numThresholds: 37 }),
    ];
    const t = tensor(specLabels);
    const p = tensor(specPreds);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      ms[0]?.updateState(t, p);
      ms[1]?.updateState(t, p, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
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

// Probabilistic metrics: numbers and tolerances from keras/src/metrics/probabilistic_metrics_test.py
// (keras-team/keras at 3422977a; assertAllClose with the atol each test states and Keras's default rtol 1e-6),
// the docstring examples of keras/src/metrics/probabilistic_metrics.py (float32 results as printed there, to
// 1e-6), and Layerwise's own checks (streaming, reset, axes, weights with ignoreClass, errors, configs in both
// spellings, the metrics/losses serialization modules, memory). Keras's test_config cases use dtype 'int32';
// Layerwise metrics compute in float32 only, so they use float32 and check that 'int32' is refused.

import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import {
  BinaryCrossentropy as BinaryCrossentropyLoss,
  binaryCrossentropy,
  CategoricalCrossentropy as CategoricalCrossentropyLoss,
  categoricalCrossentropy,
  klDivergence,
  poisson,
  sparseCategoricalCrossentropy,
} from '@layerwise/losses';
import { dispose, memory, type Tensor, tensor, tidy, transpose } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { metricFunctionName, metricFunctions } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { Metric } from '../metric.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  KLDivergence,
  Poisson,
  SparseCategoricalCrossentropy,
} from './index.js';

function resultOf(m: Metric): Tensor {
  return tidy(() => m.result());
}

/** `expectAllClose` on a result tensor, which it then disposes. */
function close(t: Tensor, expected: number | number[], atol = 1e-6, rtol = 1e-6): void {
  try {
    expectAllClose(t, expected, atol, rtol);
  } finally {
    t.dispose();
  }
}

/** Keras's `metric(y_true, y_pred, sample_weight)` on a fresh metric: one update, the result, then disposal. */
function once(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  const r = resultOf(m);
  m.dispose();
  return r;
}

/** A fromConfig and a JSON serialize/deserialize round trip that keep the class and config. */
function checkRoundTrip(m: Metric, cls: { fromConfig(c: never): Metric }): void {
  const config = m.getConfig();
  const m2 = cls.fromConfig(config as never);
  expect(m2.constructor).toBe(m.constructor);
  expect(m2.getConfig()).toEqual(config);
  expect(m2.variables.length).toBe(2);
  const serialized = JSON.parse(JSON.stringify(serialize(m)));
  expect(serialized.module).toBe('metrics');
  const m3 = deserialize<Metric>(serialized);
  expect(m3.constructor).toBe(m.constructor);
  expect(m3.getConfig()).toEqual(config);
  for (const x of [m, m2, m3]) x.dispose();
}

// The docstring examples' data.
const docTrue = [
  [0, 1],
  [0, 0],
];
const docPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('KLDivergence (probabilistic_metrics_test.py KLDivergenceTest)', () => {
  const yPred = [
    [0.4, 0.9, 0.12],
    [0.36, 0.3, 0.4],
  ];
  const yTrue = [
    [0.5, 0.8, 0.12],
    [0.7, 0.43, 0.8],
  ];
  const batchSize = 2;
  // expected_results = y_true * log(y_true / y_pred), as the test computes it.
  const expectedResults = yTrue.map((row, i) => row.map((t, j) => t * Math.log(t / yPred[i][j])));

  it('test_config: name, dtype (float32 only), round trip', () => {
    const m = new KLDivergence({ name: 'kld', dtype: 'float32' });
    expect(m.name).toBe('kld');
    expect(m.dtype).toBe('float32');
    const m2 = KLDivergence.fromConfig(m.getConfig());
    expect(m2.name).toBe('kld');
    expect(m2.dtype).toBe('float32');
    m2.dispose();
    expect(m.getConfig()).toEqual({ name: 'kld', dtype: 'float32' });
    checkRoundTrip(m, KLDivergence);
    expect(new KLDivergence().name).toBe('kl_divergence');
    expect(() => new KLDivergence({ dtype: 'int32' })).toThrow(ValueError);
  });
  it('test_unweighted', () => {
    const expected = expectedResults.flat().reduce((a, b) => a + b, 0) / batchSize;
    close(once(new KLDivergence(), yTrue, yPred), expected, 1e-3);
  });
  it('test_weighted: weights of shape [2, 1]', () => {
    const w = [1.2, 3.4];
    const expected =
      expectedResults.map((row, i) => row.reduce((a, b) => a + b * w[i], 0)).reduce((a, b) => a + b, 0) / (1.2 + 3.4);
    close(once(new KLDivergence(), yTrue, yPred, [[1.2], [3.4]]), expected, 1e-3);
  });
  it('docstring example: 0.45814306, then 0.9162892 with weights [1, 0]', () => {
    const m = new KLDivergence();
    m.updateState(docTrue, docPred);
    close(resultOf(m), 0.45814306);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    close(resultOf(m), 0.9162892);
    m.dispose();
  });
});

describe('Poisson (probabilistic_metrics_test.py PoissonTest)', () => {
  const yPred = [
    [1, 9, 2],
    [5, 2, 6],
  ];
  const yTrue = [
    [4, 8, 12],
    [8, 1, 3],
  ];
  const batchSize = 6;
  // expected_results = y_pred - y_true * log(y_pred), as the test computes it.
  const expectedResults = yPred.map((row, i) => row.map((p, j) => p - yTrue[i][j] * Math.log(p)));

  it('test_config: run_class_serialization_test', () => {
    const m = new Poisson({ name: 'poisson' });
    expect(m.getConfig()).toEqual({ name: 'poisson', dtype: 'float32' });
    checkRoundTrip(m, Poisson);
  });
  it('test_unweighted', () => {
    const expected = expectedResults.flat().reduce((a, b) => a + b, 0) / batchSize;
    close(once(new Poisson(), yTrue, yPred), expected, 1e-3);
  });
  it('test_weighted: weights of shape [2, 1]', () => {
    const w = [1.2, 3.4];
    const expected =
      expectedResults.map((row, i) => row.reduce((a, b) => a + b * w[i], 0)).reduce((a, b) => a + b, 0) /
      (3 * (1.2 + 3.4));
    close(once(new Poisson(), yTrue, yPred, [[1.2], [3.4]]), expected, 1e-3);
  });
  it('docstring example: 0.49999997, then 0.99999994 with weights [1, 0]', () => {
    const m = new Poisson();
    m.updateState(docTrue, [
      [1, 1],
      [0, 0],
    ]);
    close(resultOf(m), 0.49999997);
    m.resetState();
    m.updateState(
      docTrue,
      [
        [1, 1],
        [0, 0],
      ],
      [1, 0],
    );
    close(resultOf(m), 0.99999994);
    m.dispose();
  });
});

describe('BinaryCrossentropy (probabilistic_metrics_test.py BinaryCrossentropyTest)', () => {
  const yTrue = [
    [1, 0],
    [1, 0],
  ];
  const yPred = [
    [1, 1],
    [1, 0],
  ];
  const logitsTrue = [
    [1, 0, 1],
    [0, 1, 1],
  ];
  const logits = [
    [10, -10, 10],
    [10, 10, -10],
  ];

  it('test_config: run_class_serialization_test (name bce, labelSmoothing 0.2)', () => {
    const m = new BinaryCrossentropy({ name: 'bce', labelSmoothing: 0.2 });
    expect(m.getConfig()).toEqual({ name: 'bce', dtype: 'float32', fromLogits: false, labelSmoothing: 0.2 });
    checkRoundTrip(m, BinaryCrossentropy);
    const d = new BinaryCrossentropy();
    expect(d.name).toBe('binary_crossentropy');
    expect([d.fromLogits, d.labelSmoothing]).toEqual([false, 0]);
    d.dispose();
  });
  it('test_unweighted', () => close(once(new BinaryCrossentropy(), yTrue, yPred), 3.9855, 1e-3));
  it('test_unweighted_with_logits', () =>
    close(once(new BinaryCrossentropy({ fromLogits: true }), logitsTrue, logits), 3.333, 1e-3));
  it('test_weighted', () => close(once(new BinaryCrossentropy(), yTrue, yPred, [1.5, 2.0]), 3.4162, 1e-3));
  it('test_weighted_from_logits', () =>
    close(once(new BinaryCrossentropy({ fromLogits: true }), logitsTrue, logits, [2.0, 2.5]), 3.7037, 1e-3));
  it('test_label_smoothing: rank-1 inputs', () => {
    const labelSmoothing = 0.1;
    const m = new BinaryCrossentropy({ fromLogits: true, labelSmoothing });
    close(once(m, [1, 0, 1], [10, -10, -10]), (10 + 5 * labelSmoothing) / 3, 1e-3);
  });
  it('docstring example: 0.81492424, then 0.9162905 with weights [1, 0]', () => {
    const m = new BinaryCrossentropy();
    m.updateState(docTrue, docPred);
    close(resultOf(m), 0.81492424);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    close(resultOf(m), 0.9162905);
    m.dispose();
  });
});

describe('CategoricalCrossentropy (probabilistic_metrics_test.py CategoricalCrossentropyTest)', () => {
  const yTrue = [
    [0, 1, 0],
    [0, 0, 1],
  ];
  const yPred = [
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
  ];
  const logits = [
    [1, 9, 0],
    [1, 8, 1],
  ];

  it('test_config: run_class_serialization_test (name cce, labelSmoothing 0.2)', () => {
    const m = new CategoricalCrossentropy({ name: 'cce', labelSmoothing: 0.2 });
    expect(m.getConfig()).toEqual({
      name: 'cce',
      dtype: 'float32',
      fromLogits: false,
      labelSmoothing: 0.2,
      axis: -1,
    });
    checkRoundTrip(m, CategoricalCrossentropy);
    const d = new CategoricalCrossentropy();
    expect(d.name).toBe('categorical_crossentropy');
    expect([d.fromLogits, d.labelSmoothing, d.axis]).toEqual([false, 0, -1]);
    d.dispose();
  });
  it('test_unweighted', () => close(once(new CategoricalCrossentropy(), yTrue, yPred), 1.176, 1e-3));
  it('test_unweighted_from_logits', () =>
    close(once(new CategoricalCrossentropy({ fromLogits: true }), yTrue, logits), 3.5011, 1e-3));
  it('test_weighted', () => close(once(new CategoricalCrossentropy(), yTrue, yPred, [1.5, 2.0]), 1.338, 1e-3));
  it('test_weighted_from_logits', () =>
    close(once(new CategoricalCrossentropy({ fromLogits: true }), yTrue, logits, [1.5, 2.0]), 4.0012, 1e-3));
  it('test_label_smoothing', () =>
    close(once(new CategoricalCrossentropy({ fromLogits: true, labelSmoothing: 0.1 }), yTrue, logits), 3.667, 1e-3));
  it('docstring example: 1.1769392, then 1.6271976 with weights [0.3, 0.7]', () => {
    const m = new CategoricalCrossentropy();
    m.updateState(yTrue, yPred);
    close(resultOf(m), 1.1769392);
    m.resetState();
    m.updateState(yTrue, yPred, [0.3, 0.7]);
    close(resultOf(m), 1.6271976);
    m.dispose();
  });
  it('axis 0: classes along the first axis give the same result as the transposed inputs', () => {
    const t = tensor(yTrue);
    const p = tensor(logits);
    const [tT, pT] = [transpose(t), transpose(p)];
    const m = new CategoricalCrossentropy({ fromLogits: true, axis: 0 });
    expect(m.getConfig().axis).toBe(0);
    close(once(m, tT, pT, [1.5, 2.0]), 4.0012, 1e-3);
    dispose([t, p, tT, pT]);
  });
});

describe('SparseCategoricalCrossentropy (probabilistic_metrics_test.py SparseCategoricalCrossentropyTest)', () => {
  const yTrue = [1, 2];
  const yPred = [
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
  ];
  const logits = [
    [1, 9, 0],
    [1, 8, 1],
  ];
  const yTrue3 = [0, 1, 2];
  const yPred3 = [
    [0.8, 0.1, 0.1],
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
  ];

  it('test_config: run_class_serialization_test (name scce)', () => {
    const m = new SparseCategoricalCrossentropy({ name: 'scce' });
    expect(m.getConfig()).toEqual({ name: 'scce', dtype: 'float32', fromLogits: false, ignoreClass: null, axis: -1 });
    checkRoundTrip(m, SparseCategoricalCrossentropy);
    const i = new SparseCategoricalCrossentropy({ ignoreClass: 255, fromLogits: true });
    expect(i.name).toBe('sparse_categorical_crossentropy');
    checkRoundTrip(i, SparseCategoricalCrossentropy);
  });
  it('test_unweighted', () => close(once(new SparseCategoricalCrossentropy(), yTrue, yPred), 1.176, 1e-3));
  it('test_unweighted_from_logits', () =>
    close(once(new SparseCategoricalCrossentropy({ fromLogits: true }), yTrue, logits), 3.5011, 1e-3));
  it('test_weighted', () => close(once(new SparseCategoricalCrossentropy(), yTrue, yPred, [1.5, 2.0]), 1.338, 1e-3));
  it('test_weighted_from_logits', () =>
    close(once(new SparseCategoricalCrossentropy({ fromLogits: true }), yTrue, logits, [1.5, 2.0]), 4.0012, 1e-3));
  it('test_ignore_class: the ignored entry counts as 0 over 3 samples', () =>
    close(once(new SparseCategoricalCrossentropy({ ignoreClass: 0 }), yTrue3, yPred3), 0.78462, 1e-3));
  it('test_ignore_class_weighted: the ignored entry gets weight 0', () =>
    close(
      once(new SparseCategoricalCrossentropy({ ignoreClass: 0 }), yTrue3, yPred3, [0.5, 1.5, 2.0]),
      1.33774646,
      1e-3,
    ));
  it('test_ignore_class_from_logits', () => {
    const l = [
      [10, 1, 1],
      [1, 9, 0],
      [1, 8, 1],
    ];
    close(once(new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0 }), yTrue3, l), 2.33409, 1e-3);
  });
  it('ignoreClass with [batch, 1] int32 targets and [batch, 1] weights', () => {
    const t = tensor([[0], [1], [2]], [3, 1], 'int32');
    close(
      once(new SparseCategoricalCrossentropy({ ignoreClass: 0 }), t, yPred3, [[0.5], [1.5], [2.0]]),
      1.33774646,
      1e-3,
    );
    t.dispose();
  });
  it('ignoreClass with a scalar weight: the ignored entries drop out of the average', () =>
    // (0.0513 + 2.3026) / 2, where the unweighted Keras result divides by 3.
    close(once(new SparseCategoricalCrossentropy({ ignoreClass: 0 }), yTrue3, yPred3, 2), 1.176, 1e-3));
  it('ignoreClass with per-entry values: targets [batch, T] and weights [batch]', () => {
    // Two sequences of two steps; the first step of the first sequence is ignored (class 0).
    const t = [
      [0, 1],
      [2, 1],
    ];
    const p = [
      [
        [0.8, 0.1, 0.1],
        [0.05, 0.95, 0],
      ],
      [
        [0.1, 0.8, 0.1],
        [0.05, 0.95, 0],
      ],
    ];
    const a = -Math.log(0.95);
    const b = -Math.log(0.1);
    // Per sequence: weights [0, 1] * 1 and [1, 1] * 3 averaged per sample (0.5 and 3), values likewise.
    const expected = ((0 + a * 1) / 2 + ((b + a) * 3) / 2) / (0.5 + 3);
    close(once(new SparseCategoricalCrossentropy({ ignoreClass: 0 }), t, p, [1, 3]), expected, 1e-5);
  });
  it('int32 targets and [batch, 1] targets give the same result', () => {
    const t = tensor(yTrue, [2], 'int32');
    close(once(new SparseCategoricalCrossentropy(), t, yPred), 1.176, 1e-3);
    close(once(new SparseCategoricalCrossentropy(), [[1], [2]], yPred), 1.176, 1e-3);
    t.dispose();
  });
  it('axis 0: classes along the first axis', () => {
    const p = tensor(logits);
    const pT = transpose(p);
    close(once(new SparseCategoricalCrossentropy({ fromLogits: true, axis: 0 }), yTrue, pT, [1.5, 2.0]), 4.0012, 1e-3);
    dispose([p, pT]);
  });
  it('docstring example: 1.1769392, then 1.6271976 with weights [0.3, 0.7]', () => {
    const m = new SparseCategoricalCrossentropy();
    m.updateState(yTrue, yPred);
    close(resultOf(m), 1.1769392);
    m.resetState();
    m.updateState(yTrue, yPred, [0.3, 0.7]);
    close(resultOf(m), 1.6271976);
    m.dispose();
  });
});

describe('probabilistic metrics: streaming, configs, errors, memory', () => {
  const yTrue = [
    [0, 1, 0],
    [0, 0, 1],
    [1, 0, 0],
  ];
  const yPred = [
    [0.05, 0.95, 0],
    [0.1, 0.8, 0.1],
    [0.3, 0.3, 0.4],
  ];

  it('updates stream: two batches give the weighted mean over all samples; resetState starts over', () => {
    const m = new CategoricalCrossentropy();
    m.updateState(yTrue.slice(0, 2), yPred.slice(0, 2), [1.5, 2.0]);
    m.updateState(yTrue.slice(2), yPred.slice(2), [0.5]);
    const all = new CategoricalCrossentropy();
    all.updateState(yTrue, yPred, [1.5, 2.0, 0.5]);
    const expected = (1.5 * -Math.log(0.95) + 2.0 * -Math.log(0.1) + 0.5 * -Math.log(0.3)) / 4;
    close(resultOf(m), expected, 1e-5);
    close(resultOf(all), expected, 1e-5);
    m.resetState();
    close(resultOf(m), 0);
    m.updateState(yTrue.slice(2), yPred.slice(2));
    close(resultOf(m), -Math.log(0.3), 1e-5);
    for (const x of [m, all]) x.dispose();
  });

  it('fromConfig reads Keras snake_case configs (get_config output) and refuses unknown keys', () => {
    const bce = BinaryCrossentropy.fromConfig({
      name: 'bce',
      dtype: 'float32',
      from_logits: true,
      label_smoothing: 0.2,
    });
    expect([bce.name, bce.fromLogits, bce.labelSmoothing]).toEqual(['bce', true, 0.2]);
    const cce = CategoricalCrossentropy.fromConfig({
      name: 'cce',
      dtype: 'float32',
      from_logits: false,
      label_smoothing: 0.1,
      axis: -1,
    });
    expect([cce.fromLogits, cce.labelSmoothing, cce.axis]).toEqual([false, 0.1, -1]);
    const scce = SparseCategoricalCrossentropy.fromConfig({
      name: 'scce',
      dtype: null,
      from_logits: true,
      ignore_class: null,
      axis: -1,
    });
    expect([scce.dtype, scce.fromLogits, scce.ignoreClass, scce.axis]).toEqual(['float32', true, null, -1]);
    const kld = deserialize<Metric>({ module: 'metrics', className: 'KLDivergence', config: { name: 'kld' } });
    expect(kld).toBeInstanceOf(KLDivergence);
    expect(() => BinaryCrossentropy.fromConfig({ axis: -1 })).toThrow(SerializationError);
    expect(() => Poisson.fromConfig({ from_logits: true })).toThrow(/unknown config key 'from_logits'/);
    for (const x of [bce, cce, scce, kld]) x.dispose();
  });

  it("metrics and losses share class names: the 'metrics' and 'losses' modules keep them apart", () => {
    const config = { name: 'bce', fromLogits: true };
    const metric = deserialize({ module: 'metrics', className: 'BinaryCrossentropy', config });
    const loss = deserialize({ module: 'losses', className: 'BinaryCrossentropy', config });
    expect(metric).toBeInstanceOf(BinaryCrossentropy);
    expect(loss).toBeInstanceOf(BinaryCrossentropyLoss);
    expect(serialize(new CategoricalCrossentropyLoss()).module).toBe('losses');
    expect(() => deserialize({ className: 'BinaryCrossentropy', config })).toThrow(SerializationError);
    (metric as Metric).dispose();
  });

  it('the loss functions are registered as metric functions, so a MeanMetricWrapper around one can be saved', () => {
    expect(metricFunctionName(binaryCrossentropy)).toBe('binary_crossentropy');
    expect(metricFunctionName(categoricalCrossentropy)).toBe('categorical_crossentropy');
    expect(metricFunctionName(sparseCategoricalCrossentropy)).toBe('sparse_categorical_crossentropy');
    expect(metricFunctionName(klDivergence)).toBe('kl_divergence');
    expect(metricFunctionName(poisson)).toBe('poisson');
    expect(metricFunctions.get('klDivergence')).toBe(klDivergence);
    const w = new MeanMetricWrapper(klDivergence);
    expect(w.getConfig()).toEqual({ name: 'kl_divergence', dtype: 'float32', fn: 'kl_divergence' });
    const back = MeanMetricWrapper.fromConfig(w.getConfig());
    const k = new KLDivergence();
    for (const x of [w, back, k]) x.updateState(docTrue, docPred);
    close(resultOf(back), 0.45814306);
    close(resultOf(k), 0.45814306);
    for (const x of [w, back, k]) x.dispose();
  });

  it('bad options are ValueErrors naming the class and the option', () => {
    expect(() => new BinaryCrossentropy({ labelSmoothing: 1.5 })).toThrow(
      /BinaryCrossentropy: labelSmoothing is 1.5; expected a number in \[0, 1\]/,
    );
    expect(() => new CategoricalCrossentropy({ labelSmoothing: -0.1 })).toThrow(ValueError);
    expect(() => new BinaryCrossentropy({ fromLogits: 'yes' as never })).toThrow(
      /BinaryCrossentropy: fromLogits is "yes"; expected true or false/,
    );
    expect(() => new CategoricalCrossentropy({ axis: 0.5 })).toThrow(/CategoricalCrossentropy: axis is 0.5/);
    expect(() => new SparseCategoricalCrossentropy({ axis: '1' as never })).toThrow(ValueError);
    expect(() => new SparseCategoricalCrossentropy({ ignoreClass: 1.5 })).toThrow(
      /SparseCategoricalCrossentropy: ignoreClass is 1.5; expected an integer class id or null/,
    );
    expect(() => new Poisson({ dtype: 'float16' })).toThrow(ValueError);
  });

  it('bad shapes are ShapeErrors, and leave the state as it was', () => {
    const m = new BinaryCrossentropy();
    m.updateState(docTrue, docPred);
    expect(() =>
      m.updateState(
        [
          [0, 1, 0],
          [1, 0, 0],
        ],
        docPred,
      ),
    ).toThrow(ShapeError);
    close(resultOf(m), 0.81492424);
    m.dispose();
    const s = new SparseCategoricalCrossentropy({ ignoreClass: 0 });
    expect(() => s.updateState([1, 2], yPred, [1, 1, 1])).toThrow(ShapeError);
    expect(() => s.updateState([1, 2], yPred.slice(0, 2), [1, 1, 1])).toThrow(
      /SparseCategoricalCrossentropy: sampleWeight has shape \[3\]/,
    );
    close(resultOf(s), 0);
    s.dispose();
  });

  it('memory().numTensors is stable across repeated updateState / result, and dispose frees the state', async () => {
    const start = memory().numTensors;
    const metrics: Metric[] = [
      new BinaryCrossentropy({ labelSmoothing: 0.1 }),
      new BinaryCrossentropy({ fromLogits: true }),
      new CategoricalCrossentropy({ labelSmoothing: 0.1 }),
      new CategoricalCrossentropy({ fromLogits: true, axis: 0 }),
      new SparseCategoricalCrossentropy(),
      new SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 0 }),
      new KLDivergence(),
      new Poisson(),
    ];
    const t = tensor(yTrue);
    const p = tensor(yPred);
    const ids = tensor([1, 2, 0], [3], 'int32');
    const w = tensor([1.5, 2.0, 0.5]);
    const before = memory().numTensors;
    expect(before).toBe(start + 8 * 2 + 4);
    await expectStableTensorCount(() => {
      for (const m of metrics) {
        const sparse = m instanceof SparseCategoricalCrossentropy;
        m.updateState(sparse ? ids : t, p, w);
        m.updateState(sparse ? [1, 2, 0] : yTrue, yPred);
      }
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0].result();
    }, 5);
    expect(memory().numTensors).toBe(before);
    for (const m of metrics) m.dispose();
    dispose([t, p, ids, w]);
    expect(memory().numTensors).toBe(start);
  });
});

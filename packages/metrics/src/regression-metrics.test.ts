// Regression metrics: numbers and tolerances from keras/src/metrics/regression_metrics_test.py (assertAllClose
// with the atol each test states and rtol 1e-6; assertAlmostEqual(places=3) as |d| < 1.5e-3 would be NumPy's,
// unittest's places=3 is round(d, 3) == 0, i.e. |d| < 5e-4, which is what these tests use), the docstring
// examples of keras/src/metrics/regression_metrics.py, and Layerwise's own checks (streaming, weights, errors,
// configs, memory).
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { CosineSimilarity, cosineSimilarity } from './cosine-similarity.js';
import { metricFunctionName, metricFunctions } from './functions.js';
import { LogCoshError, logCosh } from './log-cosh-error.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanAbsolutePercentageError, meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { MeanSquaredLogarithmicError, meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import type { Metric } from './metric.js';
import { R2Score } from './r2-score.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';

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

/** unittest's assertAlmostEqual(places=3): round(actual - expected, 3) == 0. */
function expectPlaces3(t: Tensor, expected: number): void {
  const got = t.dataSync()[0] as number;
  expect(Math.abs(got - expected)).toBeLessThan(5e-4);
  t.dispose();
}

/** name, dtype, a fromConfig and a JSON serialize/deserialize round trip that keep the class and config. */
function checkRoundTrip(m: Metric, cls: { fromConfig(c: never): Metric }): void {
  const config = m.getConfig();
  const m2 = cls.fromConfig(config as never);
  expect(m2.constructor).toBe(m.constructor);
  expect(m2.getConfig()).toEqual(config);
  const m3 = deserialize<Metric>(JSON.parse(JSON.stringify(serialize(m))));
  expect(m3.constructor).toBe(m.constructor);
  expect(m3.getConfig()).toEqual(config);
  for (const x of [m, m2, m3]) x.dispose();
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
const weights4 = [1.0, 1.5, 2.0, 2.5];

// The docstring examples' data.
const docTrue = [
  [0, 1],
  [0, 0],
];
const docPred = [
  [1, 1],
  [0, 0],
];

describe('MeanSquaredError (regression_metrics_test.py MeanSquaredErrorTest)', () => {
  it('test_config (a TODO in Keras): name, variables, round trip', () => {
    const m = new MeanSquaredError();
    expect(m.name).toBe('mean_squared_error');
    expect(m.variables.length).toBe(2);
    expect(m.getConfig()).toEqual({ name: 'mean_squared_error', dtype: 'float32' });
    checkRoundTrip(m, MeanSquaredError);
    const named = MeanSquaredError.fromConfig({ name: 'my_mse', dtype: 'float32' });
    expect(named.name).toBe('my_mse');
    named.dispose();
  });
  it('test_unweighted', () => expectAllClose(once(new MeanSquaredError(), yTrue5, yPred5), 0.5, 1e-5));
  it('test_weighted', () => expectAllClose(once(new MeanSquaredError(), yTrue5, yPred5, weights4), 0.54285, 1e-5));
  it('docstring example: 0.25', () => expectAllClose(once(new MeanSquaredError(), docTrue, docPred), 0.25));
});

describe('MeanAbsoluteError (regression_metrics_test.py MeanAbsoluteErrorTest)', () => {
  it('test_config (float32: Layerwise metrics compute in float32 only)', () => {
    const m = new MeanAbsoluteError({ name: 'my_mae', dtype: 'float32' });
    expect(m.name).toBe('my_mae');
    expect(m.dtype).toBe('float32');
    const m2 = MeanAbsoluteError.fromConfig(m.getConfig());
    expect(m2.name).toBe('my_mae');
    expect(m2.dtype).toBe('float32');
    m2.dispose();
    checkRoundTrip(m, MeanAbsoluteError);
    expect(() => new MeanAbsoluteError({ dtype: 'int32' })).toThrow(ValueError);
  });
  it('test_unweighted', () => expectAllClose(once(new MeanAbsoluteError(), yTrue5, yPred5), 0.5, 1e-5));
  it('test_weighted', () => expectAllClose(once(new MeanAbsoluteError(), yTrue5, yPred5, weights4), 0.54285, 1e-5));
  it('docstring example: 0.25, then 0.5 with weights [1, 0]', () => {
    const m = new MeanAbsoluteError();
    m.updateState(docTrue, docPred);
    expectAllClose(resultOf(m), 0.25);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    expectAllClose(resultOf(m), 0.5);
    m.dispose();
  });
});

describe('MeanAbsolutePercentageError (regression_metrics_test.py MeanAbsolutePercentageErrorTest)', () => {
  it('test_config', () => {
    const m = new MeanAbsolutePercentageError({ name: 'my_mape', dtype: 'float32' });
    expect(m.name).toBe('my_mape');
    expect(new MeanAbsolutePercentageError().name).toBe('mean_absolute_percentage_error');
    checkRoundTrip(m, MeanAbsolutePercentageError);
  });
  it('test_unweighted', () => expectAllClose(once(new MeanAbsolutePercentageError(), yTrue5, yPred5), 35e7, 1e-5));
  it('test_weighted', () =>
    expectAllClose(once(new MeanAbsolutePercentageError(), yTrue5, yPred5, weights4), 40e7, 1e-5));
  it('docstring example: 250000000, then 500000000 with weights [1, 0]', () => {
    const m = new MeanAbsolutePercentageError();
    m.updateState(docTrue, docPred);
    expectAllClose(resultOf(m), 250000000.0);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    expectAllClose(resultOf(m), 500000000.0);
    m.dispose();
  });
  it('the function: 100 * mean(|t - p| / max(|t|, 1e-7)), negative targets by their magnitude', () => {
    expectAllClose(
      meanAbsolutePercentageError(
        [
          [1, 2],
          [-4, 4],
        ],
        [
          [1.1, 1.8],
          [-4, 5],
        ],
      ),
      [10, 12.5],
      1e-5,
    );
  });
});

describe('MeanSquaredLogarithmicError (regression_metrics_test.py MeanSquaredLogarithmicErrorTest)', () => {
  it('test_config', () => {
    const m = new MeanSquaredLogarithmicError({ name: 'my_msle', dtype: 'float32' });
    expect(m.name).toBe('my_msle');
    expect(new MeanSquaredLogarithmicError().name).toBe('mean_squared_logarithmic_error');
    checkRoundTrip(m, MeanSquaredLogarithmicError);
  });
  it('test_unweighted', () => expectAllClose(once(new MeanSquaredLogarithmicError(), yTrue5, yPred5), 0.24022, 1e-5));
  it('test_weighted', () =>
    expectAllClose(once(new MeanSquaredLogarithmicError(), yTrue5, yPred5, weights4), 0.26082, 1e-5));
  it('docstring example: 0.12011322, then 0.24022643 with weights [1, 0]', () => {
    const m = new MeanSquaredLogarithmicError();
    m.updateState(docTrue, docPred);
    expectAllClose(resultOf(m), 0.12011322);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    expectAllClose(resultOf(m), 0.24022643);
    m.dispose();
  });
  it('the function clips values below 1e-7 (negative ones too) before the log', () => {
    // log(1e-7 + 1) ~ 1e-7 for both: no NaN from log of a negative number.
    expectAllClose(meanSquaredLogarithmicError([[-3, 0]], [[0, -1]]), [0], 1e-12);
    expectAllClose(meanSquaredLogarithmicError([[Math.E - 1]], [[0]]), [1], 1e-6);
  });
});

describe('RootMeanSquaredError (regression_metrics_test.py RootMeanSquaredErrorTest)', () => {
  it('test_config', () => {
    const m = new RootMeanSquaredError({ name: 'rmse', dtype: 'float32' });
    expect(m.name).toBe('rmse');
    const m2 = RootMeanSquaredError.fromConfig(m.getConfig());
    expect(m2.name).toBe('rmse');
    m2.dispose();
    expect(new RootMeanSquaredError().name).toBe('root_mean_squared_error');
    checkRoundTrip(m, RootMeanSquaredError);
  });
  it('test_unweighted: error [-1, -1, -4], mean square 6', () =>
    expectAllClose(once(new RootMeanSquaredError(), [2, 4, 6], [1, 3, 2]), Math.sqrt(6), 1e-3));
  it('test_weighted', () =>
    expectAllClose(once(new RootMeanSquaredError(), [2, 4, 6, 8], [1, 3, 2, 3], [0, 1, 0, 1]), Math.sqrt(13), 1e-3));
  it('docstring example: 0.5, then 0.70710677 with weights [1, 0]', () => {
    const m = new RootMeanSquaredError();
    m.updateState(docTrue, docPred);
    expectAllClose(resultOf(m), 0.5);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    expectAllClose(resultOf(m), 0.70710677);
    m.dispose();
  });
  it('streams: the root of the whole mean, not the mean of per-batch roots', () => {
    const m = new RootMeanSquaredError();
    m.updateState([2, 4, 6], [1, 3, 2]); // squares 1, 1, 16
    m.updateState([8], [3]); // square 25
    expectAllClose(resultOf(m), Math.sqrt(43 / 4), 1e-6);
    m.resetState();
    expectAllClose(resultOf(m), 0);
    m.dispose();
  });
  it('mismatched shapes are a ShapeError naming both', () => {
    const m = new RootMeanSquaredError();
    expect(() => m.updateState([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => m.updateState([[1, 2, 3]], [[1, 2]])).toThrow(/yTrue has shape \[1,3\] but yPred has shape \[1,2\]/);
    m.dispose();
  });
});

describe('CosineSimilarity (regression_metrics_test.py CosineSimilarityTest)', () => {
  const npTrue = [
    [1, 9, 2],
    [-5, -2, 6],
  ];
  const npPred = [
    [4, 8, 12],
    [8, 1, 3],
  ];
  // The test's numpy reference: l2_norm with a 1e-12 floor on the squared norm, summed along axis 1.
  const l2 = (v: number[]) => {
    const s = Math.max(
      v.reduce((a, x) => a + x * x, 0),
      1e-12,
    );
    return v.map((x) => x / Math.sqrt(s));
  };
  const expected = npTrue.map((t, i) => {
    const a = l2(t);
    const b = l2(npPred[i] as number[]);
    return a.reduce((acc, x, j) => acc + x * (b[j] as number), 0);
  });
  const meanExpected = (expected[0]! + expected[1]!) / 2;

  it('test_config (axis kept: Keras leaves it out of its config)', () => {
    const m = new CosineSimilarity({ axis: 2, name: 'my_cos', dtype: 'float32' });
    expect(m.name).toBe('my_cos');
    expect(m.dtype).toBe('float32');
    expect(m.getConfig()).toEqual({ name: 'my_cos', dtype: 'float32', axis: 2 });
    const m2 = CosineSimilarity.fromConfig(m.getConfig());
    expect(m2.name).toBe('my_cos');
    expect(m2.axis).toBe(2);
    m2.dispose();
    checkRoundTrip(m, CosineSimilarity);
    expect(new CosineSimilarity().name).toBe('cosine_similarity');
    const snake = CosineSimilarity.fromConfig({ name: 'c', dtype: 'float32', axis: 1 });
    expect(snake.axis).toBe(1);
    snake.dispose();
    expect(() => new CosineSimilarity({ axis: 0.5 })).toThrow(ValueError);
  });
  it('test_unweighted', () => expectPlaces3(once(new CosineSimilarity(), npTrue, npPred), meanExpected));
  it('test_weighted', () => {
    const w = [1.2, 3.4];
    const want = (expected[0]! * 1.2 + expected[1]! * 3.4) / 4.6;
    expectPlaces3(once(new CosineSimilarity(), npTrue, npPred, w), want);
  });
  it('test_axis', () => expectPlaces3(once(new CosineSimilarity({ axis: 1 }), npTrue, npPred), meanExpected));
  it('docstring example: 0.49999997, then 0.6999999 with weights [0.3, 0.7]', () => {
    const m = new CosineSimilarity({ axis: 1 });
    const t = [
      [0, 1],
      [1, 1],
    ];
    const p = [
      [1, 0],
      [1, 1],
    ];
    m.updateState(t, p);
    expectAllClose(resultOf(m), 0.49999997);
    m.resetState();
    m.updateState(t, p, [0.3, 0.7]);
    expectAllClose(resultOf(m), 0.6999999);
    m.dispose();
  });
  it('the function (keras.losses.cosine_similarity docstring): [0, 0.99999994, -0.99999994]; a zero vector gives 0', () => {
    expectAllClose(
      cosineSimilarity(
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
      ),
      [0, 0.99999994, -0.99999994],
    );
    expectAllClose(cosineSimilarity([[0, 0]], [[1, 2]]), [0]);
  });
  it('axis 0 reduces over the batch axis; a bad axis is a ValueError', () => {
    // columns [1, -5] vs [4, 8]: (4 - 40) / (sqrt(26) sqrt(80))
    expectAllClose(cosineSimilarity(npTrue, npPred, 0), [
      (4 - 40) / Math.sqrt(26 * 80),
      (72 - 2) / Math.sqrt(85 * 65),
      (24 + 18) / Math.sqrt(40 * 153),
    ]);
    expect(() => cosineSimilarity(npTrue, npPred, 2)).toThrow(ValueError);
    expect(() => cosineSimilarity(npTrue, npPred, 2)).toThrow(/axis is 2, but the inputs have rank 2/);
  });
});

describe('LogCoshError (regression_metrics_test.py LogCoshErrorTest)', () => {
  const t = [
    [1, 9, 2],
    [-5, -2, 6],
  ];
  const p = [
    [4, 8, 12],
    [8, 1, 3],
  ];
  const expectedResults = t.map((row, i) => row.map((v, j) => Math.log(Math.cosh((p[i]![j] as number) - v))));

  it('test_config', () => {
    const m = new LogCoshError({ name: 'logcosh', dtype: 'float32' });
    expect(m.name).toBe('logcosh');
    expect(m.dtype).toBe('float32');
    expect(new LogCoshError().name).toBe('logcosh');
    checkRoundTrip(m, LogCoshError);
  });
  it('test_unweighted', () => {
    const want = expectedResults.flat().reduce((a, b) => a + b, 0) / 6;
    expectAllClose(once(new LogCoshError(), t, p), want, 1e-3);
  });
  it('test_weighted', () => {
    const w = [1.2, 1.2, 1.2, 3.4, 3.4, 3.4];
    const flat = expectedResults.flat();
    const want = flat.reduce((a, v, i) => a + v * (w[i] as number), 0) / w.reduce((a, b) => a + b, 0);
    expectAllClose(once(new LogCoshError(), t, p, [[1.2], [3.4]]), want, 1e-3);
  });
  it('docstring example: 0.10844523, then 0.21689045 with weights [1, 0]', () => {
    const m = new LogCoshError();
    m.updateState(docTrue, docPred);
    expectAllClose(resultOf(m), 0.10844523);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    expectAllClose(resultOf(m), 0.21689045);
    m.dispose();
  });
  it('the function does not overflow for large errors: |x| - log 2', () => {
    expectAllClose(logCosh([[0, 0]], [[200, -300]]), [(200 + 300) / 2 - Math.LN2], 1e-4);
  });
});

describe('R2Score (regression_metrics_test.py R2ScoreTest)', () => {
  function run(
    yTrue: number[][],
    yPred: number[][],
    sampleWeights: number[] | null,
    classAggregation: 'uniform_average' | 'variance_weighted_average' | null,
    numRegressors: number,
    reference: number | number[],
  ): void {
    const r2 = new R2Score({ classAggregation, numRegressors, dtype: 'float32' });
    r2.updateState(yTrue, yPred, sampleWeights);
    expectAllClose(resultOf(r2), reference, 1e-6);
    r2.dispose();
  }

  it('test_config', () => {
    const m = new R2Score({ classAggregation: null, numRegressors: 2, dtype: 'float32' });
    expect(m.classAggregation).toBe(null);
    expect(m.numRegressors).toBe(2);
    expect(m.dtype).toBe('float32');
    const m2 = R2Score.fromConfig(m.getConfig());
    expect(m2.classAggregation).toBe(null);
    expect(m2.numRegressors).toBe(2);
    expect(m2.dtype).toBe('float32');
    m2.dispose();
    expect(m.getConfig()).toEqual({ name: 'r2_score', dtype: 'float32', classAggregation: null, numRegressors: 2 });
    checkRoundTrip(m, R2Score);
    const keras = R2Score.fromConfig({
      name: 'r2',
      dtype: 'float32',
      class_aggregation: 'variance_weighted_average',
      num_regressors: 1,
    });
    expect(keras.classAggregation).toBe('variance_weighted_average');
    expect(keras.numRegressors).toBe(1);
    keras.dispose();
    const camel = new R2Score({ classAggregation: 'uniformAverage' });
    expect(camel.classAggregation).toBe('uniform_average');
    camel.dispose();
  });

  const skTrue = [
    [0.0, 0.0, 1.0],
    [0.0, 1.0, 0.0],
    [1.0, 0.0, 0.0],
  ];
  const skPred = [
    [0.4, 0.5, 0.6],
    [0.1, 0.2, 0.3],
    [0.5, 0.8, 0.2],
  ];
  const skCases: [R2ClassAgg, number, number | number[]][] = [
    [null, 0, [0.37, -1.295, 0.565]],
    [null, 1, [-0.26, -3.59, 0.13]],
    ['uniform_average', 0, -0.12],
    ['variance_weighted_average', 0, -0.12],
  ];
  for (const [agg, p, ref] of skCases) {
    it(`test_r2_sklearn_comparison (${agg}, ${p})`, () => run(skTrue, skPred, null, agg, p, ref));
  }

  const tfaPred = [
    [0.4, 0.9, 1.6],
    [0.1, 1.2, 0.6],
    [1.5, 0.8, 0.6],
  ];
  const tfaWeights = [0.8, 0.1, 0.4];
  const tfaCases: [R2ClassAgg, number, number | number[]][] = [
    [null, 0, [0.17305559, -8.836666, -0.521]],
    [null, 1, [-0.65388882, -18.673332, -2.042]],
    [null, 2, [0.17305559, -8.836666, -0.521]],
    ['uniform_average', 0, -3.0615367889404297],
    ['uniform_average', 1, -7.123073577880859],
    ['uniform_average', 2, -3.0615367889404297],
    ['variance_weighted_average', 0, -1.3710224628448486],
    ['variance_weighted_average', 1, -3.742044448852539],
    ['variance_weighted_average', 2, -1.3710224628448486],
  ];
  for (const [agg, p, ref] of tfaCases) {
    it(`test_r2_tfa_comparison (${agg}, ${p})`, () => run(skTrue, tfaPred, tfaWeights, agg, p, ref));
  }

  it('test_errors', () => {
    expect(() => new R2Score({ classAggregation: 'wrong' as never })).toThrow(ValueError);
    expect(() => new R2Score({ classAggregation: 'wrong' as never })).toThrow(/classAggregation is "wrong"/);
    expect(() => new R2Score({ numRegressors: -1 })).toThrow(ValueError);
    expect(() => new R2Score({ numRegressors: -1 })).toThrow(/numRegressors is -1/);
    const r2 = new R2Score();
    expect(() => r2.updateState([0.0, 1.0], [0.0, 1.0])).toThrow(ShapeError);
    expect(() => r2.updateState([0.0, 1.0], [0.0, 1.0])).toThrow(/Expected 2D inputs/);
    r2.dispose();
  });

  it('docstring example: 0.57142854', () => {
    const m = new R2Score();
    m.updateState([[1], [4], [3]], [[2], [4], [4]]);
    expectAllClose(resultOf(m), 0.57142854);
    m.dispose();
  });

  it('streams: two updates equal one update of both batches; resetState starts over', () => {
    const whole = new R2Score({ classAggregation: null, numRegressors: 1 });
    whole.updateState(skTrue, tfaPred, tfaWeights);
    const split = new R2Score({ classAggregation: null, numRegressors: 1 });
    split.updateState(skTrue.slice(0, 2), tfaPred.slice(0, 2), tfaWeights.slice(0, 2));
    split.updateState(skTrue.slice(2), tfaPred.slice(2), tfaWeights.slice(2));
    expectAllClose(resultOf(split), [-0.65388882, -18.673332, -2.042], 1e-5);
    split.resetState();
    expect(split.variables.length).toBe(5);
    split.updateState(skTrue, tfaPred, tfaWeights);
    const a = resultOf(whole);
    expectAllClose(resultOf(split), Array.from(a.dataSync()), 1e-6);
    a.dispose();
    whole.dispose();
    split.dispose();
  });

  it('weights per entry ([batch, outputs]) and a [batch] target next to [batch, 1] predictions', () => {
    // Zero weight on output 1 of the second sample is the same as leaving that entry out of output 1.
    const m = new R2Score({ classAggregation: null });
    m.updateState(
      [
        [1, 2],
        [4, 8],
        [3, 5],
      ],
      [
        [2, 2],
        [4, 100],
        [4, 6],
      ],
      [
        [1, 1],
        [1, 0],
        [1, 1],
      ],
    );
    // output 0: [1,4,3] vs [2,4,4]: 0.57142854; output 1: [2,5] vs [2,6]: 1 - 1 / 4.5
    expectAllClose(resultOf(m), [0.57142854, 1 - 1 / 4.5], 1e-6);
    m.dispose();
    const single = new R2Score();
    single.updateState([1, 4, 3], [[2], [4], [4]]);
    expectAllClose(resultOf(single), 0.57142854);
    single.dispose();
  });

  it('before any update the result is 0; the output size is fixed by the first update', () => {
    const m = new R2Score();
    expectAllClose(resultOf(m), 0);
    m.updateState([[1], [2]], [[1], [2]]);
    expect(() =>
      m.updateState(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    ).toThrow(/has 2 outputs .* built for 1/);
    expect(() => m.updateState([[1], [2]], [[1], [2]], [1, 2, 3])).toThrow(
      /sampleWeight has shape \[3\], which does not fit targets of shape \[2,1\]/,
    );
    m.dispose();
  });
});

type R2ClassAgg = 'uniform_average' | 'variance_weighted_average' | null;

describe('function registration (for getMetric and MeanMetricWrapper configs)', () => {
  it('the new functions are registered under their Keras names', () => {
    expect(metricFunctions.get('mape')).toBe(meanAbsolutePercentageError);
    expect(metricFunctions.get('meanAbsolutePercentageError')).toBe(meanAbsolutePercentageError);
    expect(metricFunctions.get('msle')).toBe(meanSquaredLogarithmicError);
    expect(metricFunctions.get('mean_squared_logarithmic_error')).toBe(meanSquaredLogarithmicError);
    expect(metricFunctions.get('cosine_similarity')).toBe(cosineSimilarity);
    expect(metricFunctions.get('logcosh')).toBe(logCosh);
    expect(metricFunctions.get('log_cosh')).toBe(logCosh);
    expect(metricFunctionName(logCosh)).toBe('logcosh');
    const w = new MeanMetricWrapper('mape');
    expect(w.name).toBe('mape');
    expect(MeanMetricWrapper.fromConfig(w.getConfig()).fn).toBe(meanAbsolutePercentageError);
    w.dispose();
  });
  it('a wrapper around an unregistered closure still cannot be saved', () => {
    const m = new MeanMetricWrapper((t, p) => cosineSimilarity(t, p, 0));
    expect(() => m.getConfig()).toThrow(SerializationError);
    m.dispose();
  });
});

describe('memory', () => {
  it('memory().numTensors is stable across repeated updateState / result', async () => {
    const start = memory().numTensors;
    const metrics: Metric[] = [
      new MeanSquaredError(),
      new MeanAbsoluteError(),
      new MeanAbsolutePercentageError(),
      new MeanSquaredLogarithmicError(),
      new RootMeanSquaredError(),
      new CosineSimilarity(),
      new LogCoshError(),
      new R2Score({ numRegressors: 1 }),
      new R2Score({ classAggregation: null }),
    ];
    const t = tensor(yTrue5);
    const p = tensor(yPred5);
    const w = tensor(weights4);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      for (const m of metrics) m.updateState(t, p, w);
      for (const m of metrics) m.updateState(yTrue5, yPred5);
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0]!.result();
    }, 5);
    // R2Score builds its state on the first update: 4 variables each.
    expect(memory().numTensors).toBe(before + 8);
    for (const m of metrics) m.dispose();
    dispose([t, p, w]);
    expect(memory().numTensors).toBe(start);
  });
});

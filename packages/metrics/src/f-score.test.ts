// FBetaScore and F1Score: numbers and tolerances from keras/src/metrics/f_score_metrics_test.py (FBetaScoreTest,
// F1ScoreTest; assertAllClose atol 1e-6 unless stated), the Keras docstring examples, plus streaming, reset,
// config round trips and leak checks.
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { FBetaScore, type FScoreAverage } from './f-beta-score.js';
import { F1Score } from './f1-score.js';

function resultOf(m: FBetaScore): Tensor {
  return tidy(() => m.result());
}

/** Keras's `_run_test`: one update on a fresh FBetaScore, `assertAllClose(result, reference, atol=1e-6)`. */
function runTest(
  yTrue: number[][],
  yPred: number[][],
  sampleWeights: number[] | null,
  average: FScoreAverage,
  beta: number,
  threshold: number | null,
  reference: number | number[],
  atol = 1e-6,
): void {
  const m = new FBetaScore({ average, beta, threshold });
  m.updateState(yTrue, yPred, sampleWeights);
  const r = resultOf(m);
  try {
    expectAllClose(r, reference, atol);
  } finally {
    r.dispose();
    m.dispose();
  }
}

const averagesAndBetas: [FScoreAverage, number][] = [
  ['micro', 0.5],
  ['micro', 1.0],
  ['micro', 2.0],
  ['macro', 0.5],
  ['macro', 1.0],
  ['macro', 2.0],
  ['weighted', 0.5],
  ['weighted', 1.0],
  ['weighted', 2.0],
];

const yPred3 = [
  [0.7, 0.7, 0.7],
  [1, 0, 0],
  [0.9, 0.8, 0],
];

const yTrue6 = [
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 0, 0],
  [1, 0, 0],
  [0, 0, 1],
];
const yPred6 = [
  [0.9, 0.1, 0],
  [0.2, 0.6, 0.2],
  [0, 0, 1],
  [0.4, 0.3, 0.3],
  [0, 0.9, 0.1],
  [0, 0, 1],
];

describe('FBetaScore (f_score_metrics_test.py FBetaScoreTest)', () => {
  it('test_config', () => {
    const f = new FBetaScore({ beta: 0.5, threshold: 0.3, average: null, dtype: 'float32' });
    expect(f.beta).toBe(0.5);
    expect(f.average).toBe(null);
    expect(f.threshold).toBe(0.3);
    expect(f.dtype).toBe('float32');
    const f2 = FBetaScore.fromConfig(f.getConfig());
    expect(f2.beta).toBe(0.5);
    expect(f2.average).toBe(null);
    expect(f2.threshold).toBe(0.3);
    expect(f2.dtype).toBe('float32');
    f.dispose();
    f2.dispose();
  });

  for (const [average, beta] of averagesAndBetas) {
    it(`test_fbeta_perfect_score (${average}, ${beta})`, () =>
      runTest(
        [
          [1, 1, 1],
          [1, 0, 0],
          [1, 1, 0],
        ],
        yPred3,
        null,
        average,
        beta,
        0.66,
        1.0,
      ));
    it(`test_fbeta_worst_score (${average}, ${beta})`, () =>
      runTest(
        [
          [0, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        yPred3,
        null,
        average,
        beta,
        0.66,
        0.0,
      ));
  }

  const randomScore: [FScoreAverage, number, number | number[]][] = [
    [null, 0.5, [0.71428573, 0.5, 0.833334]],
    [null, 1.0, [0.8, 0.5, 0.6666667]],
    [null, 2.0, [0.9090904, 0.5, 0.555556]],
    ['micro', 0.5, 0.6666667],
    ['micro', 1.0, 0.6666667],
    ['micro', 2.0, 0.6666667],
    ['macro', 0.5, 0.6825397],
    ['macro', 1.0, 0.6555555],
    ['macro', 2.0, 0.6548822],
    ['weighted', 0.5, 0.6825397],
    ['weighted', 1.0, 0.6555555],
    ['weighted', 2.0, 0.6548822],
  ];
  for (const [average, beta, result] of randomScore) {
    it(`test_fbeta_random_score (${average}, ${beta})`, () =>
      runTest(
        [
          [0, 0, 1],
          [1, 1, 0],
          [1, 1, 1],
        ],
        yPred3,
        null,
        average,
        beta,
        0.66,
        result,
      ));
  }

  const randomScoreNone: [FScoreAverage, number, number | number[]][] = [
    [null, 0.5, [0.9090904, 0.555556, 1.0]],
    [null, 1.0, [0.8, 0.6666667, 1.0]],
    [null, 2.0, [0.71428573, 0.833334, 1.0]],
    ['micro', 0.5, 0.833334],
    ['micro', 1.0, 0.833334],
    ['micro', 2.0, 0.833334],
    ['macro', 0.5, 0.821549],
    ['macro', 1.0, 0.822222],
    ['macro', 2.0, 0.849206],
    ['weighted', 0.5, 0.880471],
    ['weighted', 1.0, 0.844445],
    ['weighted', 2.0, 0.829365],
  ];
  for (const [average, beta, result] of randomScoreNone) {
    it(`test_fbeta_random_score_none (${average}, ${beta})`, () =>
      runTest(yTrue6, yPred6, null, average, beta, null, result));
  }

  const weightedNone: [FScoreAverage, number, number[], number | number[]][] = [
    [null, 0.5, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.909091, 0.555556, 1.0]],
    [null, 0.5, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0]],
    [null, 0.5, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], [0.9375, 0.714286, 1.0]],
    [null, 1.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.8, 0.666667, 1.0]],
    [null, 1.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0]],
    [null, 1.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], [0.857143, 0.8, 1.0]],
    [null, 2.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], [0.714286, 0.833333, 1.0]],
    [null, 2.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], [1.0, 0.0, 1.0]],
    [null, 2.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], [0.789474, 0.909091, 1.0]],
    ['micro', 0.5, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.833333],
    ['micro', 0.5, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['micro', 0.5, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.9],
    ['micro', 1.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.833333],
    ['micro', 1.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['micro', 1.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.9],
    ['micro', 2.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.833333],
    ['micro', 2.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['micro', 2.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.9],
    ['macro', 0.5, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.821549],
    ['macro', 0.5, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 0.666667],
    ['macro', 0.5, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.883929],
    ['macro', 1.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.822222],
    ['macro', 1.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 0.666667],
    ['macro', 1.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.885714],
    ['macro', 2.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.849206],
    ['macro', 2.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 0.666667],
    ['macro', 2.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.899522],
    ['weighted', 0.5, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.880471],
    ['weighted', 0.5, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['weighted', 0.5, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.917857],
    ['weighted', 1.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.844444],
    ['weighted', 1.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['weighted', 1.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.902857],
    ['weighted', 2.0, [1.0, 1.0, 1.0, 1.0, 1.0, 1.0], 0.829365],
    ['weighted', 2.0, [1.0, 0.0, 1.0, 1.0, 0.0, 1.0], 1.0],
    ['weighted', 2.0, [0.5, 1.0, 1.0, 1.0, 0.5, 1.0], 0.897608],
  ];
  for (const [average, beta, sw, result] of weightedNone) {
    it(`test_fbeta_weighted_random_score_none (${average}, ${beta}, [${sw}])`, () =>
      runTest(yTrue6, yPred6, sw, average, beta, null, result));
  }

  it('test_invalid_average_raises_value_error', () => {
    expect(() => new FBetaScore({ average: 'invalid_average' as never, beta: 1.0 })).toThrow(ValueError);
    expect(() => new FBetaScore({ average: 'invalid_average' as never, beta: 1.0 })).toThrow(
      "Invalid `average` argument value. Expected one of: {null, 'micro', 'macro', 'weighted'}. " +
        'Received: average=invalid_average',
    );
  });
  it('test_beta_string_type_raises_value_error and test_beta_none_type_raises_value_error', () => {
    // (test_beta_integer_type_raises_value_error has no counterpart: JavaScript has one number type, 1 === 1.0.)
    expect(() => new FBetaScore({ average: 'macro', beta: '1.0' as never })).toThrow(
      'Invalid `beta` argument value. It should be a number',
    );
    expect(() => new FBetaScore({ average: 'macro', beta: null as never })).toThrow(
      'Invalid `beta` argument value. It should be a number',
    );
  });
  it('test_beta_zero / negative_one / negative_half_raises_value_error', () => {
    expect(() => new FBetaScore({ average: 'macro', beta: 0.0 })).toThrow(
      'Invalid `beta` argument value. It should be > 0. Received: beta=0',
    );
    expect(() => new FBetaScore({ average: 'macro', beta: -1.0 })).toThrow('It should be > 0. Received: beta=-1');
    expect(() => new FBetaScore({ average: 'macro', beta: -0.5 })).toThrow('It should be > 0. Received: beta=-0.5');
  });
  it('test_fbeta_scalar_weight (atol 1e-5)', () => {
    const m = new FBetaScore({ threshold: 0.5 });
    m.updateState(
      [
        [1, 1],
        [1, 0],
      ],
      [
        [0.2, 0.6],
        [0.2, 0.6],
      ],
      0.5,
    );
    const r = resultOf(m);
    expectAllClose(r, [0.0, 0.6666665], 1e-5);
    r.dispose();
    m.dispose();
  });
  it('test_fbeta_2d_weight (atol 1e-5)', () => {
    const m = new FBetaScore({ threshold: 0.5 });
    m.updateState(
      [
        [1, 1],
        [1, 0],
      ],
      [
        [0.2, 0.6],
        [0.2, 0.6],
      ],
      [
        [0.5, 0.2],
        [0.3, 0.8],
      ],
    );
    const r = resultOf(m);
    expectAllClose(r, [0.0, 0.333333], 1e-5);
    r.dispose();
    m.dispose();
  });
  it('test_threshold_string_raises_value_error (test_threshold_not_float has no counterpart: 1 === 1.0)', () => {
    expect(() => new FBetaScore({ average: 'macro', threshold: '0.5' as never })).toThrow(
      'Invalid `threshold` argument value. It should be a number (a float). Received: threshold="0.5" of type \'string\'',
    );
  });
  it('test_threshold_above_one / zero / negative_raises_value_error', () => {
    expect(() => new FBetaScore({ average: 'macro', threshold: 1.1 })).toThrow(
      'Invalid `threshold` argument value. It should verify 0 < threshold <= 1. Received: threshold=1.1',
    );
    expect(() => new FBetaScore({ average: 'macro', threshold: 0.0 })).toThrow(
      'It should verify 0 < threshold <= 1. Received: threshold=0',
    );
    expect(() => new FBetaScore({ average: 'macro', threshold: -0.5 })).toThrow(
      'It should verify 0 < threshold <= 1. Received: threshold=-0.5',
    );
  });
  it('test_non_2d_input_shapes_raises_value_error', () => {
    const f = new FBetaScore({ beta: 1.0 });
    const x = [
      [
        [0, 1, 0, 1],
        [0, 1, 0, 1],
        [0, 1, 0, 1],
      ],
      [
        [0, 1, 0, 1],
        [0, 1, 0, 1],
        [0, 1, 0, 1],
      ],
    ];
    expect(() => f.updateState(x, x)).toThrow(ValueError);
    expect(() => f.updateState(x, x)).toThrow(
      'expects 2D inputs with shape [batchSize, outputDim]. Received input shapes: yPred.shape=[2,3,4] and yTrue.shape=[2,3,4].',
    );
    f.dispose();
  });
  it('Keras docstring example: beta 2, threshold 0.5', () => {
    const m = new FBetaScore({ beta: 2.0, threshold: 0.5 });
    m.updateState(
      [
        [1, 1, 1],
        [1, 0, 0],
        [1, 1, 0],
      ],
      [
        [0.2, 0.6, 0.7],
        [0.2, 0.6, 0.6],
        [0.6, 0.8, 0.0],
      ],
    );
    const r = resultOf(m);
    expectAllClose(r, [0.3846154, 0.90909094, 0.8333334]);
    r.dispose();
    m.dispose();
  });
});

describe('F1Score (f_score_metrics_test.py F1ScoreTest)', () => {
  it('test_config', () => {
    const f = new F1Score({ dtype: 'float32' });
    const config = f.getConfig();
    expect(config).not.toHaveProperty('beta');
    const f2 = F1Score.fromConfig(config);
    expect(f2.average).toBe(null);
    expect(f2.dtype).toBe('float32');
    expect(f2.beta).toBe(1);
    f.dispose();
    f2.dispose();
  });
  it('test_correctness', () => {
    const f1 = new F1Score();
    const fbeta = new FBetaScore({ beta: 1.0 });
    fbeta.updateState(yTrue6, yPred6);
    f1.updateState(yTrue6, yPred6);
    const a = resultOf(fbeta);
    const b = resultOf(f1);
    expectAllClose(a, Array.from(b.dataSync()), 1e-6);
    dispose([a, b]);
    f1.dispose();
    fbeta.dispose();
  });
  it('Keras docstring example: threshold 0.5', () => {
    const m = new F1Score({ threshold: 0.5 });
    m.updateState(
      [
        [1, 1, 1],
        [1, 0, 0],
        [1, 1, 0],
      ],
      [
        [0.2, 0.6, 0.7],
        [0.2, 0.6, 0.6],
        [0.6, 0.8, 0.0],
      ],
    );
    const r = resultOf(m);
    expectAllClose(r, [0.5, 0.8, 0.6666667]);
    r.dispose();
    m.dispose();
  });
});

describe('F-scores: names, config, streaming, errors and leaks', () => {
  it("default names 'fbeta_score' and 'f1_score', snake_case configs and serialize round trips", () => {
    const f = new FBetaScore();
    const f1 = new F1Score({ average: 'macro', threshold: 0.4 });
    expect(f.name).toBe('fbeta_score');
    expect(f1.name).toBe('f1_score');
    expect(f.getConfig()).toEqual({ name: 'fbeta_score', dtype: 'float32', average: null, beta: 1, threshold: null });
    expect(f1.getConfig()).toEqual({ name: 'f1_score', dtype: 'float32', average: 'macro', threshold: 0.4 });
    const g = deserialize<F1Score>(JSON.parse(JSON.stringify(serialize(f1))));
    expect(g).toBeInstanceOf(F1Score);
    expect(g.getConfig()).toEqual(f1.getConfig());
    const h = FBetaScore.fromConfig({ name: 'fb', average: 'weighted', beta: 2, threshold: 0.5 });
    expect([h.average, h.beta, h.threshold]).toEqual(['weighted', 2, 0.5]);
    expect(() => F1Score.fromConfig({ beta: 2 })).toThrow(SerializationError);
    for (const m of [f, f1, g, h]) m.dispose();
  });

  it('streams over batches like one batch (per-class state), resets, and returns 0 before any update', () => {
    for (const average of [null, 'micro', 'macro', 'weighted'] as const) {
      const m = new FBetaScore({ average, beta: 0.5 });
      const z = resultOf(m);
      expectAllClose(z, 0);
      z.dispose();
      m.updateState(yTrue6.slice(0, 2), yPred6.slice(0, 2), [0.5, 1]);
      m.updateState(yTrue6.slice(2), yPred6.slice(2), [1, 1, 0.5, 1]);
      const r = resultOf(m);
      const expected = { null: [0.9375, 0.714286, 1.0], micro: 0.9, macro: 0.883929, weighted: 0.917857 }[
        String(average) as 'null'
      ];
      expectAllClose(r, expected, 1e-6);
      r.dispose();
      m.resetState();
      const r0 = resultOf(m);
      expectAllClose(r0, average === null ? [0, 0, 0] : 0);
      r0.dispose();
      m.dispose();
    }
  });

  it('mismatched shapes, a changed number of classes, and bad weights are ShapeErrors', () => {
    const m = new F1Score();
    expect(() => m.updateState([[1, 0, 0]], [[0.2, 0.8]])).toThrow(ShapeError);
    m.updateState([[1, 0, 0]], [[0.2, 0.8, 0]]);
    expect(() => m.updateState([[1, 0]], [[0.2, 0.8]])).toThrow(/earlier batches had 3 classes/);
    expect(() => m.updateState([[1, 0, 0]], [[0.2, 0.8, 0]], [[1, 2]])).toThrow(/sampleWeight has shape \[1,2\]/);
    m.dispose();
  });

  it('no tensor leaks across repeated updates and results', async () => {
    const ms = [
      new F1Score(),
      new F1Score({ average: 'micro', threshold: 0.5 }),
      new FBetaScore({ average: 'weighted', beta: 2 }),
    ];
    const t = tensor(yTrue6);
    const p = tensor(yPred6);
    // Build the lazily created state first.
    for (const m of ms) m.updateState(t, p);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      ms[0]?.updateState(t, p);
      ms[1]?.updateState(t, p, [1, 2, 3, 4, 5, 6]);
      ms[2]?.updateState(t, p, 0.5);
      dispose(ms.slice(1).map((m) => m.result()));
      return ms[0]?.result();
    }, 6);
    for (const m of ms) m.resetState();
    expect(memory().numTensors).toBe(before);
    for (const m of ms) m.dispose();
    dispose([t, p]);
  });
});

// AUC: numbers and tolerances from keras/src/metrics/confusion_metrics_test.py (AUCTest, MultiAUCTest;
// assertAllClose with the atol each test states, rtol 1e-6), the Keras docstring example, plus streaming, reset,
// both counting paths (bucketed and direct), lazily built multi-label state, config round trips and leak checks.
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { beforeEach, describe, expect, it } from 'vitest';
import { AUC, type AUCOptions } from './auc.js';

function call(m: AUC, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  return tidy(() => m.result());
}

/** `assertAllClose(AUC(options)(yTrue, yPred, w), expected, atol)` on a fresh metric. */
function check(
  options: AUCOptions,
  yTrue: unknown,
  yPred: unknown,
  sampleWeight: unknown,
  expected: number,
  atol = 1e-3,
) {
  const m = new AUC(options);
  const r = call(m, yTrue, yPred, sampleWeight);
  try {
    expectAllClose(r, expected, atol);
  } finally {
    r.dispose();
    m.dispose();
  }
}

/** `-log(1 / (p + 1e-12) - 1)`, the logits of the Keras tests. */
const logits = (p: number[] | number[][]): unknown =>
  (p as unknown[]).map((v) => (Array.isArray(v) ? logits(v as number[]) : -Math.log(1 / ((v as number) + 1e-12) - 1)));

describe('AUC (confusion_metrics_test.py AUCTest)', () => {
  const numThresholds = 3;
  const yPred = [0, 0.5, 0.3, 0.9];
  const yPredMultiLabel = [
    [0.0, 0.4],
    [0.5, 0.7],
    [0.3, 0.2],
    [0.9, 0.3],
  ];
  const yTrue = [0, 0, 1, 1];
  const yTrueMultiLabel = [
    [0, 0],
    [1, 1],
    [1, 1],
    [1, 0],
  ];
  const sampleWeight = [1, 2, 3, 4];

  it('test_config (without dtype float64: metrics compute in float32)', () => {
    const auc = new AUC({
      numThresholds: 100,
      curve: 'PR',
      summationMethod: 'majoring',
      name: 'auc_1',
      multiLabel: true,
      numLabels: 2,
      fromLogits: true,
    });
    auc.updateState(yTrueMultiLabel, yPredMultiLabel);
    expect(auc.name).toBe('auc_1');
    expect(auc.variables.length).toBe(4);
    expect(auc.numThresholds).toBe(100);
    expect(auc.curve).toBe('PR');
    expect(auc.summationMethod).toBe('majoring');
    expect(auc.multiLabel).toBe(true);
    expect(auc.numLabels).toBe(2);
    expect(auc.fromLogits).toBe(true);
    const oldConfig = auc.getConfig();
    expect(oldConfig).not.toHaveProperty('thresholds');
    expect(JSON.parse(JSON.stringify(oldConfig))).toEqual(oldConfig);
    const auc2 = AUC.fromConfig(auc.getConfig());
    auc2.updateState(yTrueMultiLabel, yPredMultiLabel);
    expect(auc2.name).toBe('auc_1');
    expect(auc2.variables.length).toBe(4);
    expect(auc2.numThresholds).toBe(100);
    expect(auc2.curve).toBe('PR');
    expect(auc2.summationMethod).toBe('majoring');
    expect(auc2.multiLabel).toBe(true);
    expect(auc2.numLabels).toBe(2);
    expect(auc2.fromLogits).toBe(true);
    const newConfig = auc2.getConfig();
    expect(newConfig).not.toHaveProperty('thresholds');
    expect(newConfig).toEqual(oldConfig);
    expect(auc2.thresholds).toEqual(auc.thresholds);
    auc.dispose();
    auc2.dispose();
  });

  it('test_config_manual_thresholds', () => {
    const auc = new AUC({
      numThresholds: null,
      curve: 'PR',
      summationMethod: 'majoring',
      name: 'auc_1',
      thresholds: [0.3, 0.5],
    });
    auc.updateState(yTrue, yPred);
    expect(auc.name).toBe('auc_1');
    expect(auc.variables.length).toBe(4);
    expect(auc.numThresholds).toBe(4);
    const th = tensor(auc.thresholds);
    expectAllClose(th, [0.0, 0.3, 0.5, 1.0]);
    th.dispose();
    expect(auc.curve).toBe('PR');
    expect(auc.summationMethod).toBe('majoring');
    const oldConfig = auc.getConfig();
    expect(JSON.parse(JSON.stringify(oldConfig))).toEqual(oldConfig);
    const auc2 = AUC.fromConfig(auc.getConfig());
    auc2.updateState(yTrue, yPred);
    expect(auc2.name).toBe('auc_1');
    expect(auc2.variables.length).toBe(4);
    expect(auc2.numThresholds).toBe(4);
    expect(auc2.curve).toBe('PR');
    expect(auc2.summationMethod).toBe('majoring');
    expect(auc2.getConfig()).toEqual(oldConfig);
    expect(auc2.thresholds).toEqual(auc.thresholds);
    auc.dispose();
    auc2.dispose();
  });

  it('test_unweighted_all_correct', () => check({}, yTrue, yTrue, undefined, 1, 1e-6));
  // tp = [2, 1, 0], fp = [2, 0, 0], fn = [0, 1, 2], tn = [0, 2, 2]: recall [1, 0.5, 0], fp rate [1, 0, 0].
  it('test_unweighted', () => check({ numThresholds }, yTrue, yPred, undefined, 0.75 * 1 + 0.25 * 0));
  it('test_unweighted_from_logits', () =>
    check({ numThresholds, fromLogits: true }, yTrue, logits(yPred), undefined, 0.75 * 1 + 0.25 * 0));
  it('test_manual_thresholds', () => {
    const auc = new AUC({ numThresholds: 2, thresholds: [0.5] });
    expect(auc.numThresholds).toBe(3);
    const th = tensor(auc.thresholds);
    expectAllClose(th, [0.0, 0.5, 1.0]);
    th.dispose();
    const r = call(auc, yTrue, yPred);
    expectAllClose(r, 0.75 * 1 + 0.25 * 0, 1e-3);
    r.dispose();
    auc.dispose();
  });
  // With weights: tp = [7, 4, 0], fp = [3, 0, 0], fn = [0, 3, 7], tn = [0, 3, 3].
  it('test_weighted_roc_interpolation', () =>
    check({ numThresholds }, yTrue, yPred, sampleWeight, 0.7855 * 1 + 0.2855 * 0));
  it('test_weighted_roc_majoring', () =>
    check({ numThresholds, summationMethod: 'majoring' }, yTrue, yPred, sampleWeight, 1 * 1 + 0.571 * 0));
  it('test_weighted_roc_minoring', () =>
    check({ numThresholds, summationMethod: 'minoring' }, yTrue, yPred, sampleWeight, 0.571 * 1 + 0 * 0));
  it('test_weighted_pr_majoring', () =>
    check(
      { numThresholds, curve: 'PR', summationMethod: 'majoring' },
      yTrue,
      yPred,
      sampleWeight,
      1 * 0.429 + 1 * 0.571,
    ));
  it('test_weighted_pr_minoring', () =>
    check(
      { numThresholds, curve: 'PR', summationMethod: 'minoring' },
      yTrue,
      yPred,
      sampleWeight,
      0.7 * 0.429 + 0 * 0.571,
    ));
  it('test_weighted_pr_interpolation', () =>
    check({ numThresholds, curve: 'PR' }, yTrue, yPred, sampleWeight, 2.416 / 7 + 4 / 7));
  it('test_weighted_pr_interpolation_negative_weights', () =>
    check({ numThresholds, curve: 'PR' }, yTrue, yPred, [-1, -2, -3, -4], 0.0));
  it('test_weighted_prgain_majoring', () =>
    check({ numThresholds, curve: 'PRGAIN', summationMethod: 'majoring' }, yTrue, yPred, sampleWeight, 1 * 1 + 0 * 1));
  it('test_weighted_prgain_minoring', () =>
    check({ numThresholds, curve: 'PRGAIN', summationMethod: 'minoring' }, yTrue, yPred, sampleWeight, 1 * 0 + 0 * 1));
  it('test_weighted_prgain_interpolation', () =>
    check({ numThresholds, curve: 'PRGAIN' }, yTrue, yPred, sampleWeight, 1 * 0.5 + 0 * 1));
  it('test_prgain_interpolation', () =>
    check(
      { numThresholds, curve: 'PRGAIN' },
      [0, 0, 0, 1, 0, 1, 0, 1, 1, 1],
      [0.1, 0.2, 0.3, 0.3, 0.4, 0.4, 0.6, 0.6, 0.8, 0.9],
      undefined,
      0.666666 * 0.333333 + 0.333333 * 0.833333,
    ));
  it('test_invalid_num_thresholds', () => {
    expect(() => new AUC({ numThresholds: -1 })).toThrow(ValueError);
    expect(() => new AUC({ numThresholds: -1 })).toThrow('Argument `numThresholds` must be an integer > 1');
    expect(() => new AUC({ numThresholds: 1 })).toThrow('Argument `numThresholds` must be an integer > 1.');
  });
  it('test_invalid_curve', () => {
    expect(() => new AUC({ curve: 'Invalid' as never })).toThrow('Invalid AUC curve value: "Invalid".');
  });
  it('test_invalid_summation_method', () => {
    expect(() => new AUC({ summationMethod: 'Invalid' as never })).toThrow(
      'Invalid AUC summation method value: "Invalid".',
    );
  });
  it('test_extra_dims (rank-3 data is flattened)', () => {
    const x = [
      [
        [-10.0, 10.0, -10.0],
        [10.0, -10.0, 10.0],
      ],
      [
        [-12.0, 12.0, -12.0],
        [12.0, -12.0, 12.0],
      ],
    ];
    const probs = x.map((a) => a.map((b) => b.map((v) => Math.fround(1 / (1 + Math.exp(v))))));
    const labels = [
      [
        [1, 0, 0],
        [1, 0, 0],
      ],
      [
        [0, 1, 1],
        [0, 1, 1],
      ],
    ];
    check({}, labels, probs, undefined, 0.5, 1e-6);
  });
  it('Keras docstring example: 0.75, then 1.0 with weights after resetState', () => {
    const m = new AUC({ numThresholds: 3 });
    let r = call(m, [0, 0, 1, 1], [0, 0.5, 0.3, 0.9]);
    expectAllClose(r, 0.75);
    r.dispose();
    m.resetState();
    r = call(m, [0, 0, 1, 1], [0, 0.5, 0.3, 0.9], [1, 0, 0, 1]);
    expectAllClose(r, 1.0);
    r.dispose();
    m.dispose();
  });
});

describe('AUC multi-label (confusion_metrics_test.py MultiAUCTest)', () => {
  const numThresholds = 5;
  // The Keras tests transpose [[0, 0.5, 0.3, 0.9], [0.1, 0.2, 0.3, 0.4]] to shape [4, 2].
  const yPred = [
    [0, 0.1],
    [0.5, 0.2],
    [0.3, 0.3],
    [0.9, 0.4],
  ];
  const yTrueGood = [
    [0, 0],
    [0, 0],
    [1, 1],
    [1, 1],
  ];
  const yTrueBad = [
    [0, 1],
    [0, 1],
    [1, 0],
    [1, 0],
  ];
  const sampleWeight = [1, 2, 3, 4];

  it('test_unweighted_all_correct', () => check({ multiLabel: true }, yTrueGood, yTrueGood, undefined, 1, 1e-6));
  it('test_unweighted_all_correct_flat', () => check({ multiLabel: false }, yTrueGood, yTrueGood, undefined, 1, 1e-6));
  it('test_unweighted', () =>
    check({ numThresholds, multiLabel: true }, yTrueGood, yPred, undefined, (0.875 + 1.0) / 2));
  it('test_unweighted_from_logits', () =>
    check(
      { numThresholds, multiLabel: true, fromLogits: true },
      yTrueGood,
      logits(yPred),
      undefined,
      (0.875 + 1.0) / 2,
    ));
  it('test_sample_weight_flat', () =>
    check({ numThresholds, multiLabel: false }, yTrueGood, yPred, [1, 2, 3, 4], 1.0 - (0.3333 * (1.0 - 0.2857)) / 2));
  it('test_full_sample_weight_flat', () =>
    check(
      { numThresholds, multiLabel: false },
      yTrueGood,
      yPred,
      [
        [0, 1],
        [2, 3],
        [4, 5],
        [6, 7],
      ],
      1.0 - (0.3333 * (1.0 - 0.2727)) / 2,
    ));
  it('test_label_weights', () =>
    check(
      { numThresholds, multiLabel: true, labelWeights: [0.75, 0.25] },
      yTrueGood,
      yPred,
      undefined,
      (0.875 * 0.75 + 1.0 * 0.25) / (0.75 + 0.25),
    ));
  it('test_label_weights_flat (atol 1e-2)', () =>
    check(
      { numThresholds, multiLabel: false, labelWeights: [0.75, 0.25] },
      yTrueGood,
      yPred,
      undefined,
      1.0 - ((1.0 - 0.375) * 0.375) / 2,
      1e-2,
    ));
  it('test_unweighted_flat', () =>
    check({ numThresholds, multiLabel: false }, yTrueGood, yPred, undefined, 1.0 - 3.0 / 32.0));
  it('test_unweighted_flat_from_logits', () =>
    check(
      { numThresholds, multiLabel: false, fromLogits: true },
      yTrueGood,
      logits(yPred),
      undefined,
      1.0 - 3.0 / 32.0,
    ));
  it('test_manual_thresholds', () => {
    const auc = new AUC({ numThresholds: 2, thresholds: [0.5], multiLabel: true });
    expect(auc.numThresholds).toBe(3);
    const th = tensor(auc.thresholds);
    expectAllClose(th, [0.0, 0.5, 1.0]);
    th.dispose();
    const r = call(auc, yTrueGood, yPred);
    expectAllClose(r, (0.75 + 0.5) / 2, 1e-3);
    r.dispose();
    auc.dispose();
  });
  it('test_weighted_roc_interpolation (atol 1e-1)', () =>
    check({ numThresholds, multiLabel: true }, yTrueGood, yPred, sampleWeight, 1.0 - 0.5 * 0.43 * 0.67, 1e-1));
  it('test_pr_interpolation_unweighted (atol 1e-1; the second call accumulates, as in Keras)', () => {
    const auc = new AUC({ numThresholds, curve: 'PR', multiLabel: true });
    const good = call(auc, yTrueGood, yPred);
    expectAllClose(good, (0.91667 + 1.0) / 2, 1e-1);
    const bad = call(auc, yTrueBad, yPred);
    expectAllClose(bad, (0.91667 + 0.5) / 2, 1e-1);
    dispose([good, bad]);
    auc.dispose();
  });
  it('test_pr_interpolation (atol 1e-1)', () =>
    check({ numThresholds, curve: 'PR', multiLabel: true }, yTrueGood, yPred, sampleWeight, (0.939 + 1.0) / 2, 1e-1));
  it('test_reset_state', () => {
    const auc = new AUC({ numThresholds, multiLabel: true });
    call(auc, yTrueGood, yPred).dispose();
    auc.resetState();
    expectAllClose(auc.truePositives as Tensor, new Array(10).fill(0));
    expect(auc.truePositives?.shape).toEqual([5, 2]);
    auc.dispose();
  });
});

describe('AUC: counting paths, state, config, errors and leaks', () => {
  const yTrue = [0, 0, 1, 1, 1, 0, 1, 0, 1, 1];
  const yPred = [0, 0.12, 0.3, 0.9, 0.55, 0.61, 1, 0.35, 0.81, 0.5];
  let weights: number[];
  beforeEach(() => {
    weights = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  });

  it('the bucket path (evenly spaced thresholds) and the direct comparison path agree', () => {
    // [0.25, 0.5, 0.75] with the end points is evenly spaced (bucketed); 0.75001 is not (compared directly).
    for (const curve of ['ROC', 'PR'] as const) {
      const a = new AUC({ thresholds: [0.25, 0.5, 0.75], curve });
      const b = new AUC({ thresholds: [0.25, 0.5, 0.75001], curve });
      const c = new AUC({ numThresholds: 5, curve });
      const rs = [a, b, c].map((m) => call(m, yTrue, yPred, weights));
      expectAllClose(rs[0] as Tensor, Array.from((rs[1] as Tensor).dataSync()));
      expectAllClose(rs[2] as Tensor, Array.from((rs[1] as Tensor).dataSync()));
      for (const v of ['truePositives', 'falsePositives', 'trueNegatives', 'falseNegatives'] as const) {
        expectAllClose(a[v] as Tensor, Array.from((b[v] as Tensor).dataSync()));
      }
      dispose(rs);
      for (const m of [a, b, c]) m.dispose();
    }
  });

  it('multi-label counts on both paths agree', () => {
    const t = [
      [0, 1],
      [1, 1],
      [1, 0],
      [0, 0],
      [1, 1],
    ];
    const p = [
      [0.1, 0.8],
      [0.6, 0.55],
      [0.4, 0.2],
      [0.3, 0.9],
      [1, 0],
    ];
    const a = new AUC({ thresholds: [0.25, 0.5, 0.75], multiLabel: true, curve: 'PR' });
    const b = new AUC({ thresholds: [0.25, 0.5, 0.75001], multiLabel: true, curve: 'PR' });
    const ra = call(a, t, p, [1, 2, 3, 4, 5]);
    const rb = call(b, t, p, [1, 2, 3, 4, 5]);
    expectAllClose(ra, Array.from(rb.dataSync()));
    expectAllClose(a.truePositives as Tensor, Array.from((b.truePositives as Tensor).dataSync()));
    expectAllClose(a.trueNegatives as Tensor, Array.from((b.trueNegatives as Tensor).dataSync()));
    dispose([ra, rb]);
    a.dispose();
    b.dispose();
  });

  it('with many thresholds, ROC AUC approaches the exact (Mann-Whitney) AUC', () => {
    let s = 42;
    const rand = () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
    const n = 400;
    const t = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
    const p = t.map((l) => Math.min(1, Math.max(0, 0.35 * l + 0.65 * rand())));
    let wins = 0;
    let pairs = 0;
    t.forEach((li, i) => {
      if (li !== 1) return;
      t.forEach((lj, j) => {
        if (lj !== 0) return;
        pairs++;
        const pi = p[i] as number;
        const pj = p[j] as number;
        wins += pi > pj ? 1 : pi === pj ? 0.5 : 0;
      });
    });
    check({ numThresholds: 2000 }, t, p, undefined, wins / pairs, 2e-3);
  });

  it('streams over several batches like one batch, and resets', () => {
    const m = new AUC({ curve: 'PR' });
    m.updateState(yTrue.slice(0, 3), yPred.slice(0, 3), weights.slice(0, 3));
    m.updateState(yTrue.slice(3, 7), yPred.slice(3, 7), weights.slice(3, 7));
    m.updateState(yTrue.slice(7), yPred.slice(7), weights.slice(7));
    const once = new AUC({ curve: 'PR' });
    const r1 = tidy(() => m.result());
    const r2 = call(once, yTrue, yPred, weights);
    expectAllClose(r1, Array.from(r2.dataSync()), 1e-6);
    m.resetState();
    const z = tidy(() => m.result());
    expectAllClose(z, 0);
    dispose([r1, r2, z]);
    m.dispose();
    once.dispose();
  });

  it('multi-label state is built from the first batch when numLabels is not given', () => {
    const m = new AUC({ multiLabel: true });
    expect(m.variables.length).toBe(0);
    const r0 = tidy(() => m.result());
    expectAllClose(r0, 0);
    r0.dispose();
    m.resetState();
    m.updateState(
      [
        [0, 1, 1],
        [1, 0, 1],
      ],
      [
        [0.2, 0.7, 0.9],
        [0.8, 0.1, 0.4],
      ],
    );
    expect(m.truePositives?.shape).toEqual([200, 3]);
    expect(m.variables.length).toBe(4);
    expect(() =>
      m.updateState(
        [
          [0, 1],
          [1, 0],
        ],
        [
          [0.2, 0.7],
          [0.8, 0.1],
        ],
      ),
    ).toThrow(ShapeError);
    m.dispose();
    const bad = new AUC({ multiLabel: true });
    expect(() => bad.updateState([0, 1], [0.3, 0.6])).toThrow(/`yPred` must have rank 2 when multiLabel is true/);
    bad.dispose();
  });

  it('bad options are ValueErrors naming the option', () => {
    expect(() => new AUC({ numLabels: 3 })).toThrow(/numLabels.*only when `multiLabel` is true/);
    expect(() => new AUC({ thresholds: [0.2, 1.2] })).toThrow(
      /Threshold values must be in \[0, 1\]\. Received: \[1\.2\]/,
    );
    expect(() => new AUC({ labelWeights: [1, -1] })).toThrow(/labelWeights is \[1,-1\]/);
    expect(() => new AUC({ multiLabel: true, numLabels: 3, labelWeights: [1, 1] })).toThrow(
      /labelWeights has 2 entries but numLabels is 3/,
    );
    const m = new AUC({ multiLabel: true, labelWeights: [1, 2] });
    expect(() => m.updateState([[0, 1, 1]], [[0.1, 0.5, 0.2]])).toThrow(/3 labels but labelWeights has 2 entries/);
    m.dispose();
    const flat = new AUC({ labelWeights: [1, 2] });
    expect(() => flat.updateState([[0, 1, 1]], [[0.1, 0.5, 0.2]])).toThrow(/labelWeights has shape \[2\]/);
    expect(() => flat.updateState([[0, 1]], [[0.1, 0.5, 0.2]])).toThrow(ShapeError);
    flat.dispose();
  });

  it("default name 'auc', Keras-style config (snake_case accepted, lower-case curve), serialize round trip", () => {
    const m = new AUC();
    expect(m.name).toBe('auc');
    expect(m.getConfig()).toEqual({
      name: 'auc',
      dtype: 'float32',
      numThresholds: 200,
      curve: 'ROC',
      summationMethod: 'interpolation',
      multiLabel: false,
      numLabels: null,
      labelWeights: null,
      fromLogits: false,
    });
    const k = AUC.fromConfig({
      name: 'auc_pr',
      num_thresholds: 50,
      curve: 'pr',
      summation_method: 'minoring',
      multi_label: true,
      num_labels: 2,
      label_weights: [0.5, 1],
      from_logits: false,
    });
    expect([k.numThresholds, k.curve, k.summationMethod, k.numLabels, k.labelWeights]).toEqual([
      50,
      'PR',
      'minoring',
      2,
      [0.5, 1],
    ]);
    const k2 = deserialize<AUC>(JSON.parse(JSON.stringify(serialize(k))));
    expect(k2.getConfig()).toEqual(k.getConfig());
    expect(() => AUC.fromConfig({ curve: 'PR', summation: 'x' })).toThrow(SerializationError);
    for (const x of [m, k, k2]) x.dispose();
  });

  it('no tensor leaks across repeated updates and results', async () => {
    const ms = [
      new AUC(),
      new AUC({ curve: 'PR' }),
      new AUC({ thresholds: [0.3, 0.5], curve: 'PR', summationMethod: 'majoring' }),
      new AUC({ multiLabel: true, curve: 'PRGAIN' }),
      new AUC({ multiLabel: true, numLabels: 2, labelWeights: [1, 3], fromLogits: true }),
    ];
    const t = tensor(yTrue.slice(0, 8));
    const p = tensor(yPred.slice(0, 8));
    const t2 = tensor([
      [0, 1],
      [1, 1],
      [1, 0],
    ]);
    const p2 = tensor([
      [0.1, 0.8],
      [0.6, 0.55],
      [0.4, 0.2],
    ]);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      ms[0]?.updateState(t, p);
      ms[1]?.updateState(t, p, [1, 2, 3, 4, 5, 6, 7, 8]);
      ms[2]?.updateState(t, p, 2);
      ms[3]?.updateState(t2, p2);
      ms[4]?.updateState(t2, p2, [1, 2, 3]);
      dispose(ms.slice(1).map((m) => m.result()));
      return ms[0]?.result();
    }, 6);
    for (const m of ms) m.resetState();
    // ms[3] built its state during the first step; everything else existed before.
    expect(memory().numTensors).toBe(before + 4);
    for (const m of ms) m.dispose();
    dispose([t, p, t2, p2]);
  });
});

// Top-k accuracy metrics: numbers and tolerances from keras/src/metrics/accuracy_metrics_test.py
// (TopKCategoricalAccuracyTest, SparseTopKCategoricalAccuracyTest: assertAllClose with atol 1e-3, rtol 1e-6),
// the docstring examples of keras/src/metrics/accuracy_metrics.py, and Layerwise's own checks (ties, targets
// out of range, NaN, sequences, errors, streaming, memory).
import { deserialize, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { metricFunctions } from './functions.js';
import type { Metric } from './metric.js';
import { SparseTopKCategoricalAccuracy, sparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { inTopK, TopKCategoricalAccuracy, topKCategoricalAccuracy } from './top-k-categorical-accuracy.js';

function resultOf(m: Metric): Tensor {
  return tidy(() => m.result());
}

function roundTrip(m: Metric): void {
  const config = m.getConfig();
  const cls = m.constructor as unknown as { fromConfig(c: unknown): Metric };
  const m2 = cls.fromConfig(config);
  expect(m2.constructor).toBe(m.constructor);
  expect(m2.getConfig()).toEqual(config);
  const m3 = deserialize<Metric>(JSON.parse(JSON.stringify(serialize(m))));
  expect(m3.getConfig()).toEqual(config);
  for (const x of [m2, m3]) x.dispose();
}

const oneHot = [
  [0, 0, 1],
  [0, 1, 0],
];
const scores = [
  [0.1, 0.9, 0.8],
  [0.05, 0.95, 0],
];

describe('TopKCategoricalAccuracy (accuracy_metrics_test.py TopKCategoricalAccuracyTest)', () => {
  it('test_config', () => {
    const m = new TopKCategoricalAccuracy({ k: 1, name: 'top_k_categorical_accuracy', dtype: 'float32' });
    expect(m.name).toBe('top_k_categorical_accuracy');
    expect(m.variables.length).toBe(2);
    expect(m.dtype).toBe('float32');
    const config = m.getConfig();
    expect(config.name).toBe('top_k_categorical_accuracy');
    expect(config.dtype).toBe('float32');
    expect(config.k).toBe(1);
    const m2 = TopKCategoricalAccuracy.fromConfig(config);
    expect(m2.name).toBe('top_k_categorical_accuracy');
    expect(m2.variables.length).toBe(2);
    expect(m2.dtype).toBe('float32');
    expect(m2.k).toBe(1);
    roundTrip(m);
    for (const x of [m, m2]) x.dispose();
    const d = new TopKCategoricalAccuracy();
    expect(d.k).toBe(5);
    expect(d.name).toBe('top_k_categorical_accuracy');
    d.dispose();
  });

  it('test_unweighted', () => {
    const m = new TopKCategoricalAccuracy({ k: 1, name: 'top_k_categorical_accuracy', dtype: 'float32' });
    m.updateState(oneHot, scores);
    expectAllClose(resultOf(m), 0.5, 1e-3);
    m.dispose();
  });

  it('test_weighted', () => {
    const m = new TopKCategoricalAccuracy({ k: 1, name: 'top_k_categorical_accuracy', dtype: 'float32' });
    m.updateState(oneHot, scores, [0.7, 0.3]);
    expectAllClose(resultOf(m), 0.3, 1e-3);
    m.dispose();
  });

  it('docstring example: 0.5, then 0.3 with weights [0.7, 0.3]; k = 2 catches both', () => {
    const m = new TopKCategoricalAccuracy({ k: 1 });
    m.updateState(oneHot, scores);
    expectAllClose(resultOf(m), 0.5);
    m.resetState();
    m.updateState(oneHot, scores, [0.7, 0.3]);
    expectAllClose(resultOf(m), 0.3);
    m.dispose();
    expectAllClose(topKCategoricalAccuracy(oneHot, scores, 2), [1, 1]);
    expectAllClose(topKCategoricalAccuracy(oneHot, scores), [1, 1]); // k = 5 > 3 classes: every target is in
  });

  it('sequences: [batch, time, classes] gives one value per step, averaged per sample', () => {
    const t = [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 0],
        [1, 0],
      ],
    ];
    const p = [
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      [
        [0.3, 0.7],
        [0.6, 0.4],
      ],
    ];
    expectAllClose(topKCategoricalAccuracy(t, p, 1), [
      [1, 1],
      [0, 1],
    ]);
    const m = new TopKCategoricalAccuracy({ k: 1 });
    m.updateState(t, p, [1, 3]); // per sample 1 and 0.5
    expectAllClose(resultOf(m), 2.5 / 4);
    m.dispose();
  });

  it('bad k and mismatched shapes are typed errors naming the argument', () => {
    expect(() => new TopKCategoricalAccuracy({ k: 0 })).toThrow(ValueError);
    expect(() => new TopKCategoricalAccuracy({ k: 0 })).toThrow(/k is 0. Expected an integer >= 1/);
    expect(() => new TopKCategoricalAccuracy({ k: 1.5 })).toThrow(ValueError);
    expect(() => topKCategoricalAccuracy(oneHot, scores, -1)).toThrow(ValueError);
    expect(() => topKCategoricalAccuracy([[2], [1]], scores, 1)).toThrow(ShapeError);
    expect(() => topKCategoricalAccuracy([[2], [1]], scores, 1)).toThrow(
      /yTrue has shape \[2,1\] but yPred has shape \[2,3\]/,
    );
    expect(() => topKCategoricalAccuracy([0, 1, 0], [0.1, 0.8, 0.1], 1)).toThrow(/expected \[batch, \.\.\., classes\]/);
  });
});

describe('SparseTopKCategoricalAccuracy (accuracy_metrics_test.py SparseTopKCategoricalAccuracyTest)', () => {
  it('test_config', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1, name: 'sparse_top_k_categorical_accuracy', dtype: 'float32' });
    expect(m.name).toBe('sparse_top_k_categorical_accuracy');
    expect(m.variables.length).toBe(2);
    expect(m.dtype).toBe('float32');
    const config = m.getConfig();
    expect(config.name).toBe('sparse_top_k_categorical_accuracy');
    expect(config.dtype).toBe('float32');
    expect(config.k).toBe(1);
    expect('fromSortedIds' in config).toBe(false);
    const m2 = SparseTopKCategoricalAccuracy.fromConfig(config);
    expect(m2.name).toBe('sparse_top_k_categorical_accuracy');
    expect(m2.variables.length).toBe(2);
    expect(m2.dtype).toBe('float32');
    expect(m2.k).toBe(1);
    expect(m2.fromSortedIds).toBe(false);
    roundTrip(m);
    for (const x of [m, m2]) x.dispose();
  });

  it('test_config_from_sorted_ids', () => {
    const m = new SparseTopKCategoricalAccuracy({
      k: 1,
      name: 'sparse_top_k_categorical_accuracy',
      dtype: 'float32',
      fromSortedIds: true,
    });
    const config = m.getConfig();
    expect(config.fromSortedIds).toBe(true);
    const m2 = SparseTopKCategoricalAccuracy.fromConfig(config);
    expect(m2.fromSortedIds).toBe(true);
    roundTrip(m);
    const keras = SparseTopKCategoricalAccuracy.fromConfig({
      name: 's',
      dtype: 'float32',
      k: 3,
      from_sorted_ids: true,
    });
    expect(keras.k).toBe(3);
    expect(keras.fromSortedIds).toBe(true);
    for (const x of [m, m2, keras]) x.dispose();
  });

  it('test_unweighted', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1 });
    m.updateState([2, 1], scores);
    expectAllClose(resultOf(m), 0.5, 1e-3);
    m.dispose();
  });

  it('test_weighted', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1 });
    m.updateState([2, 1], scores, [0.7, 0.3]);
    expectAllClose(resultOf(m), 0.3, 1e-3);
    m.dispose();
  });

  it('test_from_sorted_ids_unweighted', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1, fromSortedIds: true });
    m.updateState(
      [2, 1],
      [
        [1, 0, 3],
        [1, 2, 3],
      ],
    );
    expectAllClose(resultOf(m), 0.5, 1e-3);
    m.dispose();
  });

  it('test_from_sorted_ids_weighted', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1, fromSortedIds: true });
    m.updateState(
      [2, 1],
      [
        [1, 0, 3],
        [1, 2, 3],
      ],
      [0.7, 0.3],
    );
    expectAllClose(resultOf(m), 0.3, 1e-3);
    m.dispose();
  });

  it('from sorted IDs: only the first k count, repeats count once, int32 IDs compare exactly', () => {
    const ids = tensor(
      [
        [1, 0, 3],
        [1, 2, 3],
        [4, 4, 0],
      ],
      [3, 3],
      'int32',
    );
    const targets = tensor([[2], [2], [4]], [3, 1], 'int32');
    expectAllClose(sparseTopKCategoricalAccuracy(targets, ids, 2, true), [0, 1, 1]);
    expectAllClose(sparseTopKCategoricalAccuracy(targets, ids, 3, true), [0, 1, 1]);
    const big = tensor([[16777217, 5]], [1, 2], 'int32');
    const bigTarget = tensor([16777216], [1], 'int32');
    expectAllClose(sparseTopKCategoricalAccuracy(bigTarget, big, 2, true), [0]); // equal in float32, not in int32
    expect(() => sparseTopKCategoricalAccuracy([2, 1], [[1], [2]], 2, true)).toThrow(ShapeError);
    expect(() => sparseTopKCategoricalAccuracy([2, 1], [[1], [2]], 2, true)).toThrow(
      /holds 1 sorted class IDs per sample .* fewer than k = 2/,
    );
    dispose([ids, targets, big, bigTarget]);
  });

  it('[batch, 1] targets, sequences, and shapes that do not line up', () => {
    expectAllClose(sparseTopKCategoricalAccuracy([[2], [1]], scores, 1), [0, 1]);
    expectAllClose(
      sparseTopKCategoricalAccuracy(
        [
          [0, 1],
          [1, 1],
        ],
        [
          [
            [0.9, 0.1],
            [0.2, 0.8],
          ],
          [
            [0.3, 0.7],
            [0.6, 0.4],
          ],
        ],
        1,
      ),
      [
        [1, 1],
        [1, 0],
      ],
    );
    expect(() => sparseTopKCategoricalAccuracy([2, 1, 0], scores, 1)).toThrow(
      /yTrue has shape \[3\] but yPred has shape \[2,3\]/,
    );
    expect(() => new SparseTopKCategoricalAccuracy({ k: 0 })).toThrow(/k is 0/);
  });

  it('docstring example: 0.5, 0.3 with weights, and 0.5 from sorted IDs', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1 });
    m.updateState([2, 1], scores);
    expectAllClose(resultOf(m), 0.5);
    m.resetState();
    m.updateState([2, 1], scores, [0.7, 0.3]);
    expectAllClose(resultOf(m), 0.3);
    m.dispose();
  });
});

describe('inTopK: ties, targets out of range, NaN', () => {
  it('ties at the k-th place all count as in (TensorFlow in_top_k)', () => {
    const p = tensor([
      [0.5, 0.5, 0.5, 0.1],
      [0.3, 0.5, 0.5, 0.1],
    ]);
    const t = tensor([2, 0], [2], 'int32');
    expectAllClose(inTopK(t, p, 1), [1, 0]);
    expectAllClose(inTopK(t, p, 2), [1, 0]);
    expectAllClose(inTopK(t, p, 3), [1, 1]);
    dispose([p, t]);
  });

  it('a target outside [0, classes) is never in, even with k >= classes', () => {
    const p = tensor([
      [0.1, 0.2],
      [0.3, 0.4],
      [0.5, 0.6],
    ]);
    const t = tensor([2, -1, 1], [3], 'int32');
    expectAllClose(inTopK(t, p, 5), [0, 0, 1]);
    dispose([p, t]);
    expectAllClose(sparseTopKCategoricalAccuracy([5, 0], scores, 3), [0, 1]);
  });

  it('a NaN score at the target ranks last; NaN elsewhere is not counted above it', () => {
    const p = tensor([
      [Number.NaN, 0.2, 0.3],
      [0.1, Number.NaN, 0.3],
    ]);
    const t = tensor([0, 0], [2], 'int32');
    expectAllClose(inTopK(t, p, 2), [0, 1]);
    expectAllClose(inTopK(t, p, 3), [1, 1]);
    dispose([p, t]);
  });

  it('logits, including infinities, work as well as probabilities', () => {
    expectAllClose(
      topKCategoricalAccuracy(
        [
          [0, 1, 0],
          [1, 0, 0],
        ],
        [
          [Number.NEGATIVE_INFINITY, 3, 12],
          [-2, Number.POSITIVE_INFINITY, -5],
        ],
        2,
      ),
      [1, 1],
    );
  });
});

describe('registration, streaming and memory', () => {
  it('the functions are registered under their Keras names', () => {
    expect(metricFunctions.get('top_k_categorical_accuracy')).toBe(topKCategoricalAccuracy);
    expect(metricFunctions.get('sparseTopKCategoricalAccuracy')).toBe(sparseTopKCategoricalAccuracy);
  });

  it('streams over several updates; resetState starts over', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 2 });
    m.updateState(
      [0, 2],
      [
        [0.1, 0.5, 0.4],
        [0.2, 0.3, 0.5],
      ],
    ); // 0 is third: miss; 2 is first: hit
    m.updateState([1], [[0.4, 0.35, 0.25]]); // second: hit
    expectAllClose(resultOf(m), 2 / 3, 1e-6);
    m.resetState();
    expectAllClose(resultOf(m), 0);
    m.dispose();
  });

  it('updateState reads nothing back from the device', () => {
    const m = new SparseTopKCategoricalAccuracy({ k: 1 });
    const c = new TopKCategoricalAccuracy({ k: 1 });
    const t = tensor([2, 1], [2], 'int32');
    const p = tensor(scores);
    const oh = tensor(oneHot);
    const proto = Object.getPrototypeOf(p) as Record<string, unknown>;
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
      m.updateState(t, p);
      c.updateState(oh, p);
    } finally {
      names.forEach((n, i) => {
        proto[n] = saved[i];
      });
    }
    expect(reads).toBe(0);
    expectAllClose(resultOf(m), 0.5);
    expectAllClose(resultOf(c), 0.5);
    m.dispose();
    c.dispose();
    dispose([t, p, oh]);
  });

  it('memory().numTensors is stable across repeated updateState / result', async () => {
    const start = memory().numTensors;
    const metrics: Metric[] = [
      new TopKCategoricalAccuracy({ k: 2 }),
      new SparseTopKCategoricalAccuracy({ k: 1 }),
      new SparseTopKCategoricalAccuracy({ k: 2, fromSortedIds: true }),
    ];
    const oh = tensor(oneHot);
    const p = tensor(scores);
    const labels = tensor([2, 1], [2], 'int32');
    const ids = tensor(
      [
        [1, 2, 0],
        [0, 2, 1],
      ],
      [2, 3],
      'int32',
    );
    await expectStableTensorCount(() => {
      metrics[0]!.updateState(oh, p, [0.7, 0.3]);
      metrics[1]!.updateState(labels, p);
      metrics[2]!.updateState(labels, ids, [1, 2]);
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0]!.result();
    }, 5);
    for (const m of metrics) m.dispose();
    dispose([oh, p, labels, ids]);
    expect(memory().numTensors).toBe(start);
  });
});

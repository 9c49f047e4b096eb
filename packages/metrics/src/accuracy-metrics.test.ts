// Accuracy metrics: numbers and tolerances from keras/src/metrics/accuracy_metrics_test.py (assertAllClose
// with the atol each test states, rtol 1e-6), plus test_binary_accuracy_with_boolean_inputs from
// keras/src/metrics/reduction_metrics_test.py.
import { deserialize, ShapeError, serialize } from '@layerwise/core';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { Accuracy } from './accuracy.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import type { Metric } from './metric.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';

function resultOf(m: Metric): Tensor {
  return tidy(() => m.result());
}

/** Runs one update on a fresh metric and returns its result, disposing the metric. */
function once(m: Metric, yTrue: unknown, yPred: unknown, sampleWeight?: unknown): Tensor {
  m.updateState(yTrue as never, yPred as never, sampleWeight as never);
  const r = resultOf(m);
  m.dispose();
  return r;
}

function checkConfig(m: Metric, cls: { fromConfig(c: never): Metric }, name: string): void {
  expect(m.name).toBe(name);
  expect(m.variables.length).toBe(2);
  expect(m.dtype).toBe('float32');
  const config = m.getConfig();
  expect(config.name).toBe(name);
  expect(config.dtype).toBe('float32');
  const m2 = cls.fromConfig(config as never);
  expect(m2.constructor).toBe(m.constructor);
  expect(m2.name).toBe(name);
  expect(m2.variables.length).toBe(2);
  const m3 = deserialize<Metric>(JSON.parse(JSON.stringify(serialize(m))));
  expect(m3.getConfig()).toEqual(config);
  for (const x of [m, m2, m3]) x.dispose();
}

describe('Accuracy (accuracy_metrics_test.py AccuracyTest)', () => {
  it('test_config', () => {
    checkConfig(new Accuracy({ name: 'accuracy', dtype: 'float32' }), Accuracy, 'accuracy');
    expect(new Accuracy().getConfig()).toEqual({ name: 'accuracy', dtype: 'float32' });
  });

  const t = [[1], [2], [3], [4]];
  const p = [[0], [2], [3], [4]];

  it('test_unweighted', () => expectAllClose(once(new Accuracy(), t, p), 0.75, 1e-3));
  it('test_weighted', () => expectAllClose(once(new Accuracy(), t, p, [1, 1, 0, 0]), 0.5, 1e-3));
  it('test_weighted_rank_1', () =>
    expectAllClose(once(new Accuracy(), [1, 2, 3, 4], [0, 2, 3, 4], [1, 1, 0, 0]), 0.5, 1e-3));
  it('test_weighted_nd_weights', () =>
    expectAllClose(
      once(
        new Accuracy(),
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 2],
          [3, 4],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      0.5,
      1e-3,
    ));
  it('test_weighted_nd_broadcast_weights', () =>
    expectAllClose(
      once(
        new Accuracy(),
        [
          [1, 2],
          [3, 4],
        ],
        [
          [0, 2],
          [3, 4],
        ],
        [[1, 0]],
      ),
      0.5,
      1e-3,
    ));
});

describe('BinaryAccuracy (accuracy_metrics_test.py BinaryAccuracyTest)', () => {
  it('test_config', () => {
    checkConfig(new BinaryAccuracy({ name: 'binary_accuracy', dtype: 'float32' }), BinaryAccuracy, 'binary_accuracy');
    const m = BinaryAccuracy.fromConfig({ name: 'b', dtype: 'float32', threshold: 0.3 });
    expect(m.threshold).toBe(0.3);
    expect(m.getConfig()).toEqual({ name: 'b', dtype: 'float32', threshold: 0.3 });
    m.dispose();
  });

  const t = [[1], [1], [0], [0]];
  const p = [[0.98], [1], [0], [0.6]];

  it('test_unweighted (and its broadcasting case: targets [4] with predictions [4, 1])', () => {
    expectAllClose(once(new BinaryAccuracy(), t, p), 0.75, 1e-3);
    expectAllClose(once(new BinaryAccuracy(), [1, 1, 0, 0], p), 0.75, 1e-3);
  });
  it('test_weighted', () => expectAllClose(once(new BinaryAccuracy(), t, p, [1, 0, 0, 1]), 0.5, 1e-3));
  it('test_weighted_rank_1', () =>
    expectAllClose(once(new BinaryAccuracy(), [1, 1, 0, 0], [0.98, 1, 0, 0.6], [1, 0, 0, 1]), 0.5, 1e-3));
  it('test_weighted_nd_weights', () =>
    expectAllClose(
      once(
        new BinaryAccuracy(),
        [
          [1, 1],
          [0, 0],
        ],
        [
          [0.98, 1],
          [0, 0.6],
        ],
        [
          [1, 0],
          [0, 1],
        ],
      ),
      0.5,
      1e-3,
    ));
  it('test_weighted_nd_broadcast_weights', () =>
    expectAllClose(
      once(
        new BinaryAccuracy(),
        [
          [1, 1],
          [0, 0],
        ],
        [
          [0.98, 1],
          [0, 0.6],
        ],
        [[1, 0]],
      ),
      1.0,
      1e-3,
    ));
  it('test_threshold', () => {
    const tt = [[1], [1], [0], [0]];
    const pp = [[0.98], [0.5], [0.1], [0.2]];
    expectAllClose(once(new BinaryAccuracy({ threshold: 0.3 }), tt, pp), 1.0);
    expectAllClose(once(new BinaryAccuracy({ threshold: 0.9 }), tt, pp), 0.75);
  });
  it('test_binary_accuracy_with_boolean_inputs (reduction_metrics_test.py): bool targets and predictions', () => {
    const x = [0.1, 0.7, 0.4, 0.9, 0.55];
    const y = tensor(
      x.map((v) => [v > 0.5]),
      undefined,
      'bool',
    );
    const out = tensor(
      x.map((v) => [v > 0.5]),
      undefined,
      'bool',
    );
    expectAllClose(once(new BinaryAccuracy(), y, out), 1.0);
    dispose([y, out]);
  });
});

describe('CategoricalAccuracy (accuracy_metrics_test.py CategoricalAccuracyTest)', () => {
  it('test_config', () => {
    checkConfig(
      new CategoricalAccuracy({ name: 'categorical_accuracy', dtype: 'float32' }),
      CategoricalAccuracy,
      'categorical_accuracy',
    );
  });

  const t = [
    [0, 0, 1],
    [0, 1, 0],
  ];
  const p = [
    [0.1, 0.9, 0.8],
    [0.05, 0.95, 0],
  ];

  it('test_unweighted', () => expectAllClose(once(new CategoricalAccuracy(), t, p), 0.5, 1e-3));
  it('test_weighted', () => expectAllClose(once(new CategoricalAccuracy(), t, p, [0.7, 0.3]), 0.3, 1e-3));
  it('sparse targets are a ShapeError naming both shapes', () => {
    const m = new CategoricalAccuracy();
    expect(() => m.updateState([[2], [1]], p)).toThrow(ShapeError);
    expect(() => m.updateState([[2], [1]], p)).toThrow(/yTrue has shape \[2,1\] but yPred has shape \[2,3\]/);
    m.dispose();
  });
});

describe('SparseCategoricalAccuracy (accuracy_metrics_test.py SparseCategoricalAccuracyTest)', () => {
  it('test_config', () => {
    checkConfig(
      new SparseCategoricalAccuracy({ name: 'sparse_categorical_accuracy', dtype: 'float32' }),
      SparseCategoricalAccuracy,
      'sparse_categorical_accuracy',
    );
  });

  const p = [
    [0.1, 0.6, 0.3],
    [0.05, 0.95, 0],
  ];
  const p3 = [
    [0.9, 0.05, 0.05],
    [0.05, 0.9, 0.05],
    [0.05, 0.05, 0.9],
  ];

  it('test_unweighted', () => expectAllClose(once(new SparseCategoricalAccuracy(), [[2], [1]], p), 0.5, 1e-3));
  it('test_weighted', () =>
    expectAllClose(once(new SparseCategoricalAccuracy(), [[2], [1]], p, [0.7, 0.3]), 0.3, 1e-3));
  it('test_squeeze_y_true', () =>
    expectAllClose(once(new SparseCategoricalAccuracy(), [[0], [1], [2]], p3), 1.0, 1e-4));
  it('test_cast_y_pred_dtype: int32 targets', () => {
    const t = tensor([0, 1], undefined, 'int32');
    expectAllClose(
      once(new SparseCategoricalAccuracy(), t, [
        [0.9, 0.1],
        [0.1, 0.9],
      ]),
      1.0,
      1e-4,
    );
    dispose(t);
  });
  it('test_reshape_matches: Keras broadcasts [2,1] targets against [1,2,3] predictions; Layerwise raises', () => {
    // Keras compares y_true [2, 1] with argmax(y_pred) [1, 2] by broadcasting to [2, 2]; the design
    // forbids silent broadcasting, so this is a ShapeError that names both shapes.
    const m = new SparseCategoricalAccuracy();
    expect(() =>
      m.updateState(
        [[0], [0]],
        [
          [
            [0.9, 0.1, 0.0],
            [0.8, 0.15, 0.05],
          ],
        ],
      ),
    ).toThrow(/yTrue has shape \[2,1\] but yPred has shape \[1,2,3\]/);
    m.dispose();
  });
  it('test_squeeze_y_true_shape', () =>
    expectAllClose(
      once(
        new SparseCategoricalAccuracy(),
        [[0], [1], [2]],
        [
          [1.0, 0.0, 0.0],
          [0.0, 1.0, 0.0],
          [0.0, 0.0, 1.0],
        ],
      ),
      1.0,
      1e-4,
    ));
  it('test_cast_y_pred_to_match_y_true_dtype', () => {
    const t = tensor([0, 1, 2], undefined, 'int32');
    expectAllClose(
      once(new SparseCategoricalAccuracy(), t, [
        [0.9, 0.1, 0.0],
        [0.0, 0.9, 0.1],
        [0.1, 0.0, 0.9],
      ]),
      1.0,
      1e-4,
    );
    dispose(t);
  });
  it('test_reshape_matches_to_original_y_true_shape', () =>
    expectAllClose(
      once(
        new SparseCategoricalAccuracy(),
        [[0], [1]],
        [
          [0.9, 0.1],
          [0.1, 0.9],
        ],
      ),
      1.0,
      1e-4,
    ));
  it('test_matching_shapes_without_squeeze', () =>
    expectAllClose(
      once(
        new SparseCategoricalAccuracy(),
        [2, 1, 0],
        [
          [0.0, 0.0, 1.0],
          [0.0, 1.0, 0.0],
          [1.0, 0.0, 0.0],
        ],
      ),
      1.0,
      1e-4,
    ));
  it('sequence targets [batch, time] against [batch, time, classes], weighted per sample', () => {
    // sample 0: 2 of 2 right; sample 1: 1 of 2 right -> per-sample 1 and 0.5; weights 1 and 3 -> 2.5 / 4
    const p4 = [
      [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
      [
        [0.3, 0.7],
        [0.6, 0.4],
      ],
    ];
    expectAllClose(
      once(
        new SparseCategoricalAccuracy(),
        [
          [0, 1],
          [0, 0],
        ],
        p4,
        [1, 3],
      ),
      2.5 / 4,
    );
  });
});

describe('streaming and memory', () => {
  it('accumulates over batches', () => {
    const m = new SparseCategoricalAccuracy();
    m.updateState(
      [2, 1],
      [
        [0.1, 0.6, 0.3],
        [0.05, 0.95, 0],
      ],
    ); // 1 of 2
    m.updateState([0], [[0.5, 0.2, 0.3]]); // 1 of 1
    expectAllClose(resultOf(m), 2 / 3);
    m.resetState();
    expectAllClose(resultOf(m), 0);
    m.dispose();
  });

  it('updateState reads nothing back from the device', () => {
    const m = new BinaryAccuracy();
    const t = tensor([[1], [0]]);
    const p = tensor([[0.7], [0.2]]);
    const proto = Object.getPrototypeOf(t) as Record<string, unknown>;
    const names = ['dataSync', 'data', 'arraySync', 'array', 'bufferSync', 'buffer'];
    const saved = names.map((n) => proto[n]);
    const exact = new Accuracy();
    let reads = 0;
    for (const n of names) {
      proto[n] = function (this: unknown, ...args: unknown[]) {
        reads++;
        return (saved[names.indexOf(n)] as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
    try {
      m.updateState(t, p, [1, 2]);
      exact.updateState([1, 2], [1, 3]);
    } finally {
      names.forEach((n, i) => {
        proto[n] = saved[i];
      });
    }
    expect(reads).toBe(0);
    expectAllClose(resultOf(m), 1);
    expectAllClose(resultOf(exact), 0.5);
    m.dispose();
    exact.dispose();
    dispose([t, p]);
  });

  it('memory().numTensors is stable across repeated updateState / result', async () => {
    const metrics: Metric[] = [
      new Accuracy(),
      new BinaryAccuracy(),
      new CategoricalAccuracy(),
      new SparseCategoricalAccuracy(),
    ];
    const t = tensor([
      [0, 0, 1],
      [0, 1, 0],
    ]);
    const labels = tensor([2, 1]);
    const p = tensor([
      [0.1, 0.9, 0.8],
      [0.05, 0.95, 0],
    ]);
    const before = memory().numTensors;
    await expectStableTensorCount(() => {
      metrics[0].updateState(t, t);
      metrics[1].updateState(t, p, [1, 2]);
      metrics[2].updateState(t, p, [0.7, 0.3]);
      metrics[3].updateState(labels, p);
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0].result();
    }, 6);
    expect(memory().numTensors).toBe(before);
    for (const m of metrics) m.dispose();
    dispose([t, labels, p]);
  });
});

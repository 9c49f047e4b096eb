// Sum, Mean and MeanMetricWrapper: numbers and tolerances from keras/src/metrics/reduction_metrics_test.py
// (assertAllClose with the atol each test states, rtol 1e-6).
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { dispose, memory, square, sub, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { registerMetricFunction } from './functions.js';
import { Mean } from './mean.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import { Sum } from './sum.js';

function result(m: { result(): Tensor }): Tensor {
  return tidy(() => m.result());
}

describe('Sum (keras/src/metrics/reduction_metrics_test.py SumTest)', () => {
  it('test_config', () => {
    const s = new Sum({ name: 'sum', dtype: 'float32' });
    expect(s.name).toBe('sum');
    expect(s.variables.length).toBe(1);
    expect(s.dtype).toBe('float32');
    const s2 = Sum.fromConfig(s.getConfig());
    expect(s2.name).toBe('sum');
    expect(s2.variables.length).toBe(1);
    expect(s2.dtype).toBe('float32');
    s.dispose();
    s2.dispose();
  });

  it('test_unweighted', () => {
    const s = new Sum();
    s.updateState([1, 3, 5, 7]);
    expectAllClose(result(s), 16.0, 1e-3);
    s.dispose();
  });

  it('test_weighted', () => {
    const s = new Sum();
    s.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expectAllClose(result(s), 4.0, 1e-3);
    s.dispose();
  });

  it('test_weighted_nd', () => {
    const s = new Sum();
    s.updateState(
      [
        [1, 3],
        [5, 7],
      ],
      [
        [1, 1],
        [1, 0],
      ],
    );
    expectAllClose(result(s), 9.0, 1e-3);
    s.dispose();
  });

  it('test_weighted_nd_broadcast', () => {
    const s = new Sum();
    s.updateState(
      [
        [1, 3],
        [5, 7],
      ],
      [[1, 0]],
    );
    expectAllClose(result(s), 6.0, 1e-3);
    s.dispose();
  });
});

describe('Mean (keras/src/metrics/reduction_metrics_test.py MeanTest)', () => {
  it('test_config', () => {
    const m = new Mean({ name: 'mean', dtype: 'float32' });
    expect(m.name).toBe('mean');
    expect(m.variables.length).toBe(2);
    const json = JSON.parse(JSON.stringify(serialize(m)));
    expect(json).toEqual({ module: 'metrics', className: 'Mean', config: { name: 'mean', dtype: 'float32' } });
    const m2 = deserialize<Mean>(json);
    expect(m2).toBeInstanceOf(Mean);
    expect(m2.name).toBe('mean');
    expect(m2.variables.length).toBe(2);
    m.dispose();
    m2.dispose();
  });

  it('test_unweighted', () => {
    const m = new Mean();
    m.updateState([1, 3, 5, 7]);
    expectAllClose(result(m), 4.0, 1e-3);
    m.dispose();
  });

  it('test_weighted', () => {
    const m = new Mean();
    m.updateState([1, 3, 5, 7], [1, 1, 0, 0]);
    expectAllClose(result(m), 2.0, 1e-3);
    m.dispose();
  });

  it('test_weighted_negative_weights', () => {
    const m = new Mean();
    m.updateState([1, 3, 5, 7], [-1, -1, 0, 0]);
    expectAllClose(result(m), 2.0, 1e-3);
    m.dispose();
  });

  it('test_weighted_nd', () => {
    const m = new Mean();
    m.updateState(
      [
        [1, 3],
        [5, 7],
      ],
      [
        [1, 1],
        [1, 0],
      ],
    );
    expectAllClose(result(m), 3.0, 1e-3);
    m.dispose();
  });

  it('test_weighted_nd_broadcast', () => {
    const m = new Mean();
    m.updateState(
      [
        [1, 3],
        [5, 7],
      ],
      [[1, 0]],
    );
    expectAllClose(result(m), 3.0, 1e-3);
    m.dispose();
  });

  it('streams across batches and resets', () => {
    const m = new Mean();
    m.updateState([1, 3]);
    m.updateState([5, 7, 9], [1, 1, 2]);
    // (1 + 3 + 5 + 7 + 18) / (2 + 4) = 34 / 6
    expectAllClose(result(m), 34 / 6, 1e-6, 1e-6);
    m.resetState();
    expectAllClose(result(m), 0);
    m.updateState([2]);
    expectAllClose(result(m), 2);
    m.dispose();
  });

  it('a weight that fits no way is a ShapeError naming both shapes', () => {
    const m = new Mean();
    expect(() => m.updateState([1, 2, 3], [1, 2])).toThrow(ShapeError);
    expect(() => m.updateState([1, 2, 3], [1, 2])).toThrow(/sampleWeight has shape \[2\].*values of shape \[3\]/);
    expect(() => new Mean({ dtype: 'int32' })).toThrow(ValueError);
    m.dispose();
  });
});

function mse(yTrue: Tensor, yPred: Tensor): Tensor {
  return square(sub(yTrue, yPred));
}
registerMetricFunction('test_mse', mse);

const yTrue = [
  [0, 1, 0, 1, 0],
  [0, 0, 1, 1, 1],
  [1, 1, 1, 1, 0],
  [0, 0, 0, 0, 1],
];
const yPred = [
  [0, 0, 1, 1, 0],
  [1, 1, 1, 1, 1],
  [0, 1, 0, 1, 0],
  [1, 1, 1, 1, 1],
];

describe('MeanMetricWrapper (keras/src/metrics/reduction_metrics_test.py MetricWrapperTest)', () => {
  it('test_config', () => {
    const m = new MeanMetricWrapper(mse, { name: 'mse', dtype: 'float32' });
    expect(m.name).toBe('mse');
    expect(m.variables.length).toBe(2);
    const config = m.getConfig();
    expect(config).toEqual({ name: 'mse', dtype: 'float32', fn: 'test_mse' });
    const m2 = MeanMetricWrapper.fromConfig(config);
    expect(m2.name).toBe('mse');
    expect(m2.variables.length).toBe(2);
    expect('fn' in m2.getConfig()).toBe(true);
    expect(m2.fn).toBe(mse);
    // Unregistered functions cannot be saved.
    const anon = new MeanMetricWrapper((t, p) => sub(t, p));
    expect(() => anon.getConfig()).toThrow(SerializationError);
    for (const x of [m, m2, anon]) x.dispose();
  });

  it('test_unweighted', () => {
    const m = new MeanMetricWrapper(mse, { name: 'mse' });
    m.updateState(yTrue, yPred);
    expectAllClose(result(m), 0.5, 1e-5);
    m.dispose();
  });

  it('test_weighted', () => {
    const m = new MeanMetricWrapper(mse, { name: 'mse' });
    m.updateState(yTrue, yPred, [1.0, 1.5, 2.0, 2.5]);
    expectAllClose(result(m), 0.54285, 1e-5);
    m.dispose();
  });

  it('test_weighted_broadcast', () => {
    const m = new MeanMetricWrapper(mse, { name: 'mse' });
    m.updateState(yTrue, yPred, [[1.0, 0.0, 0.5, 0.0, 1.0]]);
    expectAllClose(result(m), 0.45, 1e-5);
    m.dispose();
  });
});

describe('state and memory', () => {
  it('state lives in non-trainable variables and dispose frees them', () => {
    const before = memory().numTensors;
    const m = new Mean();
    expect(memory().numTensors).toBe(before + 2);
    expect(m.variables.every((v) => v.trainable === false)).toBe(true);
    m.dispose();
    expect(memory().numTensors).toBe(before);
  });

  it('repeated updateState / result / resetState keep the tensor count stable', async () => {
    const m = new MeanMetricWrapper(mse);
    const s = new Sum();
    const t = tensor(yTrue);
    const p = tensor(yPred);
    await expectStableTensorCount(() => {
      m.updateState(t, p, [1, 2, 3, 4]);
      s.updateState(t, [[1, 0, 1, 0, 1]]);
      dispose(s.result());
      return m.result();
    });
    const before = memory().numTensors;
    m.resetState();
    s.resetState();
    expect(memory().numTensors).toBe(before);
    dispose([t, p]);
    m.dispose();
    s.dispose();
  });
});

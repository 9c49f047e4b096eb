// getMetric identifier resolution, including 'accuracy' picked from the loss (as tf.keras's compile did)
// or from shapes (keras/src/trainers/compile_utils.py get_metric / is_binary_or_sparse_categorical).
import { deserialize, SerializationError, UnknownIdentifierError, ValueError } from '@layerwise/core';
import { abs, max, sub, type Tensor, tidy } from '@layerwise/tensors';
import { expectAllClose } from '@layerwise/tensors/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { registerMetricFunction } from './functions.js';
import { getMetric, metricNames } from './get.js';
import { Mean } from './mean.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { Metric } from './metric.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { Sum } from './sum.js';

const made: Metric[] = [];
function get(...args: Parameters<typeof getMetric>): Metric {
  const m = getMetric(...args) as Metric;
  made.push(m);
  return m;
}
afterEach(() => {
  for (const m of made.splice(0)) m.dispose();
});

// Loss-like objects without importing @layerwise/losses (metrics must not depend on it).
class BinaryCrossentropy {
  static readonly className: string = 'BinaryCrossentropy';
  readonly name = 'my_bce';
}
class MyBce extends BinaryCrossentropy {
  static override readonly className: string = 'MyBce';
}
class LossFunctionWrapper {
  static readonly className = 'LossFunctionWrapper';
  constructor(readonly fn: (...a: unknown[]) => unknown) {}
}
function sparseCategoricalCrossentropy(): void {}

describe("getMetric('accuracy')", () => {
  it.each([
    ['binary_crossentropy', BinaryAccuracy],
    ['binaryCrossentropy', BinaryAccuracy],
    ['bce', BinaryAccuracy],
    ['sparse_categorical_crossentropy', SparseCategoricalAccuracy],
    ['sparseCategoricalCrossentropy', SparseCategoricalAccuracy],
    ['categorical_crossentropy', CategoricalAccuracy],
    ['CategoricalCrossentropy', CategoricalAccuracy],
  ])('with loss %s', (loss, cls) => {
    const m = get('accuracy', { loss });
    expect(m).toBeInstanceOf(cls);
    expect(m.name).toBe('accuracy');
    expect(get('acc', { loss }).name).toBe('acc');
  });

  it('with loss objects and functions (class, subclass, wrapped function)', () => {
    expect(get('accuracy', { loss: new BinaryCrossentropy() })).toBeInstanceOf(BinaryAccuracy);
    expect(get('accuracy', { loss: new MyBce() })).toBeInstanceOf(BinaryAccuracy);
    expect(get('accuracy', { loss: new LossFunctionWrapper(sparseCategoricalCrossentropy) })).toBeInstanceOf(
      SparseCategoricalAccuracy,
    );
    expect(get('accuracy', { loss: sparseCategoricalCrossentropy })).toBeInstanceOf(SparseCategoricalAccuracy);
  });

  it('otherwise by shape, as Keras 3', () => {
    expect(get('accuracy', { loss: 'mse', outputShape: [null, 1] })).toBeInstanceOf(BinaryAccuracy);
    expect(get('accuracy', { outputShape: [null, 10] })).toBeInstanceOf(CategoricalAccuracy);
    expect(get('accuracy', { outputShape: [null, 10], targetShape: [null] })).toBeInstanceOf(SparseCategoricalAccuracy);
    expect(get('accuracy', { outputShape: [null, 10], targetShape: [null, 1] })).toBeInstanceOf(
      SparseCategoricalAccuracy,
    );
    expect(get('accuracy', { outputShape: [null, 10], targetShape: [null, 10] })).toBeInstanceOf(CategoricalAccuracy);
  });

  it('without loss or shape it is a ValueError that says what to pass', () => {
    expect(() => getMetric('accuracy')).toThrow(ValueError);
    expect(() => getMetric('accuracy', { loss: 'mse' })).toThrow(/Pass \{ loss \} or \{ outputShape \}/);
  });
});

describe('getMetric', () => {
  it.each([
    ['mean', Mean, 'mean'],
    ['Mean', Mean, 'mean'],
    ['sum', Sum, 'sum'],
    ['binary_accuracy', BinaryAccuracy, 'binary_accuracy'],
    ['binaryAccuracy', BinaryAccuracy, 'binary_accuracy'],
    ['BinaryAccuracy', BinaryAccuracy, 'binary_accuracy'],
    ['categorical_accuracy', CategoricalAccuracy, 'categorical_accuracy'],
    ['categoricalAccuracy', CategoricalAccuracy, 'categorical_accuracy'],
    ['sparse_categorical_accuracy', SparseCategoricalAccuracy, 'sparse_categorical_accuracy'],
    ['sparseCategoricalAccuracy', SparseCategoricalAccuracy, 'sparse_categorical_accuracy'],
    ['mse', MeanMetricWrapper, 'mse'],
    ['MSE', MeanMetricWrapper, 'mse'],
    ['mean_squared_error', MeanMetricWrapper, 'mean_squared_error'],
    ['meanAbsoluteError', MeanMetricWrapper, 'mean_absolute_error'],
    ['mae', MeanMetricWrapper, 'mae'],
  ])('resolves %s', (name, cls, metricName) => {
    const m = get(name);
    expect(m).toBeInstanceOf(cls);
    expect(m.name).toBe(metricName);
  });

  it("'mse' and 'mae' compute Keras's mean_squared_error and mean_absolute_error per sample", () => {
    tidy(() => {
      const mse = get('mse');
      const mae = get('mae');
      // per sample: mse (1 + 0) / 2 = 0.5 and (1 + 4) / 2 = 2.5; mae 0.5 and 1.5
      for (const m of [mse, mae]) {
        m.updateState(
          [
            [0, 1],
            [0, 0],
          ],
          [
            [1, 1],
            [1, 2],
          ],
        );
      }
      expectAllClose(mse.result(), 1.5);
      expectAllClose(mae.result(), 1.0);
      expect(mse.getConfig()).toEqual({ name: 'mse', dtype: 'float32' });
    });
  });

  it('an unknown name is an UnknownIdentifierError listing the valid names', () => {
    expect(() => getMetric('accuracy2')).toThrow(UnknownIdentifierError);
    expect(() => getMetric('accuracy2')).toThrow(
      /Unknown metric 'accuracy2'. Expected one of: acc, accuracy, auc, .*binary_accuracy, .*f1_score.*mae.*mean.*mse.*precision.*recall.*rmse.*sparse_categorical_accuracy.*sum.*top_k_categorical_accuracy/,
    );
    expect(() => getMetric(7 as never)).toThrow(UnknownIdentifierError);
    expect(metricNames()).toContain('sparse_categorical_accuracy');
    for (const name of [
      'auc',
      'precision',
      'recall',
      'f1_score',
      'fbeta_score',
      'top_k_categorical_accuracy',
      'rmse',
      'r2_score',
    ]) {
      expect(metricNames()).toContain(name);
    }
  });

  it('passes instances through, deserializes configs and wraps functions', () => {
    const m = new Mean({ name: 'm' });
    made.push(m);
    expect(getMetric(m)).toBe(m);
    const b = get({ className: 'BinaryAccuracy', config: { name: 'b', threshold: 0.7 } });
    expect(b).toBeInstanceOf(BinaryAccuracy);
    expect((b as BinaryAccuracy).threshold).toBe(0.7);
    function maxAbsError(t: Tensor, p: Tensor): Tensor {
      return max(abs(sub(t, p)), -1);
    }
    const w = get(maxAbsError);
    expect(w).toBeInstanceOf(MeanMetricWrapper);
    expect(w.name).toBe('max_abs_error');
    expect(() => w.getConfig()).toThrow(SerializationError);
    registerMetricFunction('max_abs_error', maxAbsError);
    const named = get('maxAbsError');
    expect(named.getConfig()).toEqual({ name: 'max_abs_error', dtype: 'float32', fn: 'max_abs_error' });
    const back = deserialize<MeanMetricWrapper>({ className: 'MeanMetricWrapper', config: named.getConfig() });
    made.push(back);
    expect(back.fn).toBe(maxAbsError);
  });

  it('fromConfig refuses unknown keys', () => {
    expect(() => Mean.fromConfig({ threshold: 1 })).toThrow(/unknown config key 'threshold'/);
    expect(() => MeanMetricWrapper.fromConfig({ fn: 3 })).toThrow(SerializationError);
  });
});

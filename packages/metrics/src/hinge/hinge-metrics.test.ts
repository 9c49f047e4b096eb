// Hinge metrics: numbers and tolerances from keras/src/metrics/hinge_metrics_test.py (keras-team/keras at
// 3422977a; assertAllClose with the atol each test states and Keras's default rtol 1e-6), the docstring examples
// of keras/src/metrics/hinge_metrics.py (float32 results as printed there, to 1e-6), and Layerwise's own checks
// (streaming, reset, label conversion, errors, configs, the metrics/losses serialization modules, memory).
// Keras's test_config cases use dtype 'int32'; Layerwise metrics compute in float32 only, so they use float32
// and check that 'int32' is refused.
import { deserialize, SerializationError, ShapeError, serialize, ValueError } from '@layerwise/core';
import { categoricalHinge, Hinge as HingeLoss, hinge, squaredHinge } from '@layerwise/losses';
import { dispose, memory, type Tensor, tensor, tidy } from '@layerwise/tensors';
import { expectAllClose, expectStableTensorCount } from '@layerwise/tensors/testing';
import { describe, expect, it } from 'vitest';
import { metricFunctionName } from '../functions.js';
import { MeanMetricWrapper } from '../mean-metric-wrapper.js';
import type { Metric, MetricClass } from '../metric.js';
import { CategoricalHinge, Hinge, SquaredHinge } from './index.js';

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

type HingeClass = MetricClass & (new (options?: { name?: string; dtype?: string }) => Metric);

/** Keras's test_config: name, dtype and variables survive getConfig/fromConfig; plus a JSON round trip. */
function checkConfig(cls: HingeClass, name: string): void {
  const m = new cls({ name, dtype: 'float32' });
  expect(m.name).toBe(name);
  expect(m.dtype).toBe('float32');
  expect(m.getConfig()).toEqual({ name, dtype: 'float32' });
  const m2 = (cls as unknown as { fromConfig(c: unknown): Metric }).fromConfig(m.getConfig());
  expect(m2.constructor).toBe(cls);
  expect(m2.name).toBe(name);
  expect(m2.variables.length).toBe(2);
  expect(m2.dtype).toBe('float32');
  const serialized = JSON.parse(JSON.stringify(serialize(m)));
  expect(serialized).toEqual({ module: 'metrics', className: cls.className, config: { name, dtype: 'float32' } });
  const m3 = deserialize<Metric>(serialized);
  expect(m3.constructor).toBe(cls);
  expect(m3.getConfig()).toEqual(m.getConfig());
  for (const x of [m, m2, m3]) x.dispose();
  expect(() => new cls({ dtype: 'int32' })).toThrow(ValueError);
}

const yPred = [
  [-0.3, 0.2, -0.1, 1.6],
  [-0.25, -1.0, 0.5, 0.6],
];
const yTrue01 = [
  [0, 1, 0, 1],
  [0, 0, 1, 1],
];
const yTruePm = [
  [-1, 1, -1, 1],
  [-1, -1, 1, 1],
];

// The docstring examples' data.
const docTrue = [
  [0, 1],
  [0, 0],
];
const docPred = [
  [0.6, 0.4],
  [0.4, 0.6],
];

describe('Hinge (hinge_metrics_test.py HingeTest)', () => {
  it('test_config', () => {
    checkConfig(Hinge, 'hinge');
    expect(new Hinge().name).toBe('hinge');
  });
  it('test_unweighted: 0/1 targets are converted to -1/1', () => close(once(new Hinge(), yTrue01, yPred), 0.506, 1e-3));
  it('test_weighted', () => close(once(new Hinge(), yTruePm, yPred, [1.5, 2.0]), 0.493, 1e-3));
  it('docstring example: 1.3, then 1.1 with weights [1, 0]', () => {
    const m = new Hinge();
    m.updateState(docTrue, docPred);
    close(resultOf(m), 1.3);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    close(resultOf(m), 1.1);
    m.dispose();
  });
});

describe('SquaredHinge (hinge_metrics_test.py SquaredHingeTest)', () => {
  it('test_config', () => {
    checkConfig(SquaredHinge, 'squared_hinge');
    expect(new SquaredHinge().name).toBe('squared_hinge');
  });
  it('test_unweighted: 0/1 targets are converted to -1/1', () =>
    close(once(new SquaredHinge(), yTrue01, yPred), 0.364, 1e-3));
  it('test_weighted', () => close(once(new SquaredHinge(), yTruePm, yPred, [1.5, 2.0]), 0.347, 1e-3));
  it('docstring example: 1.86, then 1.46 with weights [1, 0]', () => {
    const m = new SquaredHinge();
    m.updateState(docTrue, docPred);
    close(resultOf(m), 1.86);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    close(resultOf(m), 1.46);
    m.dispose();
  });
});

describe('CategoricalHinge (hinge_metrics_test.py CategoricalHingeTest)', () => {
  const yTrue = [
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

  it('test_config', () => {
    checkConfig(CategoricalHinge, 'cat_hinge');
    expect(new CategoricalHinge().name).toBe('categorical_hinge');
  });
  it('test_unweighted', () => close(once(new CategoricalHinge(), yTrue, yPred5), 0.5, 1e-5));
  it('test_weighted', () => close(once(new CategoricalHinge(), yTrue, yPred5, [1.0, 1.5, 2.0, 2.5]), 0.5, 1e-5));
  it('docstring example: 1.4000001, then 1.2 with weights [1, 0]', () => {
    const m = new CategoricalHinge();
    m.updateState(docTrue, docPred);
    close(resultOf(m), 1.4000001);
    m.resetState();
    m.updateState(docTrue, docPred, [1, 0]);
    close(resultOf(m), 1.2);
    m.dispose();
  });
});

describe('hinge metrics: streaming, configs, errors, memory', () => {
  it('updates stream: two batches give the weighted mean over all samples; resetState starts over', () => {
    // Per sample (targets -1/1): hinge [0.6, 0.4125], as in test_weighted: (1.5 * 0.6 + 2 * 0.4125) / 3.5 = 0.493.
    const m = new Hinge();
    m.updateState(yTruePm.slice(0, 1), yPred.slice(0, 1), [1.5]);
    m.updateState(yTruePm.slice(1), yPred.slice(1), [2.0]);
    close(resultOf(m), (1.5 * 0.6 + 2 * 0.4125) / 3.5, 1e-6);
    m.resetState();
    close(resultOf(m), 0);
    m.updateState(yTruePm, yPred);
    close(resultOf(m), (0.6 + 0.4125) / 2, 1e-6);
    m.dispose();
  });

  it('0/1 targets are converted per batch, as Keras converts them: a batch of all -1 and 0 is left alone', () => {
    // Targets [[-1, 0]] are not all 0/1, so they stay: max(1 - (-1)(0.5), 0) = 1.5 and max(1 - 0, 0) = 1.
    close(once(new Hinge(), [[-1, 0]], [[0.5, 0.5]]), 1.25, 1e-6);
  });

  it('fromConfig reads Keras configs and refuses unknown keys', () => {
    const h = Hinge.fromConfig({ name: 'h', dtype: 'float32' });
    expect(h.name).toBe('h');
    const back = deserialize<Metric>({ module: 'metrics', className: 'SquaredHinge', config: { name: 'sq' } });
    expect(back).toBeInstanceOf(SquaredHinge);
    expect(() => CategoricalHinge.fromConfig({ from_logits: true })).toThrow(SerializationError);
    for (const x of [h, back]) x.dispose();
  });

  it("metrics and losses share class names: the 'metrics' and 'losses' modules keep them apart", () => {
    const metric = deserialize({ module: 'metrics', className: 'Hinge', config: { name: 'h' } });
    const loss = deserialize({ module: 'losses', className: 'Hinge', config: { name: 'h' } });
    expect(metric).toBeInstanceOf(Hinge);
    expect(loss).toBeInstanceOf(HingeLoss);
    expect(() => deserialize({ className: 'Hinge', config: { name: 'h' } })).toThrow(SerializationError);
    (metric as Metric).dispose();
  });

  it('the loss functions are registered as metric functions, so a MeanMetricWrapper around one can be saved', () => {
    expect(metricFunctionName(hinge)).toBe('hinge');
    expect(metricFunctionName(squaredHinge)).toBe('squared_hinge');
    expect(metricFunctionName(categoricalHinge)).toBe('categorical_hinge');
    const w = new MeanMetricWrapper('squaredHinge');
    expect(w.getConfig()).toEqual({ name: 'squared_hinge', dtype: 'float32', fn: 'squared_hinge' });
    w.updateState(docTrue, docPred);
    close(resultOf(w), 1.86);
    w.dispose();
  });

  it('bad shapes are ShapeErrors, and leave the state as it was', () => {
    for (const m of [new Hinge(), new SquaredHinge(), new CategoricalHinge()]) {
      m.updateState(docTrue, docPred);
      const before = resultOf(m);
      expect(() => m.updateState(yTrue01, docPred)).toThrow(ShapeError);
      expect(() => m.updateState(docTrue, docPred, [1, 2, 3])).toThrow(ShapeError);
      close(resultOf(m), before.dataSync()[0] as number);
      before.dispose();
      m.dispose();
    }
  });

  it('memory().numTensors is stable across repeated updateState / result, and dispose frees the state', async () => {
    const start = memory().numTensors;
    const metrics: Metric[] = [new Hinge(), new SquaredHinge(), new CategoricalHinge()];
    const t = tensor(yTrue01);
    const p = tensor(yPred);
    const w = tensor([1.5, 2.0]);
    const before = memory().numTensors;
    expect(before).toBe(start + 3 * 2 + 3);
    await expectStableTensorCount(() => {
      for (const m of metrics) {
        m.updateState(t, p, w);
        m.updateState(yTruePm, yPred);
      }
      dispose(metrics.slice(1).map((m) => m.result()));
      return metrics[0].result();
    }, 5);
    expect(memory().numTensors).toBe(before);
    for (const m of metrics) m.dispose();
    dispose([t, p, w]);
    expect(memory().numTensors).toBe(start);
  });
});

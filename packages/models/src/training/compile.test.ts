/**
 * compile(): string identifiers in both casings, 'accuracy' resolution,
 * unknown names, per-output losses and weights with Keras's log names, and
 * weighted versus unweighted metrics. Values are checked against formulas
 * computed here in plain JavaScript.
 */
import { NotReadyError, UnknownIdentifierError, ValueError } from '@layerwise/core';
import { Dense, Input, resetLayerNames, type SymbolicTensor } from '@layerwise/layers';
import { MeanSquaredError } from '@layerwise/losses';
import { BinaryAccuracy, CategoricalAccuracy, MeanMetricWrapper, SparseCategoricalAccuracy } from '@layerwise/metrics';
import { Adam, SGD } from '@layerwise/optimizers';
import { memory, setSeed, tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(7);
});

const TOL = 1e-5;

function close(actual: number, expected: number, tol = TOL): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(tol);
}

/** Dense(1) on [2] inputs with kernel [[0.5], [-1]] and bias [0.25]. */
function linear(options: { activation?: string } = {}): Sequential {
  const model = new Sequential([new Dense({ units: 1, inputShape: [2], activation: options.activation })]);
  model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
  return model;
}

function metricNamed(model: Model, name: string) {
  const m = model.metrics.find((x) => x.name === name);
  if (m === undefined) throw new Error(`no metric ${name} in ${model.metricsNames.join(', ')}`);
  return m;
}

describe('identifiers', () => {
  it('accepts optimizer, loss and metric names in snake_case and camelCase, naming metrics in snake_case', async () => {
    const x = [
      [1, 2],
      [0, 1],
    ];
    const y = [[3], [-1]];
    // pred = 0.5*x0 - x1 + 0.25 -> [-1.25, -0.75]; errors [-4.25, 0.25]
    const mse = (4.25 ** 2 + 0.25 ** 2) / 2;
    const mae = (4.25 + 0.25) / 2;
    const results: Record<string, number>[] = [];
    for (const [optimizer, loss, metric] of [
      ['sgd', 'mean_squared_error', 'mean_absolute_error'],
      ['SGD', 'meanSquaredError', 'meanAbsoluteError'],
      ['sgd', 'mse', 'mae'],
    ] as const) {
      const model = linear();
      model.compile({ optimizer, loss, metrics: [metric] });
      expect(model.optimizer).toBeInstanceOf(SGD);
      const logs = (await model.testOnBatch(x, y, { returnDict: true })) as Record<string, number>;
      results.push(logs);
      close(logs.loss, mse);
      const metricName = metric === 'mae' ? 'mae' : 'mean_absolute_error';
      expect(Object.keys(logs)).toEqual(['loss', metricName]);
      close(logs[metricName], mae);
      model.dispose();
    }
    expect(results).toHaveLength(3);
  });

  it('takes objects and configs as well as names', async () => {
    const model = linear();
    model.compile({
      optimizer: { className: 'Adam', config: { learningRate: 0.05 } },
      loss: new MeanSquaredError(),
      metrics: [new MeanMetricWrapper('mean_absolute_error', { name: 'my_mae' })],
    });
    expect(model.optimizer).toBeInstanceOf(Adam);
    expect(model.optimizer?.learningRate).toBeCloseTo(0.05, 7);
    expect(model.metricsNames).toEqual(['loss', 'my_mae']);
    const logs = (await model.testOnBatch([[1, 2]], [[3]], { returnDict: true })) as Record<string, number>;
    close(logs.loss, 4.25 ** 2);
    close(logs.my_mae, 4.25);
  });

  it('sparse categorical crossentropy in either casing gives the same loss', async () => {
    const values: number[] = [];
    for (const loss of [
      'sparse_categorical_crossentropy',
      'sparseCategoricalCrossentropy',
      'SparseCategoricalCrossentropy',
    ]) {
      resetLayerNames();
      const model = new Sequential([new Dense({ units: 3, inputShape: [2], activation: 'softmax' })]);
      model.setWeights([
        tensor([
          [1, 0, -1],
          [0.5, 2, 0],
        ]),
        tensor([0, 0, 0.5]),
      ]);
      model.compile({ optimizer: 'sgd', loss });
      values.push((await model.testOnBatch([[1, 1]], [2])) as number);
      model.dispose();
    }
    // logits [1.5, 2, -0.5]; -log softmax[2]
    const logits = [1.5, 2, -0.5];
    const lse = Math.log(logits.reduce((s, v) => s + Math.exp(v), 0));
    for (const v of values) close(v, lse - logits[2]);
  });

  it.each([
    ['loss', { loss: 'mean_squared_eror' }, "Unknown loss 'mean_squared_eror'", 'mean_squared_error'],
    ['optimizer', { optimizer: 'adamm', loss: 'mse' }, "Unknown optimizer 'adamm'", 'sgd'],
    ['metric', { loss: 'mse', metrics: ['acuracy'] }, "Unknown metric 'acuracy'", 'accuracy'],
  ])('an unknown %s name raises UnknownIdentifierError listing the valid ones', (_, options, message, valid) => {
    const model = linear();
    let error: unknown;
    try {
      model.compile({ optimizer: 'sgd', ...options } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnknownIdentifierError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).toContain(valid);
    // A failed compile leaves the model uncompiled.
    expect(model.compiled).toBe(false);
  });

  it("compile without an optimizer uses Keras's default or says clearly which one is missing", () => {
    const model = linear();
    let error: unknown;
    try {
      model.compile({ loss: 'mse' });
    } catch (e) {
      error = e;
    }
    if (error === undefined) {
      expect(model.optimizer?.constructor.name).toBe('RMSprop');
    } else {
      expect(error).toBeInstanceOf(UnknownIdentifierError);
      expect((error as Error).message).toMatch(/no optimizer was given.*'rmsprop'.*optimizer: 'adam'/s);
    }
  });
});

describe("'accuracy'", () => {
  const cases = [
    ['binary_crossentropy', 1, 'sigmoid', BinaryAccuracy],
    ['bce', 1, 'sigmoid', BinaryAccuracy],
    ['categorical_crossentropy', 3, 'softmax', CategoricalAccuracy],
    ['categoricalCrossentropy', 3, 'softmax', CategoricalAccuracy],
    ['sparse_categorical_crossentropy', 3, 'softmax', SparseCategoricalAccuracy],
    ['sparseCategoricalCrossentropy', 3, 'softmax', SparseCategoricalAccuracy],
    // No crossentropy: by output shape, as Keras (last dimension 1 -> binary, else categorical).
    ['mse', 1, 'sigmoid', BinaryAccuracy],
    ['mse', 3, 'softmax', CategoricalAccuracy],
  ] as const;
  it.each(cases)('with loss %s and %i units resolves to %o', (loss, units, activation, cls) => {
    const model = new Sequential([new Dense({ units, inputShape: [2], activation })]);
    model.compile({ optimizer: 'sgd', loss, metrics: ['accuracy', 'acc'] });
    expect(metricNamed(model, 'accuracy')).toBeInstanceOf(cls);
    expect(metricNamed(model, 'acc')).toBeInstanceOf(cls);
  });

  it('computes the accuracy it resolved to', async () => {
    // Binary: sigmoid(0.5*x0 - x1 + 0.25) > 0.5 iff 0.5*x0 - x1 + 0.25 > 0.
    const bin = linear({ activation: 'sigmoid' });
    bin.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
    const x = [
      [2, 0], // 1.25 -> 1
      [0, 1], // -0.75 -> 0
      [0, 0], // 0.25 -> 1
      [1, 1], // -0.25 -> 0
    ];
    const acc = (await bin.evaluate(x, [[1], [1], [1], [0]], { verbose: 0, returnDict: true })) as Record<
      string,
      number
    >;
    close(acc.accuracy, 3 / 4);

    // Sparse: argmax of logits x @ [[1,0,-1],[0.5,2,0]].
    resetLayerNames();
    const cat = new Sequential([new Dense({ units: 3, inputShape: [2], activation: 'softmax' })]);
    cat.setWeights([
      tensor([
        [1, 0, -1],
        [0.5, 2, 0],
      ]),
      tensor([0, 0, 0]),
    ]);
    cat.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const xs = [
      [1, 0], // [1, 0, -1] -> 0
      [0, 1], // [0.5, 2, 0] -> 1
      [-1, 0], // [-1, 0, 1] -> 2
    ];
    const sparse = (await cat.evaluate(xs, [0, 2, 2], { verbose: 0 })) as number[];
    close(sparse[1], 2 / 3);
    // The same model with one-hot targets and categorical crossentropy.
    cat.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
    const oneHot = [
      [1, 0, 0],
      [0, 0, 1],
      [0, 0, 1],
    ];
    const categorical = (await cat.evaluate(xs, oneHot, { verbose: 0 })) as number[];
    close(categorical[1], 2 / 3);
    close(categorical[0], sparse[0]);
  });

  it('on a Sequential model without an input shape, resolves from the data at the first batch', async () => {
    const model = new Sequential([new Dense({ units: 1, activation: 'sigmoid' })]);
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['accuracy'] });
    const x = tensor([
      [2, 0],
      [0, 1],
    ]);
    await model.fit(x, tensor([[1], [0]]), { epochs: 1, verbose: 0 });
    model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
    const logs = (await model.evaluate(x, tensor([[1], [1]]), { verbose: 0, returnDict: true })) as Record<
      string,
      number
    >;
    // Predictions 1 and 0 against targets 1, 1: binary accuracy 0.5.
    close(logs.accuracy, 0.5);
    expect(metricNamed(model, 'accuracy').constructor.name).toBe('BinaryAccuracy');
  });
});

/**
 * Two outputs: 'reg' = Dense(1) (linear) with mse, 'cls' = Dense(3, softmax)
 * with sparse categorical crossentropy, on inputs [2].
 */
function twoOutputModel(): Model<SymbolicTensor[]> {
  const input = Input({ shape: [2], name: 'features' });
  const reg = new Dense({ units: 1, name: 'reg' }).apply(input);
  const cls = new Dense({ units: 3, activation: 'softmax', name: 'cls' }).apply(input);
  const model = new Model({ inputs: input, outputs: [reg, cls] });
  model.setWeights([
    tensor([[0.5], [-1]]),
    tensor([0.25]),
    tensor([
      [1, 0, -1],
      [0.5, 2, 0],
    ]),
    tensor([0, 0, 0]),
  ]);
  return model;
}

const X2 = [
  [1, 0],
  [0, 1],
  [-1, 0],
  [2, 1],
];
const YREG = [[1], [0], [-1], [2]];
const YCLS = [0, 2, 2, 1];

/** Hand-computed per-sample values of the two-output model on X2. */
function reference() {
  const reg = X2.map(([a, b]) => 0.5 * a - b + 0.25);
  const se = reg.map((p, i) => (p - YREG[i][0]) ** 2);
  const ae = reg.map((p, i) => Math.abs(p - YREG[i][0]));
  const logits = X2.map(([a, b]) => [a + 0.5 * b, 2 * b, -a]);
  const ce = logits.map((l, i) => Math.log(l.reduce((s, v) => s + Math.exp(v), 0)) - l[YCLS[i]]);
  const hit = logits.map((l, i) => (l.indexOf(Math.max(...l)) === YCLS[i] ? 1 : 0));
  return { se, ae, ce, hit };
}

const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

describe('several outputs', () => {
  it('names the logs loss, <output>_loss and <output>_<metric>, with per-output losses unweighted', async () => {
    const model = twoOutputModel();
    expect(model.outputNames).toEqual(['reg', 'cls']);
    model.compile({
      optimizer: 'sgd',
      loss: ['mse', 'sparse_categorical_crossentropy'],
      lossWeights: [0.25, 2],
      metrics: [['mae'], ['accuracy']],
    });
    expect(model.metricsNames).toEqual(['loss', 'reg_loss', 'cls_loss', 'reg_mae', 'cls_accuracy']);
    const logs = (await model.evaluate(X2, [YREG, YCLS], { verbose: 0, returnDict: true })) as Record<string, number>;
    const r = reference();
    close(logs.reg_loss, mean(r.se));
    close(logs.cls_loss, mean(r.ce));
    close(logs.loss, 0.25 * mean(r.se) + 2 * mean(r.ce));
    close(logs.reg_mae, mean(r.ae));
    close(logs.cls_accuracy, mean(r.hit));
    // The list form follows metricsNames.
    const list = (await model.evaluate(X2, [YREG, YCLS], { verbose: 0 })) as number[];
    expect(list).toHaveLength(5);
    model.metricsNames.forEach((name, i) => {
      close(list[i], logs[name]);
    });
  });

  it("sampleWeight weighs every output's loss", async () => {
    const model = twoOutputModel();
    model.compile({ optimizer: 'sgd', loss: ['mse', 'sparse_categorical_crossentropy'], lossWeights: [1, 0.5] });
    const sw = [1, 0, 2, 0.5];
    const logs = (await model.evaluate(X2, [YREG, YCLS], { verbose: 0, sampleWeight: sw, returnDict: true })) as Record<
      string,
      number
    >;
    const r = reference();
    const wmean = (v: number[]) => v.reduce((s, x, i) => s + sw[i] * x, 0) / v.length;
    close(logs.reg_loss, wmean(r.se));
    close(logs.cls_loss, wmean(r.ce));
    close(logs.loss, wmean(r.se) + 0.5 * wmean(r.ce));
  });

  it('takes losses, loss weights and metrics keyed by output name (and targets keyed by name)', async () => {
    const model = twoOutputModel();
    model.compile({
      optimizer: 'sgd',
      loss: { cls: 'sparseCategoricalCrossentropy', reg: 'meanSquaredError' },
      lossWeights: { reg: 3, cls: 0.5 },
      metrics: { cls: 'accuracy' },
    });
    expect(model.metricsNames).toEqual(['loss', 'reg_loss', 'cls_loss', 'cls_accuracy']);
    const logs = (await model.testOnBatch(X2, { cls: YCLS, reg: YREG }, { returnDict: true })) as Record<
      string,
      number
    >;
    const r = reference();
    close(logs.loss, 3 * mean(r.se) + 0.5 * mean(r.ce));
    close(logs.cls_accuracy, mean(r.hit));
  });

  it('an output without a loss is left out of the total, and one loss gets no per-output tracker', async () => {
    const model = twoOutputModel();
    model.compile({ optimizer: 'sgd', loss: { reg: 'mse' } });
    // As Keras: per-output loss trackers only when there is more than one loss.
    expect(model.metricsNames).toEqual(['loss']);
    const loss = (await model.testOnBatch(X2, [YREG, YCLS])) as number;
    close(loss, mean(reference().se));
  });

  it('a loss weight of 0 removes the output from the gradient', async () => {
    const model = twoOutputModel();
    model.compile({
      optimizer: new SGD({ learningRate: 0.1 }),
      loss: ['mse', 'sparse_categorical_crossentropy'],
      lossWeights: [1, 0],
    });
    const before = model.getWeights().map((w) => Array.from(w.dataSync()));
    await model.fit(X2, [YREG, YCLS], { epochs: 1, batchSize: 4, verbose: 0 });
    const after = model.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after[0]).not.toEqual(before[0]); // reg kernel trained
    expect(after[2]).toEqual(before[2]); // cls kernel: zero gradient
    expect(after[3]).toEqual(before[3]);
  });

  it('rejects per-output specs that do not match the outputs', () => {
    const model = twoOutputModel();
    expect(() => model.compile({ optimizer: 'sgd', loss: ['mse'] })).toThrow(ValueError);
    expect(() => model.compile({ optimizer: 'sgd', loss: ['mse'] })).toThrow(/list of 1.*2 outputs \(reg, cls\)/);
    expect(() => model.compile({ optimizer: 'sgd', loss: { regression: 'mse' } })).toThrow(
      /unknown output regression.*outputs reg, cls/,
    );
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] })).toThrow(
      /several outputs \(reg, cls\).*one entry.*per output; got 1/,
    );
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', lossWeights: [1, Number.NaN] })).toThrow(
      /lossWeights for output 'cls' must be a finite number/,
    );
  });
});

describe('weightedMetrics', () => {
  it('weighted metrics use the sample weights, metrics ignore them (as Keras), and clashing names get weighted_', async () => {
    const model = linear();
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'mse'], weightedMetrics: ['mae'] });
    expect(model.metricsNames).toEqual(['loss', 'mae', 'mse', 'weighted_mae']);
    const x = [
      [1, 2],
      [0, 1],
      [2, 0],
    ];
    const y = [[3], [-1], [1]];
    const sw = [1, 2, 0.5];
    const pred = x.map(([a, b]) => 0.5 * a - b + 0.25);
    const ae = pred.map((p, i) => Math.abs(p - y[i][0]));
    const se = pred.map((p, i) => (p - y[i][0]) ** 2);
    const logs = (await model.evaluate(x, y, { verbose: 0, sampleWeight: sw, returnDict: true })) as Record<
      string,
      number
    >;
    // Loss: sum_over_batch_size of the weighted losses: sum(w * se) / n.
    close(logs.loss, (se[0] * sw[0] + se[1] * sw[1] + se[2] * sw[2]) / 3);
    close(logs.mae, mean(ae));
    close(logs.mse, mean(se));
    // Weighted mean: sum(w * ae) / sum(w).
    close(logs.weighted_mae, (ae[0] * sw[0] + ae[1] * sw[1] + ae[2] * sw[2]) / (1 + 2 + 0.5));
  });

  it('repeated metric names get _1, _2 as Keras does', () => {
    const model = linear();
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae', 'mae'], weightedMetrics: ['mae', 'mae'] });
    expect(model.metricsNames).toEqual(['loss', 'mae', 'mae_1', 'weighted_mae', 'weighted_mae_1']);
  });
});

describe('state', () => {
  it('a metric object passed again to a second compile stays usable (compile frees only what it made)', async () => {
    const model = linear();
    const mae = new MeanMetricWrapper('mean_absolute_error', { name: 'mae' });
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: [mae] });
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: [mae] });
    const logs = (await model.testOnBatch([[1, 2]], [[3]], { returnDict: true })) as Record<string, number>;
    close(logs.mae, 4.25);
  });

  it("an optimizer object is the user's; one made from a name is freed with the model", () => {
    const model = linear();
    const sgd = new SGD({ learningRate: 0.1 });
    model.compile({ optimizer: sgd, loss: 'mse' });
    model.compile({ optimizer: 'adam', loss: 'mse' });
    // The user's optimizer survives the recompile.
    expect(sgd.variables().every((v) => !v.isDisposed)).toBe(true);
    const adam = model.optimizer as Adam;
    const before = memory().numTensors;
    const owned = adam.variables().length;
    model.dispose();
    expect(adam.variables().every((v) => v.isDisposed)).toBe(true);
    expect(before - memory().numTensors).toBeGreaterThanOrEqual(owned);
  });

  it('requireCompiled raises NotReadyError naming the call and showing compile', () => {
    const model = linear();
    expect(() => model.requireCompiled('fit')).toThrow(NotReadyError);
    expect(() => model.requireCompiled('fit')).toThrow(/call compile\(\) before fit\(\).*model\.compile\(\{/);
  });

  it('recompiling with model.optimizer keeps the optimizer and its state (fine-tuning)', async () => {
    const model = linear();
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.fit([[1, 2]], [[3]], { epochs: 2, verbose: 0 });
    const adam = model.optimizer as Adam;
    expect(adam.iterations).toBe(2);
    model.compile({ optimizer: adam, loss: 'mse', metrics: ['mae'] });
    expect(adam.variables().every((v) => !v.isDisposed)).toBe(true);
    await model.fit([[1, 2]], [[3]], { epochs: 1, verbose: 0 });
    expect(adam.iterations).toBe(3);
    // Made by compile, so freed with the last compiled state that uses it.
    model.dispose();
    expect(adam.variables().every((v) => v.isDisposed)).toBe(true);
  });

  it('compiling again replaces the metrics and resets their state', async () => {
    const model = linear();
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['mae'] });
    await model.testOnBatch([[1, 2]], [[3]]);
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(model.metricsNames).toEqual(['loss']);
    const loss = (await model.testOnBatch([[0, 0]], [[0.25]])) as number;
    close(loss, 0);
  });
});

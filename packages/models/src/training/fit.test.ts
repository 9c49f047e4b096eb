/**
 * fit() on arrays: the numbers it produces are checked against a reference
 * linear model trained by plain-JavaScript SGD (mean squared error, Keras's
 * batch-size-weighted epoch loss), for every way of slicing the data.
 */

import { Callback } from '@layerwise/callbacks';
import type { Logs } from '@layerwise/core';
import { ValueError } from '@layerwise/core';
import { Concatenate, Dense, Input, resetLayerNames } from '@layerwise/layers';
import { SGD } from '@layerwise/optimizers';
import { setSeed, type Tensor, tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(11);
});

const TOL = 1e-5;

function close(actual: number, expected: number, tol = TOL): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

function closeAll(actual: number[], expected: number[], tol = TOL): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    close(v, expected[i], tol);
  });
}

// ---- a reference linear regression trained by SGD in plain JavaScript -----

interface Linear {
  w: number[];
  b: number;
}

const W0: Linear = { w: [0.5, -1], b: 0.25 };

/** Twelve samples of two features, targets from a noisy plane. */
const X = Array.from({ length: 12 }, (_, i) => [((i * 7) % 5) / 4 - 0.5, ((i * 3) % 4) / 3 - 0.5]);
const Y = X.map(([a, b], i) => [1.5 * a - 2 * b + 0.5 + ((i % 3) - 1) * 0.1]);

function predict(m: Linear, x: number[]): number {
  return x.reduce((s, v, j) => s + v * m.w[j], m.b);
}

/**
 * One SGD step of `lr` on the samples `idx` with weights `sw` (default 1):
 * returns the batch loss (Keras's sum_over_batch_size: sum(w * se) / n) and
 * the updated model.
 */
function sgdStep(m: Linear, idx: number[], lr: number, sw?: number[]): { loss: number; next: Linear } {
  const n = idx.length;
  let loss = 0;
  const gw = m.w.map(() => 0);
  let gb = 0;
  idx.forEach((i) => {
    const weight = sw?.[i] ?? 1;
    const err = predict(m, X[i]) - Y[i][0];
    loss += (weight * err * err) / n;
    const d = (2 * weight * err) / n;
    X[i].forEach((v, j) => {
      gw[j] += d * v;
    });
    gb += d;
  });
  return { loss, next: { w: m.w.map((v, j) => v - lr * gw[j]), b: m.b - lr * gb } };
}

/** Trains on `batches` in order; returns the epoch loss (batch losses weighted by batch size) and the model. */
function sgdEpoch(m: Linear, batches: number[][], lr: number, sw?: number[]): { loss: number; model: Linear } {
  let total = 0;
  let count = 0;
  for (const idx of batches) {
    const { loss, next } = sgdStep(m, idx, lr, sw);
    total += loss * idx.length;
    count += idx.length;
    m = next;
  }
  return { loss: total / count, model: m };
}

/** Batches of `size` over the samples `order`, in order (the last one partial). */
function batchesOf(order: number[], size: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += size) out.push(order.slice(i, i + size));
  return out;
}

const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + i);

function mseOf(m: Linear, idx: number[], sw?: number[]): number {
  return sgdStep(m, idx, 0, sw).loss;
}

// ---- the model under test ------------------------------------------------

function linearModel(lr = 0.1, initial: Linear = W0): Sequential {
  const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.setWeights([tensor(initial.w.map((v) => [v])), tensor([initial.b])]);
  model.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

function weightsOf(model: Model): Linear {
  const [k, b] = model.getWeights();
  const out = { w: Array.from(k.dataSync()), b: b.dataSync()[0] };
  k.dispose();
  b.dispose();
  return out;
}

function expectWeights(model: Model, expected: Linear, tol = TOL): void {
  const got = weightsOf(model);
  closeAll(got.w, expected.w, tol);
  close(got.b, expected.b, tol);
}

/** Records each epoch's logs and the size of every batch seen. */
class Recorder extends Callback {
  epochs: Array<{ epoch: number; logs: Logs }> = [];
  batches: number[] = [];
  epochBegins: number[] = [];
  override onEpochBegin(epoch: number): void {
    this.epochBegins.push(epoch);
  }
  override onTrainBatchEnd(batch: number): void {
    this.batches.push(batch);
  }
  override onEpochEnd(epoch: number, logs?: Logs): void {
    this.epochs.push({ epoch, logs: { ...logs } });
  }
}

// ---- tests ---------------------------------------------------------------

describe('fit: values', () => {
  it('one SGD step on one sample gives exactly the hand-computed loss and weights', async () => {
    // pred = 0.5*1 - 1*2 + 0.25 = -1.25; err = -4.25; loss = 18.0625;
    // dL/dpred = 2 * err = -8.5; kernel -= 0.125 * [-8.5, -17]; bias -= 0.125 * -8.5.
    const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
    model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
    model.compile({ optimizer: new SGD({ learningRate: 0.125 }), loss: 'mse' });
    const history = await model.fit(tensor([[1, 2]]), tensor([[3]]), { epochs: 1, batchSize: 1, verbose: 0 });
    expect(history.history.loss).toEqual([18.0625]);
    const [k, b] = model.getWeights();
    expect(Array.from(k.dataSync())).toEqual([1.5625, 1.125]);
    expect(Array.from(b.dataSync())).toEqual([1.3125]);
  });

  it('returns a History with one value per epoch for each key, and the run params', async () => {
    const model = linearModel();
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse', metrics: ['mae'] });
    const history = await model.fit(X, Y, {
      epochs: 3,
      batchSize: 4,
      shuffle: false,
      verbose: 0,
      validationSplit: 0.25,
    });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(Object.keys(history.history).sort()).toEqual(['loss', 'mae', 'val_loss', 'val_mae']);
    for (const values of Object.values(history.history)) {
      expect(values).toHaveLength(3);
      for (const v of values) expect(Number.isFinite(v)).toBe(true);
    }
    expect(history.params).toEqual({ epochs: 3, steps: 3, verbose: 0 });
    // Training reduces the loss on this easy problem.
    expect(history.history.loss[2]).toBeLessThan(history.history.loss[0]);
  });

  it('splits into batches of batchSize with a partial last batch, in order without shuffle', async () => {
    const model = linearModel(0.2);
    const rec = new Recorder();
    const history = await model.fit(X.slice(0, 5), Y.slice(0, 5), {
      epochs: 2,
      batchSize: 2,
      shuffle: false,
      verbose: 0,
      callbacks: [rec],
    });
    expect(rec.batches).toEqual([0, 1, 2, 0, 1, 2]);
    const e1 = sgdEpoch(W0, [[0, 1], [2, 3], [4]], 0.2);
    const e2 = sgdEpoch(e1.model, [[0, 1], [2, 3], [4]], 0.2);
    closeAll(history.history.loss, [e1.loss, e2.loss]);
    expectWeights(model, e2.model);
  });

  it('shuffle: true visits each sample once per epoch in a seeded random order', async () => {
    const n = 4;
    const perms: number[][] = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (rest.length === 0) perms.push(prefix);
      rest.forEach((v, i) => {
        permute([...prefix, v], [...rest.slice(0, i), ...rest.slice(i + 1)]);
      });
    };
    permute([], range(n));
    const refs = perms.map((p) => sgdEpoch(W0, batchesOf(p, 1), 0.3));

    const run = async (seed: number, shuffle: boolean) => {
      resetLayerNames();
      const model = linearModel(0.3);
      setSeed(seed);
      const history = await model.fit(X.slice(0, n), Y.slice(0, n), { epochs: 1, batchSize: 1, shuffle, verbose: 0 });
      const w = weightsOf(model);
      model.dispose();
      return { loss: history.history.loss[0], w };
    };
    const matching = (r: { loss: number; w: Linear }) =>
      refs
        .map((ref, i) => ({ ref, i }))
        .filter(
          ({ ref }) =>
            Math.abs(ref.loss - r.loss) < 1e-5 &&
            Math.abs(ref.model.b - r.w.b) < 1e-5 &&
            ref.model.w.every((v, j) => Math.abs(v - r.w.w[j]) < 1e-5),
        )
        .map(({ i }) => perms[i].join(''));

    // Without shuffling: exactly the identity order.
    expect(matching(await run(1, false))).toEqual(['0123']);
    // With shuffling: some permutation, the same one for the same seed, and not always the identity.
    const orders = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) {
      const a = matching(await run(seed, true));
      const b = matching(await run(seed, true));
      expect(a).toHaveLength(1);
      expect(b).toEqual(a);
      orders.add(a[0]);
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('shuffle defaults to true', async () => {
    const orders = new Set<string>();
    for (const seed of [1, 2, 3, 4]) {
      resetLayerNames();
      const model = linearModel(0.3);
      setSeed(seed);
      await model.fit(X.slice(0, 4), Y.slice(0, 4), { epochs: 1, batchSize: 1, verbose: 0 });
      orders.add(JSON.stringify(weightsOf(model)));
      model.dispose();
    }
    expect(orders.size).toBeGreaterThan(1);
  });

  it('validationSplit keeps the LAST fraction for validation, taken before shuffling', async () => {
    for (const shuffle of [false, true]) {
      resetLayerNames();
      const model = linearModel(0.1);
      const history = await model.fit(X.slice(0, 10), Y.slice(0, 10), {
        epochs: 1,
        batchSize: 4,
        shuffle,
        verbose: 0,
        validationSplit: 0.2,
      });
      const trained = weightsOf(model);
      // val_loss: the final weights on samples 8 and 9.
      close(history.history.val_loss[0], mseOf(trained, [8, 9]));
      const evaluated = (await model.evaluate(X.slice(8, 10), Y.slice(8, 10), { verbose: 0 })) as number;
      close(history.history.val_loss[0], evaluated);
      if (!shuffle) {
        // Trained on samples 0..7 only, in order.
        const ref = sgdEpoch(W0, [range(4), range(4, 4)], 0.1);
        expectWeights(model, ref.model);
        close(history.history.loss[0], ref.loss);
      }
      model.dispose();
    }
  });

  it('validationSplit rounds the training part down (Keras: floor(n * (1 - split)))', async () => {
    const model = linearModel(0.1);
    const rec = new Recorder();
    // 5 samples, split 0.3: floor(3.5) = 3 for training, 2 for validation.
    const history = await model.fit(X.slice(0, 5), Y.slice(0, 5), {
      epochs: 1,
      batchSize: 1,
      shuffle: false,
      verbose: 0,
      validationSplit: 0.3,
      callbacks: [rec],
    });
    expect(rec.batches).toEqual([0, 1, 2]);
    close(history.history.val_loss[0], mseOf(weightsOf(model), [3, 4]));
  });

  it('validationData as [x, y] and [x, y, sampleWeight] arrays', async () => {
    const model = linearModel(0.1);
    const sw = [0.5, 2, 1];
    const history = await model.fit(X.slice(0, 6), Y.slice(0, 6), {
      epochs: 2,
      batchSize: 3,
      verbose: 0,
      validationData: [X.slice(6, 9), Y.slice(6, 9)],
    });
    const trained = weightsOf(model);
    close(history.history.val_loss[1], mseOf(trained, [6, 7, 8]));
    const history2 = await model.fit(X.slice(0, 6), Y.slice(0, 6), {
      epochs: 1,
      batchSize: 3,
      verbose: 0,
      validationData: [tensor(X.slice(6, 9)), tensor(Y.slice(6, 9)), sw],
    });
    const sw9 = [0, 0, 0, 0, 0, 0, ...sw];
    close(history2.history.val_loss[0], mseOf(weightsOf(model), [6, 7, 8], sw9));
    const evaluated = (await model.evaluate(X.slice(6, 9), Y.slice(6, 9), { verbose: 0, sampleWeight: sw })) as number;
    close(history2.history.val_loss[0], evaluated);
  });

  it('validationBatchSize and validationSteps limit the validation batches', async () => {
    const model = linearModel(0.1);
    const testBatches: number[] = [];
    const cb = new (class extends Callback {
      override onTestBatchEnd(batch: number) {
        testBatches.push(batch);
      }
    })();
    const history = await model.fit(X.slice(0, 4), Y.slice(0, 4), {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
      validationData: [X.slice(4, 10), Y.slice(4, 10)],
      validationBatchSize: 2,
      validationSteps: 2,
      callbacks: [cb],
    });
    expect(testBatches).toEqual([0, 1]);
    close(history.history.val_loss[0], mseOf(weightsOf(model), [4, 5, 6, 7]));
  });

  it('validationFreq as a number validates every N epochs; as a list, at those (1-based) epochs', async () => {
    for (const [freq, expected] of [
      [2, [1, 3]],
      [
        [1, 4],
        [0, 3],
      ],
      [5, []],
    ] as const) {
      resetLayerNames();
      const model = linearModel(0.1);
      const rec = new Recorder();
      const history = await model.fit(X.slice(0, 4), Y.slice(0, 4), {
        epochs: 4,
        batchSize: 4,
        verbose: 0,
        validationData: [X.slice(4, 6), Y.slice(4, 6)],
        validationFreq: freq as number | number[],
        callbacks: [rec],
      });
      const validated = rec.epochs.filter((e) => 'val_loss' in e.logs).map((e) => e.epoch);
      expect(validated).toEqual(expected);
      expect(history.history.loss).toHaveLength(4);
      expect(history.history.val_loss ?? []).toHaveLength(expected.length);
      model.dispose();
    }
  });

  it('initialEpoch resumes: epochs counts up to `epochs`, starting at initialEpoch', async () => {
    const model = linearModel(0.1);
    const rec = new Recorder();
    const history = await model.fit(X.slice(0, 4), Y.slice(0, 4), {
      epochs: 3,
      initialEpoch: 1,
      batchSize: 4,
      verbose: 0,
      callbacks: [rec],
    });
    expect(rec.epochBegins).toEqual([1, 2]);
    expect(history.epoch).toEqual([1, 2]);
    expect(history.history.loss).toHaveLength(2);
    const e1 = sgdEpoch(W0, [range(4)], 0.1);
    const e2 = sgdEpoch(e1.model, [range(4)], 0.1);
    closeAll(history.history.loss, [e1.loss, e2.loss]);
  });

  it('stepsPerEpoch takes that many batches from the arrays each epoch', async () => {
    const model = linearModel(0.1);
    const rec = new Recorder();
    const history = await model.fit(X, Y, {
      epochs: 2,
      batchSize: 2,
      stepsPerEpoch: 2,
      shuffle: false,
      verbose: 0,
      callbacks: [rec],
    });
    expect(rec.batches).toEqual([0, 1, 0, 1]);
    expect(history.params?.steps).toBe(2);
    const e1 = sgdEpoch(
      W0,
      [
        [0, 1],
        [2, 3],
      ],
      0.1,
    );
    const e2 = sgdEpoch(
      e1.model,
      [
        [0, 1],
        [2, 3],
      ],
      0.1,
    );
    closeAll(history.history.loss, [e1.loss, e2.loss]);
    expectWeights(model, e2.model);
  });
});

describe('fit: weights', () => {
  it('sampleWeight weighs each sample in the loss and the gradient', async () => {
    const model = linearModel(0.1);
    const sw = [1, 0, 2, 0.5, 3, 1];
    const history = await model.fit(X.slice(0, 6), Y.slice(0, 6), {
      epochs: 1,
      batchSize: 3,
      shuffle: false,
      verbose: 0,
      sampleWeight: sw,
    });
    const ref = sgdEpoch(W0, [range(3), range(3, 3)], 0.1, sw);
    close(history.history.loss[0], ref.loss);
    expectWeights(model, ref.model);
  });

  it('classWeight equals the sample weights of the mapped classes (sparse targets)', async () => {
    const classes = [0, 1, 2, 1, 0, 2];
    const classWeight = { 0: 0.5, 1: 2, 2: 1.5 };
    const sw = classes.map((c) => classWeight[c as 0 | 1 | 2]);
    const build = () => {
      resetLayerNames();
      const model = new Sequential([new Dense({ units: 3, inputShape: [2], activation: 'softmax' })]);
      model.setWeights([
        tensor([
          [1, 0, -1],
          [0.5, 2, 0],
        ]),
        tensor([0, 0, 0.5]),
      ]);
      model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'sparse_categorical_crossentropy' });
      return model;
    };
    const a = build();
    const ha = await a.fit(X.slice(0, 6), classes, { epochs: 2, batchSize: 6, verbose: 0, classWeight });
    const b = build();
    const hb = await b.fit(X.slice(0, 6), classes, { epochs: 2, batchSize: 6, verbose: 0, sampleWeight: sw });
    closeAll(ha.history.loss, hb.history.loss, 1e-6);
    // The first epoch's loss by hand: sum(w * ce) / n at the initial weights.
    const ce = X.slice(0, 6).map(([p, q], i) => {
      const logits = [p + 0.5 * q, 2 * q, -p + 0.5];
      const lse = Math.log(logits.reduce((s, v) => s + Math.exp(v), 0));
      return lse - logits[classes[i]];
    });
    close(ha.history.loss[0], ce.reduce((s, v, i) => s + sw[i] * v, 0) / 6);
  });

  it('classWeight works with one-hot targets, and classes it does not list weigh 1 (as Keras)', async () => {
    const oneHot = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0, 0, 1],
    ];
    const build = () => {
      resetLayerNames();
      const model = new Sequential([new Dense({ units: 3, inputShape: [2], activation: 'softmax' })]);
      model.setWeights([
        tensor([
          [1, 0, -1],
          [0.5, 2, 0],
        ]),
        tensor([0, 0, 0]),
      ]);
      model.compile({ optimizer: 'sgd', loss: 'categorical_crossentropy' });
      return model;
    };
    // Only class 0 is listed: classes 1 and 2 keep weight 1.
    const a = (await build().trainOnBatch(X.slice(0, 4), oneHot, { classWeight: { 0: 4 } })) as number;
    const b = (await build().trainOnBatch(X.slice(0, 4), oneHot, { sampleWeight: [4, 1, 1, 1] })) as number;
    close(a, b, 1e-6);
    // Only class 1 is listed: class 0 (below it) and class 2 (above it) weigh 1.
    const c = (await build().trainOnBatch(X.slice(0, 4), oneHot, { classWeight: { 1: 3 } })) as number;
    const d = (await build().trainOnBatch(X.slice(0, 4), oneHot, { sampleWeight: [1, 3, 1, 1] })) as number;
    close(c, d, 1e-6);
  });

  it('with validationSplit, sampleWeight is split with the data but classWeight weighs training only (as Keras)', async () => {
    const targets = [[0], [1], [1], [0], [1], [0], [1], [1], [0], [1]];
    const run = async (options: object) => {
      resetLayerNames();
      const model = linearModel(0.1);
      const h = await model.fit(X.slice(0, 10), targets, {
        epochs: 1,
        batchSize: 8,
        shuffle: false,
        verbose: 0,
        ...options,
      });
      const trained = weightsOf(model);
      model.dispose();
      return { h, trained };
    };
    const err = (m: Linear, i: number) => (predict(m, X[i]) - targets[i][0]) ** 2;
    const { h: byClass, trained: t1 } = await run({ validationSplit: 0.2, classWeight: { 1: 3 } });
    close(byClass.history.val_loss[0], (err(t1, 8) + err(t1, 9)) / 2);
    const sw = [1, 1, 1, 1, 1, 1, 1, 1, 0.5, 4];
    const { h: bySample, trained: t2 } = await run({ validationSplit: 0.2, sampleWeight: sw });
    close(bySample.history.val_loss[0], (0.5 * err(t2, 8) + 4 * err(t2, 9)) / 2);
  });

  it('classWeight together with sampleWeight is an error', async () => {
    const model = linearModel();
    await expect(
      model.fit(X.slice(0, 2), [0, 1], { verbose: 0, classWeight: { 0: 1, 1: 2 }, sampleWeight: [1, 1] }),
    ).rejects.toThrow(ValueError);
    await expect(
      model.fit(X.slice(0, 2), [0, 1], { verbose: 0, classWeight: { 0: 1, 1: 2 }, sampleWeight: [1, 1] }),
    ).rejects.toThrow(/classWeight and sampleWeight at the same time/);
  });
});

describe('fit: data forms', () => {
  it('tensors, nested arrays and typed arrays (shaped by the model input) train the same', async () => {
    const flat = Float32Array.from(X.slice(0, 6).flat());
    const forms: Array<[string, unknown, unknown]> = [
      ['tensors', tensor(X.slice(0, 6)), tensor(Y.slice(0, 6))],
      ['nested arrays', X.slice(0, 6), Y.slice(0, 6)],
      ['typed arrays', flat, Float32Array.from(Y.slice(0, 6).flat())],
    ];
    const results: Linear[] = [];
    const losses: number[] = [];
    for (const [, x, y] of forms) {
      resetLayerNames();
      const model = linearModel(0.1);
      const h = await model.fit(x as Tensor, y as Tensor, { epochs: 2, batchSize: 4, shuffle: false, verbose: 0 });
      results.push(weightsOf(model));
      losses.push(h.history.loss[1]);
      model.dispose();
    }
    const e1 = sgdEpoch(W0, [range(4), range(2, 4)], 0.1);
    const e2 = sgdEpoch(e1.model, [range(4), range(2, 4)], 0.1);
    for (const [i, w] of results.entries()) {
      closeAll(w.w, e2.model.w);
      close(w.b, e2.model.b);
      close(losses[i], e2.loss);
    }
  });

  it('does not dispose the tensors the caller passed', async () => {
    const model = linearModel();
    const x = tensor(X.slice(0, 4));
    const y = tensor(Y.slice(0, 4));
    await model.fit(x, y, { epochs: 2, batchSize: 2, verbose: 0, validationSplit: 0.5 });
    expect(x.isDisposed).toBe(false);
    expect(y.isDisposed).toBe(false);
  });

  it('a two-input model takes a list or an object keyed by input name, targets keyed by output name', async () => {
    const build = () => {
      resetLayerNames();
      const a = Input({ shape: [1], name: 'a' });
      const b = Input({ shape: [1], name: 'b' });
      const merged = new Concatenate().apply([a, b]);
      const out = new Dense({ units: 1, name: 'out' }).apply(merged);
      const model = new Model({ inputs: [a, b], outputs: out });
      model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
      model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
      return model;
    };
    const xa = X.slice(0, 6).map((r) => [r[0]]);
    const xb = X.slice(0, 6).map((r) => [r[1]]);
    const y = Y.slice(0, 6);
    const m1 = build();
    expect(m1.inputNames).toEqual(['a', 'b']);
    const h1 = await m1.fit([xa, xb], y, { epochs: 1, batchSize: 3, shuffle: false, verbose: 0 });
    const m2 = build();
    const h2 = await m2.fit(
      { b: tensor(xb), a: xa },
      { out: y },
      { epochs: 1, batchSize: 3, shuffle: false, verbose: 0 },
    );
    const ref = sgdEpoch(W0, [range(3), range(3, 3)], 0.1);
    close(h1.history.loss[0], ref.loss);
    close(h2.history.loss[0], ref.loss);
    const [k1, b1] = m1.getWeights();
    closeAll(Array.from(k1.dataSync()), ref.model.w);
    close(b1.dataSync()[0], ref.model.b);
    const [k2, b2] = m2.getWeights();
    closeAll(Array.from(k2.dataSync()), ref.model.w);
    close(b2.dataSync()[0], ref.model.b);
  });

  it('an input object with a wrong key names the inputs it expected', async () => {
    const a = Input({ shape: [1], name: 'a' });
    const b = Input({ shape: [1], name: 'b' });
    const model = new Model({
      inputs: [a, b],
      outputs: new Dense({ units: 1 }).apply(new Concatenate().apply([a, b])),
    });
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit({ a: [[1]], c: [[2]] }, [[1]], { verbose: 0 })).rejects.toThrow(
      /inputs 'a', 'b', but the object given has keys 'a', 'c'/,
    );
  });

  it('a single-input model also takes a list holding its one input', async () => {
    const model = linearModel(0.1);
    const h = await model.fit([tensor(X.slice(0, 4))], [tensor(Y.slice(0, 4))], {
      epochs: 1,
      batchSize: 4,
      verbose: 0,
    });
    close(h.history.loss[0], sgdEpoch(W0, [range(4)], 0.1).loss);
  });
});

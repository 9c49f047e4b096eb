/**
 * fit, evaluate and predict on datasets: any object with an async iterator
 * yielding [x, y] or [x, y, sampleWeight] batches. The engine disposes the
 * batches; stepsPerEpoch continues one iterator across epochs (endless
 * datasets); without it, each epoch iterates the dataset afresh.
 */

import { Callback } from '@layerwise/callbacks';
import type { DatasetLike } from '@layerwise/core';
import { ValueError } from '@layerwise/core';
import { Dense, resetLayerNames } from '@layerwise/layers';
import { SGD } from '@layerwise/optimizers';
import { memory, setSeed, type Tensor, tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(3);
});

const TOL = 1e-5;

function close(actual: number, expected: number, tol = TOL): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

const X = Array.from({ length: 6 }, (_, i) => [i / 3 - 0.8, ((i * 4) % 6) / 3 - 1]);
const Y = X.map(([a, b]) => [a - 2 * b + 0.1]);

function linearModel(lr = 0.1): Sequential {
  const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
  model.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse' });
  return model;
}

/**
 * Yields batches of `size` over X/Y (with sample weights when given),
 * `passes` times over (Infinity: endless). Records every tensor it yields
 * and how many iterators were opened and closed.
 */
class ArrayDataset implements DatasetLike<Tensor[]> {
  yielded: Tensor[] = [];
  opened = 0;
  closed = 0;
  batches = 0;
  constructor(
    private readonly size: number,
    private readonly passes = 1,
    private readonly sampleWeight?: number[],
    private readonly count = X.length,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Tensor[]> {
    this.opened++;
    try {
      for (let pass = 0; pass < this.passes; pass++) {
        for (let i = 0; i < this.count; i += this.size) {
          const batch = [tensor(X.slice(i, i + this.size)), tensor(Y.slice(i, i + this.size))];
          if (this.sampleWeight) batch.push(tensor(this.sampleWeight.slice(i, i + this.size)));
          this.yielded.push(...batch);
          this.batches++;
          yield batch;
        }
      }
    } finally {
      this.closed++;
    }
  }
}

async function arrayFit(options: object) {
  resetLayerNames();
  const model = linearModel();
  const history = await model.fit(X, Y, { verbose: 0, shuffle: false, ...options });
  const weights = model.getWeights().map((w) => Array.from(w.dataSync()));
  model.dispose();
  return { loss: history.history.loss, weights };
}

describe('fit on a dataset', () => {
  it('trains as the same batches from arrays would, and disposes every tensor the dataset yielded', async () => {
    const model = linearModel();
    const ds = new ArrayDataset(4);
    const history = await model.fit(ds, null, { epochs: 3, verbose: 0 });
    const ref = await arrayFit({ epochs: 3, batchSize: 4 });
    history.history.loss.forEach((v, i) => {
      close(v, ref.loss[i]);
    });
    const w = model.getWeights().map((t) => Array.from(t.dataSync()));
    w.flat().forEach((v, i) => {
      close(v, ref.weights.flat()[i]);
    });
    expect(ds.opened).toBe(3); // iterated afresh each epoch
    expect(ds.yielded).toHaveLength(3 * 2 * 2);
    expect(ds.yielded.every((t) => t.isDisposed)).toBe(true);
  });

  it('[x, y, sampleWeight] batches weigh the loss as sampleWeight does', async () => {
    const sw = [1, 0.5, 2, 0, 1.5, 1];
    const model = linearModel();
    const ds = new ArrayDataset(3, 1, sw);
    const history = await model.fit(ds, null, { epochs: 2, verbose: 0 });
    const ref = await arrayFit({ epochs: 2, batchSize: 3, sampleWeight: sw });
    history.history.loss.forEach((v, i) => {
      close(v, ref.loss[i]);
    });
    expect(ds.yielded.every((t) => t.isDisposed)).toBe(true);
  });

  it('stepsPerEpoch continues one iterator over an endless dataset, and closes it at the end', async () => {
    const model = linearModel();
    const ds = new ArrayDataset(2, Number.POSITIVE_INFINITY);
    const batches: number[] = [];
    const cb = new (class extends Callback {
      override onTrainBatchEnd(batch: number) {
        batches.push(batch);
      }
    })();
    const history = await model.fit(ds, null, { epochs: 4, stepsPerEpoch: 2, verbose: 0, callbacks: [cb] });
    expect(batches).toEqual([0, 1, 0, 1, 0, 1, 0, 1]);
    expect(ds.opened).toBe(1);
    expect(ds.batches).toBe(8);
    expect(ds.closed).toBe(1);
    expect(history.params?.steps).toBe(2);
    // The same as 8 batches of 2 cycling over the six samples: epochs of [0,1],[2,3] / [4,5],[0,1] / ...
    const ref = await arrayFit({ epochs: 4, batchSize: 2 }); // 3 batches per epoch: 12 steps in all
    expect(ref.loss).toHaveLength(4);
    const eight = await (async () => {
      resetLayerNames();
      const m = linearModel();
      const order = [0, 1, 2, 0, 1, 2, 0, 1].map((k) => [2 * k, 2 * k + 2]);
      const losses: number[] = [];
      for (const [a, b] of order) losses.push((await m.trainOnBatch(X.slice(a, b), Y.slice(a, b))) as number);
      const w = m.getWeights().map((t) => Array.from(t.dataSync()));
      m.dispose();
      return { losses, w };
    })();
    const epochLoss = [0, 1, 2, 3].map((e) => (eight.losses[2 * e] + eight.losses[2 * e + 1]) / 2);
    history.history.loss.forEach((v, i) => {
      close(v, epochLoss[i]);
    });
    const w = model.getWeights().map((t) => Array.from(t.dataSync()));
    w.flat().forEach((v, i) => {
      close(v, eight.w.flat()[i]);
    });
    expect(ds.yielded.every((t) => t.isDisposed)).toBe(true);
  });

  it('stepsPerEpoch on a finite dataset that runs dry raises a clear error', async () => {
    const model = linearModel();
    const ds = new ArrayDataset(3, 1); // 2 batches in all
    await expect(model.fit(ds, null, { epochs: 3, stepsPerEpoch: 2, verbose: 0 })).rejects.toThrow(
      /produced no batches.*stepsPerEpoch/,
    );
  });

  it('uses the dataset cardinality for params.steps when it has one', async () => {
    const model = linearModel();
    const ds = Object.assign(new ArrayDataset(2), { cardinality: () => 3 });
    const history = await model.fit(ds, null, { epochs: 1, verbose: 0 });
    expect(history.params?.steps).toBe(3);
  });

  it('validationData as a dataset: val_loss equals evaluate on it', async () => {
    const model = linearModel();
    const val = new ArrayDataset(4);
    const history = await model.fit(X.slice(0, 4), Y.slice(0, 4), { epochs: 2, verbose: 0, validationData: val });
    expect(val.opened).toBe(2);
    const evaluated = (await model.evaluate(new ArrayDataset(4), null, { verbose: 0 })) as number;
    close(history.history.val_loss[1], evaluated);
    // By hand: the trained weights on all six samples.
    const [k, b] = model.getWeights().map((t) => Array.from(t.dataSync()));
    const mse = X.reduce((s, [p, q], i) => s + (p * k[0] + q * k[1] + b[0] - Y[i][0]) ** 2, 0) / X.length;
    close(evaluated, mse);
    expect(val.yielded.every((t) => t.isDisposed)).toBe(true);
  });

  it('accepts nested arrays and plain-number sample weights in dataset batches', async () => {
    const model = linearModel();
    const ds: DatasetLike<unknown> = {
      async *[Symbol.asyncIterator]() {
        yield [X.slice(0, 3), Y.slice(0, 3), [1, 2, 0.5]];
        yield [X.slice(3), Y.slice(3), [0, 1, 1]];
      },
    };
    const ref = await arrayFit({ epochs: 1, batchSize: 3, sampleWeight: [1, 2, 0.5, 0, 1, 1] });
    const before = memory().numTensors;
    const history = await model.fit(ds, null, { epochs: 1, verbose: 0 });
    close(history.history.loss[0], ref.loss[0]);
    // Nothing is left behind: only the optimizer's iteration count and learning rate, which SGD without
    // momentum creates on its first update (as Keras builds them), are new.
    expect(memory().numTensors).toBe(before + 2);
    expect(model.optimizer?.variables().length).toBe(2);
  });

  it('rejects y, sampleWeight, classWeight and validationSplit next to a dataset', async () => {
    const model = linearModel();
    await expect(model.fit(new ArrayDataset(2), Y, { verbose: 0 })).rejects.toThrow(
      /When x is a dataset, y must not be given/,
    );
    await expect(model.fit(new ArrayDataset(2), null, { verbose: 0, sampleWeight: [1] })).rejects.toThrow(
      /third element of each batch/,
    );
    await expect(model.fit(new ArrayDataset(2), null, { verbose: 0, validationSplit: 0.2 })).rejects.toThrow(
      /validationSplit is not supported with a dataset/,
    );
  });

  it('a dataset element that is not [x, y] or [x, y, sw] is a ValueError that says what it got', async () => {
    const model = linearModel();
    const ds: DatasetLike<unknown> = {
      async *[Symbol.asyncIterator]() {
        yield [tensor(X), tensor(Y), tensor([1]), tensor([2])];
      },
    };
    await expect(model.fit(ds, null, { verbose: 0 })).rejects.toThrow(ValueError);
    await expect(model.fit(ds, null, { verbose: 0 })).rejects.toThrow(
      /\[x, y\] or \[x, y, sampleWeight\].*an array of 4/,
    );
  });

  it('an empty dataset raises "produced no batches"', async () => {
    const model = linearModel();
    const empty = new ArrayDataset(2, 0);
    await expect(model.fit(empty, null, { verbose: 0 })).rejects.toThrow(/produced no batches/);
  });
});

describe('evaluate and predict on a dataset', () => {
  it('evaluate with steps takes that many batches', async () => {
    const model = linearModel();
    const loss = (await model.evaluate(new ArrayDataset(2), null, { verbose: 0, steps: 2 })) as number;
    const byHand = X.slice(0, 4).reduce((s, [p, q], i) => s + (0.5 * p - q + 0.25 - Y[i][0]) ** 2, 0) / 4;
    close(loss, byHand);
  });

  it('a bad batch in the middle of predict frees the earlier batches and every yielded tensor', async () => {
    const model = linearModel();
    const yielded: Tensor[] = [];
    const ds: DatasetLike<unknown> = {
      async *[Symbol.asyncIterator]() {
        const good = tensor(X.slice(0, 3));
        const bad = tensor([[1, 2, 3]]);
        yielded.push(good, bad);
        yield good;
        yield bad;
      },
    };
    await expect(model.predict(ds)).rejects.toThrow(); // a first call may build things
    yielded.length = 0;
    const before = memory().numTensors;
    await expect(model.predict(ds)).rejects.toThrow(/expected shape \[null,2\], got \[1,3\]/);
    expect(yielded.every((t) => t.isDisposed)).toBe(true);
    expect(memory().numTensors).toBe(before);
  });

  it('predict ignores the targets and concatenates the batches', async () => {
    const model = linearModel();
    const ds = new ArrayDataset(4);
    const p = await model.predict(ds);
    expect(p.shape).toEqual([6, 1]);
    Array.from(p.dataSync()).forEach((v, i) => {
      close(v, 0.5 * X[i][0] - X[i][1] + 0.25);
    });
    p.dispose();
    expect(ds.yielded.every((t) => t.isDisposed)).toBe(true);
  });
});

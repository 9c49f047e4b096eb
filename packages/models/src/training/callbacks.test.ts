/**
 * How fit talks to callbacks: hook order, lazy logs that read nothing back
 * unless a callback reads them, stopTraining, the callback list Keras
 * builds (user callbacks, then History, then the progress bar), and the
 * memory a training run leaves behind from one epoch to the next.
 */
import { Callback, History, ProgbarLogger } from '@layerwise/callbacks';
import type { DatasetLike, Logs } from '@layerwise/core';
import { Dense, Dropout, Input, regularizers, resetLayerNames } from '@layerwise/layers';
import { Adam, SGD } from '@layerwise/optimizers';
import { memory, randomNormal, scalar, setSeed, type Tensor, tensor } from '@layerwise/tensors';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(5);
});

afterEach(() => {
  vi.restoreAllMocks();
});

const TOL = 1e-5;

function close(actual: number, expected: number, tol = TOL): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

const X = Array.from({ length: 8 }, (_, i) => [(i % 4) / 2 - 0.75, ((i * 5) % 8) / 4 - 1]);
const Y = X.map(([a, b]) => [2 * a - b + 0.3]);

function linearModel(lr = 0.1): Sequential {
  const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
  model.compile({ optimizer: new SGD({ learningRate: lr }), loss: 'mse', metrics: ['mae'] });
  return model;
}

/** Every hook call as a string, e.g. 'trainBatchEnd 1'. */
class HookLog extends Callback {
  calls: string[] = [];
  override onTrainBegin() {
    this.calls.push('trainBegin');
  }
  override onTrainEnd() {
    this.calls.push('trainEnd');
  }
  override onEpochBegin(epoch: number) {
    this.calls.push(`epochBegin ${epoch}`);
  }
  override onEpochEnd(epoch: number) {
    this.calls.push(`epochEnd ${epoch}`);
  }
  override onTrainBatchBegin(batch: number) {
    this.calls.push(`trainBatchBegin ${batch}`);
  }
  override onTrainBatchEnd(batch: number) {
    this.calls.push(`trainBatchEnd ${batch}`);
  }
  override onTestBegin() {
    this.calls.push('testBegin');
  }
  override onTestEnd() {
    this.calls.push('testEnd');
  }
  override onTestBatchBegin(batch: number) {
    this.calls.push(`testBatchBegin ${batch}`);
  }
  override onTestBatchEnd(batch: number) {
    this.calls.push(`testBatchEnd ${batch}`);
  }
  override onPredictBegin() {
    this.calls.push('predictBegin');
  }
  override onPredictEnd() {
    this.calls.push('predictEnd');
  }
  override onPredictBatchBegin(batch: number) {
    this.calls.push(`predictBatchBegin ${batch}`);
  }
  override onPredictBatchEnd(batch: number) {
    this.calls.push(`predictBatchEnd ${batch}`);
  }
}

/** Counts reads from the device through any tensor method while `fn` runs. */
async function countReads(fn: () => Promise<unknown>): Promise<number> {
  const proto = Object.getPrototypeOf(scalar(0)) as Record<string, (...args: unknown[]) => unknown>;
  const spies = ['dataSync', 'arraySync', 'data', 'array', 'bytes', 'buffer', 'bufferSync']
    .filter((name) => typeof proto[name] === 'function')
    .map((name) => vi.spyOn(proto, name));
  try {
    await fn();
    return spies.reduce((n, s) => n + s.mock.calls.length, 0);
  } finally {
    for (const s of spies) s.mockRestore();
  }
}

describe('hooks', () => {
  it('fit calls the hooks in Keras order, validation inside the epoch before onEpochEnd', async () => {
    const model = linearModel();
    const log = new HookLog();
    await model.fit(X.slice(0, 4), Y.slice(0, 4), {
      epochs: 2,
      batchSize: 2,
      verbose: 0,
      validationData: [X.slice(4, 6), Y.slice(4, 6)],
      callbacks: [log],
    });
    const epoch = (e: number) => [
      `epochBegin ${e}`,
      'trainBatchBegin 0',
      'trainBatchEnd 0',
      'trainBatchBegin 1',
      'trainBatchEnd 1',
      'testBegin',
      'testBatchBegin 0',
      'testBatchEnd 0',
      'testEnd',
      `epochEnd ${e}`,
    ];
    expect(log.calls).toEqual(['trainBegin', ...epoch(0), ...epoch(1), 'trainEnd']);
  });

  it('evaluate and predict call their own hooks', async () => {
    const model = linearModel();
    const log = new HookLog();
    await model.evaluate(X.slice(0, 3), Y.slice(0, 3), { batchSize: 2, verbose: 0, callbacks: [log] });
    expect(log.calls).toEqual([
      'testBegin',
      'testBatchBegin 0',
      'testBatchEnd 0',
      'testBatchBegin 1',
      'testBatchEnd 1',
      'testEnd',
    ]);
    log.calls = [];
    const p = await model.predict(X.slice(0, 3), { batchSize: 2, callbacks: [log] });
    p.dispose();
    expect(log.calls).toEqual([
      'predictBegin',
      'predictBatchBegin 0',
      'predictBatchEnd 0',
      'predictBatchBegin 1',
      'predictBatchEnd 1',
      'predictEnd',
    ]);
  });

  it('callbacks get the model and the params; async hooks are awaited in order', async () => {
    const model = linearModel();
    const order: string[] = [];
    const slow = new (class extends Callback {
      override async onEpochEnd(epoch: number) {
        await new Promise((r) => setTimeout(r, 5));
        order.push(`slow ${epoch}`);
      }
    })();
    const fast = new (class extends Callback {
      override onEpochEnd(epoch: number) {
        order.push(`fast ${epoch}`);
      }
    })();
    await model.fit(X, Y, { epochs: 2, batchSize: 4, verbose: 0, callbacks: [slow, fast] });
    expect(order).toEqual(['slow 0', 'fast 0', 'slow 1', 'fast 1']);
    expect(slow.model).toBe(model);
    expect(slow.params).toEqual({ epochs: 2, steps: 2, verbose: 0 });
  });

  it('batch logs are lazy running means; epoch logs are plain numbers', async () => {
    const model = linearModel(0.1);
    const seen: Array<Record<string, number>> = [];
    let epochLogs: Logs | undefined;
    const cb = new (class extends Callback {
      override onTrainBatchEnd(_batch: number, logs?: Logs) {
        seen.push({ loss: logs?.loss as number, mae: logs?.mae as number });
      }
      override onEpochEnd(_epoch: number, logs?: Logs) {
        epochLogs = logs;
      }
    })();
    await model.fit(X.slice(0, 4), Y.slice(0, 4), {
      epochs: 1,
      batchSize: 2,
      shuffle: false,
      verbose: 0,
      callbacks: [cb],
    });
    // Batch 0 at the initial weights; batch 1 after one SGD step; logs are running means over the epoch.
    const w = [0.5, -1];
    let b = 0.25;
    const losses: number[] = [];
    const maes: number[] = [];
    for (const idx of [
      [0, 1],
      [2, 3],
    ]) {
      const errs = idx.map((i) => X[i][0] * w[0] + X[i][1] * w[1] + b - Y[i][0]);
      losses.push(errs.reduce((s, e) => s + e * e, 0) / 2);
      maes.push(errs.reduce((s, e) => s + Math.abs(e), 0) / 2);
      const gw = [0, 0];
      let gb = 0;
      idx.forEach((i, k) => {
        gw[0] += errs[k] * X[i][0];
        gw[1] += errs[k] * X[i][1];
        gb += errs[k];
      });
      w[0] -= 0.1 * gw[0];
      w[1] -= 0.1 * gw[1];
      b -= 0.1 * gb;
    }
    close(seen[0].loss, losses[0]);
    close(seen[0].mae, maes[0]);
    close(seen[1].loss, (losses[0] + losses[1]) / 2);
    close(seen[1].mae, (maes[0] + maes[1]) / 2);
    expect(epochLogs).toBeDefined();
    const descriptor = Object.getOwnPropertyDescriptor(epochLogs, 'loss');
    expect(descriptor?.get).toBeUndefined();
    close(epochLogs?.loss as number, seen[1].loss);
  });

  it('a callback may add to the epoch logs; History (after user callbacks, as Keras) records it', async () => {
    const model = linearModel();
    const addLr = new (class extends Callback {
      override onEpochEnd(_epoch: number, logs?: Logs) {
        if (logs) logs.learning_rate = 0.1;
      }
    })();
    const history = await model.fit(X, Y, { epochs: 2, batchSize: 8, verbose: 0, callbacks: [addLr] });
    expect(history.history.learning_rate).toEqual([0.1, 0.1]);
  });

  it('a History or ProgbarLogger given by the user is used instead of a second one', async () => {
    const model = linearModel();
    const mine = new History();
    let out = '';
    const bar = new ProgbarLogger({
      write: (t) => {
        out += t;
      },
    });
    const history = await model.fit(X, Y, { epochs: 2, batchSize: 8, verbose: 1, callbacks: [mine, bar] });
    expect(history).toBe(mine);
    expect(mine.history.loss).toHaveLength(2);
    // One progress output: each epoch header once.
    expect(out.match(/Epoch 1\/2/g)).toHaveLength(1);
    expect(out.match(/Epoch 2\/2/g)).toHaveLength(1);
  });
});

describe('stopTraining', () => {
  it('set in onTrainBatchEnd ends training after that batch', async () => {
    const model = linearModel();
    const log = new HookLog();
    const stopper = new (class extends Callback {
      override onTrainBatchEnd(batch: number) {
        if (batch === 1) model.stopTraining = true;
      }
    })();
    const history = await model.fit(X, Y, { epochs: 5, batchSize: 2, verbose: 0, callbacks: [stopper, log] });
    expect(log.calls).toEqual([
      'trainBegin',
      'epochBegin 0',
      'trainBatchBegin 0',
      'trainBatchEnd 0',
      'trainBatchBegin 1',
      'trainBatchEnd 1',
      'epochEnd 0',
      'trainEnd',
    ]);
    expect(history.epoch).toEqual([0]);
  });

  it('set in onEpochEnd ends training after that epoch (and the next fit starts afresh)', async () => {
    const model = linearModel();
    const stopper = new (class extends Callback {
      override onEpochEnd(epoch: number) {
        if (epoch === 2 && this.model) this.model.stopTraining = true;
      }
    })();
    const history = await model.fit(X, Y, { epochs: 10, batchSize: 4, verbose: 0, callbacks: [stopper] });
    expect(history.epoch).toEqual([0, 1, 2]);
    expect(model.stopTraining).toBe(true);
    const again = await model.fit(X, Y, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(again.epoch).toEqual([0, 1]);
  });
});

describe('no per-batch read-back', () => {
  const fitWith = (batchSize: number, callbacks: Callback[] = [], extra: object = {}) => {
    resetLayerNames();
    const model = linearModel();
    return countReads(async () => {
      await model.fit(X, Y, { epochs: 3, batchSize, verbose: 0, callbacks, ...extra });
    }).finally(() => model.dispose());
  };

  it('a callback that never reads the logs causes reads only at epoch ends, not per batch', async () => {
    const silent = new (class extends Callback {
      batches = 0;
      override onTrainBatchEnd() {
        this.batches++;
      }
    })();
    const few = await fitWith(4, [silent]); // 2 batches per epoch
    expect(silent.batches).toBe(6);
    const many = await fitWith(1, [silent]); // 8 batches per epoch
    expect(silent.batches).toBe(6 + 24);
    expect(many).toBe(few);
    // At most one read-back per epoch for the epoch logs (plus none per batch).
    expect(few).toBeLessThanOrEqual(3);
  });

  it('with shuffling, validation and a weighted metric there are still no per-batch reads', async () => {
    const options = { shuffle: true, validationData: [X.slice(0, 4), Y.slice(0, 4)], sampleWeight: X.map(() => 2) };
    const few = await fitWith(4, [], options);
    const many = await fitWith(1, [], options);
    expect(many).toBe(few);
  });

  it('a Functional model with dropout, a regularizer, two outputs, metrics and Adam with a schedule: no per-batch reads', async () => {
    const run = async (batchSize: number) => {
      resetLayerNames();
      setSeed(1);
      const input = Input({ shape: [2] });
      const hidden = new Dense({ units: 4, activation: 'relu', kernelRegularizer: regularizers.l2(0.01) }).apply(input);
      const dropped = new Dropout({ rate: 0.25 }).apply(hidden);
      const a = new Dense({ units: 1, name: 'a' }).apply(dropped);
      const b = new Dense({ units: 3, activation: 'softmax', name: 'b' }).apply(dropped);
      const model = new Model({ inputs: input, outputs: [a, b] });
      model.compile({
        optimizer: new Adam({ learningRate: (step: number) => 0.01 / (1 + step) }),
        loss: ['mse', 'sparse_categorical_crossentropy'],
        metrics: [['mae'], ['accuracy']],
      });
      const labels = X.map((_, i) => i % 3);
      const reads = await countReads(() => model.fit(X, [Y, labels], { epochs: 2, batchSize, verbose: 0 }));
      model.dispose();
      return reads;
    };
    expect(await run(1)).toBe(await run(4));
  });

  it('the counting sees reads: a callback that reads the loss every batch reads once per batch', async () => {
    const reader = new (class extends Callback {
      override onTrainBatchEnd(_b: number, logs?: Logs) {
        void logs?.loss;
        void logs?.loss; // the second read is cached
      }
    })();
    const few = await fitWith(4, [reader]);
    const many = await fitWith(1, [reader]);
    expect(many - few).toBe(3 * (8 - 2));
  });
});

describe('memory', () => {
  /** numTensors at the end of every epoch. */
  class TensorCounter extends Callback {
    counts: number[] = [];
    override onEpochEnd() {
      this.counts.push(memory().numTensors);
    }
  }

  async function checkStable(model: { dispose(): void }, fit: (cb: TensorCounter) => Promise<unknown>): Promise<void> {
    const counter = new TensorCounter();
    await fit(counter);
    expect(counter.counts).toHaveLength(10);
    expect(new Set(counter.counts).size, `numTensors per epoch: ${counter.counts.join(', ')}`).toBe(1);
    // A second run leaves the same number of tensors behind as the first.
    const after1 = memory().numTensors;
    await fit(new TensorCounter());
    expect(memory().numTensors).toBe(after1);
    model.dispose();
  }

  it('Sequential: numTensors after epoch 1 equals after epoch 10', async () => {
    const model = linearModel();
    await checkStable(model, (cb) =>
      model.fit(X, Y, { epochs: 10, batchSize: 3, verbose: 0, callbacks: [cb], validationSplit: 0.25 }),
    );
  });

  it('Functional with dropout, a kernel regularizer, two outputs and Adam', async () => {
    const input = Input({ shape: [2] });
    const hidden = new Dense({ units: 8, activation: 'relu', kernelRegularizer: regularizers.l2(0.01) }).apply(input);
    const dropped = new Dropout({ rate: 0.5 }).apply(hidden);
    const a = new Dense({ units: 1, name: 'a' }).apply(dropped);
    const b = new Dense({ units: 3, activation: 'softmax', name: 'b' }).apply(dropped);
    const model = new Model({ inputs: input, outputs: [a, b] });
    model.compile({
      optimizer: 'adam',
      loss: ['mse', 'sparse_categorical_crossentropy'],
      metrics: [['mae'], ['accuracy']],
      weightedMetrics: [['mse'], []],
    });
    const labels = X.map((_, i) => i % 3);
    await checkStable(model, (cb) =>
      model.fit(X, [Y, labels], {
        epochs: 10,
        batchSize: 3,
        verbose: 0,
        callbacks: [cb],
        sampleWeight: X.map((_, i) => 1 + (i % 2)),
        validationData: [X, [Y, labels]],
      }),
    );
  });

  it('a dataset input (whose tensors the engine disposes)', async () => {
    const model = linearModel();
    const dataset: DatasetLike<[Tensor, Tensor]> = {
      async *[Symbol.asyncIterator]() {
        for (let i = 0; i < 8; i += 2) yield [tensor(X.slice(i, i + 2)), tensor(Y.slice(i, i + 2))];
      },
    };
    await checkStable(model, (cb) => model.fit(dataset, null, { epochs: 10, verbose: 0, callbacks: [cb] }));
  });

  it('evaluate leaves no tensor behind; predict only its result', async () => {
    const model = linearModel();
    await model.evaluate(X, Y, { verbose: 0, batchSize: 3 });
    const before = memory().numTensors;
    await model.evaluate(X, Y, { verbose: 0, batchSize: 3 });
    expect(memory().numTensors).toBe(before);
    const p = await model.predict(X, { batchSize: 3 });
    expect(memory().numTensors).toBe(before + 1);
    p.dispose();
    const x = randomNormal([5, 2]);
    const q = await model.predict(x, { batchSize: 2 });
    expect(memory().numTensors).toBe(before + 2);
    q.dispose();
    x.dispose();
  });
});

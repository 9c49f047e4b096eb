/**
 * evaluate, predict, trainOnBatch, testOnBatch and predictOnBatch: their
 * return forms and values (by hand), batching, and the tensors they leave.
 */
import { Dense, Input, resetLayerNames, type SymbolicTensor } from '@layerwise/layers';
import { SGD } from '@layerwise/optimizers';
import { memory, randomNormal, setSeed, type Tensor, tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Model } from '../model.js';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(9);
});

const TOL = 1e-5;

function close(actual: number, expected: number, tol = TOL): void {
  expect(Math.abs(actual - expected), `got ${actual}, expected ${expected}`).toBeLessThanOrEqual(
    tol * Math.max(1, Math.abs(expected)),
  );
}

const X = [
  [1, 2],
  [0, 1],
  [2, 0],
  [-1, 1],
  [0.5, -0.5],
];
const Y = [[3], [-1], [1], [0], [2]];
const pred = (x: number[], w = [0.5, -1], b = 0.25) => x[0] * w[0] + x[1] * w[1] + b;
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const SE = X.map((x, i) => (pred(x) - Y[i][0]) ** 2);
const AE = X.map((x, i) => Math.abs(pred(x) - Y[i][0]));

function linearModel(metrics: string[] = []): Sequential {
  const model = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
  model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse', metrics });
  return model;
}

describe('evaluate', () => {
  it('returns a number when only the loss is compiled', async () => {
    const model = linearModel();
    const loss = await model.evaluate(X, Y, { verbose: 0 });
    expect(typeof loss).toBe('number');
    close(loss as number, mean(SE));
  });

  it('returns a list in metricsNames order with metrics, or an object with returnDict', async () => {
    const model = linearModel(['mae', 'mse']);
    expect(model.metricsNames).toEqual(['loss', 'mae', 'mse']);
    const list = (await model.evaluate(X, Y, { verbose: 0 })) as number[];
    expect(Array.isArray(list)).toBe(true);
    close(list[0], mean(SE));
    close(list[1], mean(AE));
    close(list[2], mean(SE));
    const dict = await model.evaluate(X, Y, { verbose: 0, returnDict: true });
    expect(Object.keys(dict)).toEqual(['loss', 'mae', 'mse']);
    expect(dict).toEqual({ loss: list[0], mae: list[1], mse: list[2] });
  });

  it('any batch size gives the whole-data mean (batch losses weighted by their size)', async () => {
    const model = linearModel(['mae']);
    for (const batchSize of [1, 2, 3, 5, 32]) {
      const [loss, mae] = (await model.evaluate(X, Y, { verbose: 0, batchSize })) as number[];
      close(loss, mean(SE));
      close(mae, mean(AE));
    }
  });

  it('with sampleWeight across batches, the loss is sum(w * se) / n', async () => {
    const model = linearModel();
    const sw = [1, 0, 2, 0.5, 3];
    const expected = SE.reduce((s, v, i) => s + sw[i] * v, 0) / 5;
    for (const batchSize of [2, 5]) {
      close((await model.evaluate(X, Y, { verbose: 0, batchSize, sampleWeight: sw })) as number, expected);
    }
  });

  it('steps limits the batches', async () => {
    const model = linearModel();
    const loss = (await model.evaluate(X, Y, { verbose: 0, batchSize: 2, steps: 1 })) as number;
    close(loss, mean(SE.slice(0, 2)));
  });

  it('does not change the weights', async () => {
    const model = linearModel();
    await model.evaluate(X, Y, { verbose: 0 });
    const [k, b] = model.getWeights();
    expect(Array.from(k.dataSync())).toEqual([0.5, -1]);
    expect(Array.from(b.dataSync())).toEqual([0.25]);
  });
});

describe('predict', () => {
  it('batched predictions concatenate to predictOnBatch on all the data', async () => {
    const model = new Sequential([
      new Dense({ units: 4, inputShape: [3], activation: 'tanh' }),
      new Dense({ units: 2, activation: 'softmax' }),
    ]);
    const x = randomNormal([11, 3]);
    const whole = model.predictOnBatch(x);
    for (const batchSize of [1, 4, 11, 64]) {
      const p = await model.predict(x, { batchSize });
      expect(p.shape).toEqual([11, 2]);
      const a = Array.from(p.dataSync());
      const b = Array.from(whole.dataSync());
      a.forEach((v, i) => {
        close(v, b[i], 1e-6);
      });
      p.dispose();
    }
    whole.dispose();
    x.dispose();
  });

  it('with several outputs, returns a list (in output order) of concatenated tensors', async () => {
    const input = Input({ shape: [2] });
    const a = new Dense({ units: 1, name: 'a' }).apply(input);
    const b = new Dense({ units: 3, name: 'b' }).apply(input);
    const model = new Model({ inputs: input, outputs: [a, b] });
    const before = memory().numTensors;
    const out = await model.predict(X, { batchSize: 2 });
    expect(Array.isArray(out)).toBe(true);
    expect(out.map((t) => t.shape)).toEqual([
      [5, 1],
      [5, 3],
    ]);
    // Only the two returned tensors are new.
    expect(memory().numTensors).toBe(before + 2);
    const direct = model.predictOnBatch(tensor(X));
    out.forEach((t, i) => {
      const d = Array.from(direct[i].dataSync());
      Array.from(t.dataSync()).forEach((v, j) => {
        close(v, d[j], 1e-6);
      });
    });
    for (const t of [...out, ...direct]) t.dispose();
  });

  it('predict of a linear model gives the hand-computed values, leaving only its result', async () => {
    const model = linearModel();
    await model.predict(X); // first call may build things
    const x = tensor(X);
    const before = memory().numTensors;
    const p = await model.predict(x, { batchSize: 2 });
    expect(memory().numTensors).toBe(before + 1);
    Array.from(p.dataSync()).forEach((v, i) => {
      close(v, pred(X[i]));
    });
    p.dispose();
    x.dispose();
  });

  it('a single-batch predict returns a tensor the caller may dispose without harming the input', async () => {
    const model = linearModel();
    const x = tensor(X);
    const p = await model.predict(x, { batchSize: 32 });
    p.dispose();
    expect(x.isDisposed).toBe(false);
    x.dispose();
  });
});

describe('trainOnBatch and testOnBatch', () => {
  it('trainOnBatch returns the loss before the update; testOnBatch then sees the new weights', async () => {
    const model = linearModel(['mae']);
    const x = X.slice(0, 2);
    const y = Y.slice(0, 2);
    const [loss, mae] = (await model.trainOnBatch(x, y)) as number[];
    close(loss, mean(SE.slice(0, 2)));
    close(mae, mean(AE.slice(0, 2)));
    // One SGD step of 0.1 on the two samples.
    const errs = x.map((r, i) => pred(r) - y[i][0]);
    const w = [
      0.5 - 0.1 * mean(errs.map((e, i) => 2 * e * x[i][0])),
      -1 - 0.1 * mean(errs.map((e, i) => 2 * e * x[i][1])),
    ];
    const b = 0.25 - 0.1 * mean(errs.map((e) => 2 * e));
    const logs = (await model.testOnBatch(X, Y, { returnDict: true })) as Record<string, number>;
    close(logs.loss, mean(X.map((r, i) => (pred(r, w, b) - Y[i][0]) ** 2)));
    close(logs.mae, mean(X.map((r, i) => Math.abs(pred(r, w, b) - Y[i][0]))));
    // Metrics are reset for each call (Keras: reset_metrics=True).
    const again = (await model.testOnBatch(X.slice(0, 1), Y.slice(0, 1), { returnDict: true })) as Record<
      string,
      number
    >;
    close(again.loss, (pred(X[0], w, b) - Y[0][0]) ** 2);
  });

  it('trainOnBatch with sampleWeight and classWeight', async () => {
    const sw = [2, 0.5];
    const model = linearModel();
    const loss = (await model.trainOnBatch(X.slice(0, 2), Y.slice(0, 2), { sampleWeight: sw })) as number;
    close(loss, (sw[0] * SE[0] + sw[1] * SE[1]) / 2);
    resetLayerNames();
    const model2 = linearModel();
    // Targets as classes for classWeight: 3 -> class 3, -1 -> class -1 (unlisted: weight 1).
    const loss2 = (await model2.trainOnBatch(X.slice(0, 2), Y.slice(0, 2), { classWeight: { 3: 4 } })) as number;
    close(loss2, (4 * SE[0] + 1 * SE[1]) / 2);
  });

  it('leaves no tensors behind once the optimizer has its state', async () => {
    const model = linearModel(['mae']);
    await model.trainOnBatch(X, Y);
    const before = memory().numTensors;
    for (let i = 0; i < 3; i++) {
      await model.trainOnBatch(X, Y);
      await model.testOnBatch(X, Y);
    }
    expect(memory().numTensors).toBe(before);
  });
});

describe('a model with several outputs', () => {
  it('evaluates and trains from a list of targets', async () => {
    const input = Input({ shape: [2] });
    const a = new Dense({ units: 1, name: 'a' }).apply(input);
    const b = new Dense({ units: 1, name: 'b' }).apply(input);
    const model: Model<SymbolicTensor[]> = new Model({ inputs: input, outputs: [a, b] });
    model.setWeights([tensor([[0.5], [-1]]), tensor([0.25]), tensor([[1], [1]]), tensor([0])]);
    model.compile({ optimizer: 'sgd', loss: ['mse', 'meanSquaredError'] });
    const yb = X.map((r) => [r[0] + r[1] + 1]);
    const logs = (await model.evaluate(X, [Y, yb], { verbose: 0, returnDict: true, batchSize: 2 })) as Record<
      string,
      number
    >;
    close(logs.a_loss, mean(SE));
    close(logs.b_loss, 1);
    close(logs.loss, mean(SE) + 1);
    const tensors: Tensor[] = [tensor(X), tensor(Y), tensor(yb)];
    const trained = (await model.trainOnBatch(tensors[0], [tensors[1], tensors[2]], { returnDict: true })) as Record<
      string,
      number
    >;
    close(trained.loss, mean(SE) + 1);
    for (const t of tensors) expect(t.isDisposed).toBe(false);
  });
});

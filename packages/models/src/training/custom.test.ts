/**
 * Custom training: a trainStep override with its own trackers (a manual SGD
 * step, a two-optimizer GAN-like loop), a computeLoss override, subclassed
 * models, and freezing layers or the whole model.
 */
import { NotReadyError, ValueError } from '@layerwise/core';
import { Dense, Input, Layer, resetLayerNames } from '@layerwise/layers';
import { Mean } from '@layerwise/metrics';
import { Adam, SGD } from '@layerwise/optimizers';
import {
  add,
  assignSub,
  log,
  mean,
  mul,
  randomNormal,
  setSeed,
  square,
  sub,
  type Tensor,
  tensor,
  tidy,
  valueAndGrads,
} from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { type LossArgs, Model, type StepData } from '../model.js';
import { Sequential } from '../sequential.js';
import type { LogTensors } from './logs.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(13);
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
];
const Y = [[3], [-1], [1], [0]];

function values(model: { getWeights(): Tensor[] }): number[][] {
  return model.getWeights().map((w) => {
    const v = Array.from(w.dataSync());
    w.dispose();
    return v;
  });
}

/** A subclassed model that trains itself by plain SGD (lr 0.1) on the mean squared error, tracking 'my_loss'. */
class ManualSGD extends Model {
  readonly dense = new Dense({ units: 1 });
  readonly tracker = new Mean({ name: 'my_loss' });
  steps = 0;

  override call(x: Tensor | Tensor[]): Tensor {
    return this.dense.apply(x as Tensor);
  }

  override get metrics() {
    return [this.tracker];
  }

  override trainStep(data: StepData): LogTensors {
    this.steps++;
    const vars = this.trainableWeights;
    const { value, grads } = valueAndGrads(
      () => mean(square(sub(this.apply(data.x, { training: true }) as Tensor, data.y as Tensor))),
      vars,
    );
    vars.forEach((v, i) => {
      assignSub(v, mul(grads[i], 0.1));
    });
    this.tracker.updateState(value);
    return { my_loss: this.tracker.result() };
  }
}

describe('custom trainStep', () => {
  it('fit runs the override, logs its keys, and resets its trackers each epoch', async () => {
    const model = new ManualSGD();
    model.build([null, 2]);
    model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
    model.compile({ optimizer: 'sgd' });
    const history = await model.fit(X, Y, { epochs: 2, batchSize: 2, shuffle: false, verbose: 0 });
    expect(model.steps).toBe(4);
    expect(Object.keys(history.history)).toEqual(['my_loss']);
    // Reference: the same SGD in JS; the tracker is the mean of batch losses (unweighted), reset per epoch.
    let w = [0.5, -1];
    let b = 0.25;
    const epochLoss: number[] = [];
    for (let e = 0; e < 2; e++) {
      const losses: number[] = [];
      for (const idx of [
        [0, 1],
        [2, 3],
      ]) {
        const errs = idx.map((i) => X[i][0] * w[0] + X[i][1] * w[1] + b - Y[i][0]);
        losses.push((errs[0] ** 2 + errs[1] ** 2) / 2);
        const gw = [0, 1].map((j) => (2 * (errs[0] * X[idx[0]][j] + errs[1] * X[idx[1]][j])) / 2);
        const gb = (2 * (errs[0] + errs[1])) / 2;
        w = w.map((v, j) => v - 0.1 * gw[j]);
        b -= 0.1 * gb;
      }
      epochLoss.push((losses[0] + losses[1]) / 2);
    }
    history.history.my_loss.forEach((v, i) => {
      close(v, epochLoss[i]);
    });
    const [k, bias] = values(model);
    k.forEach((v, j) => {
      close(v, w[j]);
    });
    close(bias[0], b);
    // The compiled optimizer was never used.
    expect(model.optimizer?.iterations).toBe(0);
  });

  it('a GAN-like step with two optimizers trains both parts and logs d_loss and g_loss', async () => {
    class TinyGan extends Model {
      readonly generator = new Dense({ units: 2, name: 'generator' });
      readonly discriminator = new Dense({ units: 1, activation: 'sigmoid', name: 'discriminator' });
      readonly dOptimizer = new SGD({ learningRate: 0.05 });
      readonly gOptimizer = new Adam({ learningRate: 0.01 });
      readonly dTracker = new Mean({ name: 'd_loss' });
      readonly gTracker = new Mean({ name: 'g_loss' });

      override call(x: Tensor | Tensor[]): Tensor {
        return this.discriminator.apply(x as Tensor);
      }
      override get metrics() {
        return [this.dTracker, this.gTracker];
      }
      override trainStep(data: StepData): LogTensors {
        const real = data.x as Tensor;
        const n = real.shape[0];
        const noise = randomNormal([n, 3]);
        const eps = 1e-6;
        const bce = (p: Tensor, target: 0 | 1) => mean(mul(log(add(target === 1 ? p : sub(1, p), eps)), -1));
        const dVars = this.discriminator.trainableWeights;
        const d = valueAndGrads(() => {
          const fake = this.generator.apply(noise);
          return add(bce(this.discriminator.apply(real), 1), bce(this.discriminator.apply(fake), 0));
        }, dVars);
        this.dOptimizer.applyGradients(d.grads.map((g, i) => [g, dVars[i]] as const));
        const gVars = this.generator.trainableWeights;
        const g = valueAndGrads(() => bce(this.discriminator.apply(this.generator.apply(noise)), 1), gVars);
        this.gOptimizer.applyGradients(g.grads.map((gr, i) => [gr, gVars[i]] as const));
        this.dTracker.updateState(d.value);
        this.gTracker.updateState(g.value);
        return { d_loss: this.dTracker.result(), g_loss: this.gTracker.result() };
      }
    }
    const gan = new TinyGan();
    gan.generator.build([null, 3]);
    gan.build([null, 2]);
    gan.compile({ optimizer: 'sgd' }); // unused: the step brings its own optimizers
    expect(gan.layers.map((l) => l.name)).toEqual(['generator', 'discriminator']);
    const before = values(gan);
    const real = randomNormal([12, 2], 3, 0.5);
    const history = await gan.fit(real, null, { epochs: 2, batchSize: 4, verbose: 0 });
    expect(Object.keys(history.history).sort()).toEqual(['d_loss', 'g_loss']);
    expect(history.history.d_loss).toHaveLength(2);
    expect(gan.dOptimizer.iterations).toBe(6);
    expect(gan.gOptimizer.iterations).toBe(6);
    const after = values(gan);
    // Every weight of both parts moved.
    after.forEach((w, i) => {
      expect(w).not.toEqual(before[i]);
    });
    for (const v of [...history.history.d_loss, ...history.history.g_loss]) expect(Number.isFinite(v)).toBe(true);
  });

  it('a computeLoss override changes the loss fit trains on and logs', async () => {
    class Doubled extends Sequential {
      override computeLoss(args: LossArgs): Tensor {
        return mul(super.computeLoss(args), 2);
      }
    }
    const model = new Doubled([new Dense({ units: 1, inputShape: [2] })]);
    model.setWeights([tensor([[0.5], [-1]]), tensor([0.25])]);
    model.compile({ optimizer: new SGD({ learningRate: 0.125 }), loss: 'mse' });
    const history = await model.fit([[1, 2]], [[3]], { epochs: 1, batchSize: 1, verbose: 0 });
    expect(history.history.loss).toEqual([2 * 18.0625]);
    // Twice the gradient: kernel -= 0.125 * 2 * [-8.5, -17].
    expect(values(model)[0]).toEqual([0.5 + 2.125, -1 + 4.25]);
  });
});

describe('subclassed models', () => {
  class TwoLayer extends Model {
    readonly hidden = new Dense({ units: 3, activation: 'tanh' });
    readonly out = new Dense({ units: 1 });
    override call(x: Tensor | Tensor[]): Tensor {
      return this.out.apply(this.hidden.apply(x as Tensor));
    }
  }

  it('tracks the layers it holds and their weights, builds on the first fit, and trains like Sequential', async () => {
    const model = new TwoLayer();
    expect(model.layers).toEqual([model.hidden, model.out]);
    model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
    // Not built yet: fit builds it from the data.
    const init = [
      tensor([
        [0.1, -0.2, 0.3],
        [0.4, 0.1, -0.1],
      ]),
      tensor([0, 0.1, 0]),
      tensor([[1], [-1], [0.5]]),
      tensor([0.2]),
    ];
    const seq = new Sequential([new Dense({ units: 3, activation: 'tanh', inputShape: [2] }), new Dense({ units: 1 })]);
    seq.setWeights(init);
    seq.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'mse' });
    model.build([null, 2]);
    expect(model.weights.map((w) => w.shape)).toEqual([[2, 3], [3], [3, 1], [1]]);
    expect(model.trainableWeights).toHaveLength(4);
    expect(model.countParams()).toBe(13);
    model.setWeights(init);
    const h1 = await model.fit(X, Y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
    const h2 = await seq.fit(X, Y, { epochs: 3, batchSize: 2, shuffle: false, verbose: 0 });
    h1.history.loss.forEach((v, i) => {
      close(v, h2.history.loss[i]);
    });
    const a = values(model).flat();
    const b = values(seq).flat();
    a.forEach((v, i) => {
      close(v, b[i]);
    });
    expect(h1.history.loss[2]).toBeLessThan(h1.history.loss[0]);
  });

  it('an unbuilt subclassed model builds itself on the first fit', async () => {
    const model = new TwoLayer();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    expect(model.built).toBe(false);
    const history = await model.fit(X, Y, { epochs: 1, verbose: 0 });
    expect(model.weights).toHaveLength(4);
    expect(Number.isFinite(history.history.loss[0])).toBe(true);
  });
});

describe('freezing', () => {
  function twoLayerModel() {
    const input = Input({ shape: [2] });
    const first = new Dense({ units: 3, name: 'first' });
    const second = new Dense({ units: 1, name: 'second' });
    const model = new Model({ inputs: input, outputs: second.apply(first.apply(input)) });
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    return { model, first, second };
  }

  it('layer.trainable = false keeps its weights unchanged through fit (set before or after compile)', async () => {
    const { model, first, second } = twoLayerModel();
    first.trainable = false;
    expect(model.trainableWeights).toHaveLength(2);
    expect(model.nonTrainableWeights).toHaveLength(2);
    const frozenBefore = values(first);
    const trainedBefore = values(second);
    await model.fit(X, Y, { epochs: 3, batchSize: 2, verbose: 0 });
    expect(values(first)).toEqual(frozenBefore);
    expect(values(second)).not.toEqual(trainedBefore);
    // Unfreezing lets it train again.
    first.trainable = true;
    await model.fit(X, Y, { epochs: 1, batchSize: 2, verbose: 0 });
    expect(values(first)).not.toEqual(frozenBefore);
  });

  it('the frozen layer still takes part in the forward pass and in the loss', async () => {
    const { model, first } = twoLayerModel();
    first.setWeights([
      tensor([
        [1, 0, 0],
        [0, 1, 0],
      ]),
      tensor([0, 0, 0]),
    ]);
    first.trainable = false;
    const loss = (await model.evaluate(X, Y, { verbose: 0 })) as number;
    const direct = tidy(() => {
      const p = model.predictOnBatch(tensor(X)) as Tensor;
      return mean(square(sub(p, tensor(Y))));
    });
    close(loss, direct.dataSync()[0]);
    direct.dispose();
  });

  it('model.trainable = false: fit raises a clear error; evaluate and predict still work', async () => {
    const { model } = twoLayerModel();
    model.trainable = false;
    expect(model.trainableWeights).toHaveLength(0);
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow(ValueError);
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow(
      /Model '.+' has no trainable weights.*trainable = false.*Nothing to train/,
    );
    await expect(model.trainOnBatch(X, Y)).rejects.toThrow(/no trainable weights/);
    expect(typeof (await model.evaluate(X, Y, { verbose: 0 }))).toBe('number');
    const p = await model.predict(X);
    p.dispose();
    model.trainable = true;
    await model.fit(X, Y, { verbose: 0 });
  });

  it('a failed fit (frozen model) leaves no tensors behind', async () => {
    const { model } = twoLayerModel();
    await model.fit(X, Y, { verbose: 0 });
    model.trainable = false;
    const { memory } = await import('@layerwise/tensors');
    const before = memory().numTensors;
    await expect(model.fit(X, Y, { verbose: 0, validationSplit: 0.5 })).rejects.toThrow(/no trainable weights/);
    expect(memory().numTensors).toBe(before);
  });
});

describe('errors from a custom model', () => {
  it('a model with neither a graph nor a call override says how to make one', async () => {
    class Empty extends Model {}
    const model = new Empty();
    model.compile({ optimizer: 'sgd', loss: 'mse' });
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow(NotReadyError);
    await expect(model.fit(X, Y, { verbose: 0 })).rejects.toThrow(/override call\(\)|override call\(inputs/);
  });

  it('a layer that is not a Layer property is not tracked', () => {
    class Holder extends Model {
      readonly inner = new Dense({ units: 1 });
      readonly notALayer = { units: 3 };
      override call(x: Tensor | Tensor[]) {
        return this.inner.apply(x as Tensor);
      }
    }
    const model = new Holder();
    expect(model.layers).toHaveLength(1);
    expect(model.layers[0]).toBeInstanceOf(Layer);
  });
});

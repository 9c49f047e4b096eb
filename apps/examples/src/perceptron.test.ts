import type { Logs } from '@layerwise/core';
import { getBackend, memory } from '@layerwise/tensors';
import { describe, expect, it } from 'vitest';
import { Perceptron, runPerceptron } from './perceptron.js';

describe(`perceptron (${getBackend()})`, () => {
  it('learns AND exactly in a few epochs, and leaks nothing', async () => {
    const before = memory().numTensors;
    const r = await runPerceptron({ gate: 'and', epochs: 20 });
    expect(memory().numTensors).toBe(before);
    expect(r.accuracy).toBe(1);
    expect(r.predictions).toEqual([0, 0, 0, 1]);
    // Measured: an epoch without a mistake at epoch 7 (seed 1, learning rate 0.1).
    expect(r.convergedAtEpoch).not.toBeNull();
    expect(r.convergedAtEpoch as number).toBeLessThanOrEqual(12);
    // fit stopped after that epoch.
    expect(r.epochAccuracy).toHaveLength(r.convergedAtEpoch as number);
    // The learned line separates (1,1) from the rest: w1 + w2 + b > 0, and w1 + b, w2 + b, b <= 0.
    const [w1, w2] = r.weights;
    expect(w1 + w2 + r.bias).toBeGreaterThan(0);
    expect(Math.max(w1 + r.bias, w2 + r.bias, r.bias)).toBeLessThanOrEqual(0);
    // Every update adds a multiple of 0.1 (up to float32 rounding).
    for (const v of [w1, w2, r.bias]) expect(Math.abs(v * 10 - Math.round(v * 10))).toBeLessThan(1e-5);
  });

  it('learns OR exactly', async () => {
    const r = await runPerceptron({ gate: 'or', epochs: 20 });
    expect(r.predictions).toEqual([0, 1, 1, 1]);
    expect(r.accuracy).toBe(1);
  });

  it('never gets XOR right: no epoch above 3 of 4, and leaks nothing', async () => {
    const before = memory().numTensors;
    const r = await runPerceptron({ gate: 'xor', epochs: 200 });
    expect(memory().numTensors).toBe(before);
    expect(r.epochAccuracy).toHaveLength(200);
    expect(r.convergedAtEpoch).toBeNull();
    expect(Math.max(...r.epochAccuracy)).toBeLessThanOrEqual(0.75);
    expect(r.accuracy).toBeLessThanOrEqual(0.75);
    expect(r.predictions.filter((p, i) => p === [0, 1, 1, 0][i]).length).toBeLessThanOrEqual(3);
  });

  it('trainStep applies w <- w + lr (y - yhat) x, b <- b + lr (y - yhat), summed over the batch', async () => {
    const before = memory().numTensors;
    const model = new Perceptron({ learningRate: 0.5 });
    model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['binary_accuracy'] });
    const weights = async () => [...(await model.unit.kernel!.data()), ...(await model.unit.bias!.data())];
    // Zero weights: step(0) = 0, so the positive sample (1, 1) is missed: error 1.
    let logs = (await model.trainOnBatch([[1, 1]], [[1]], { returnDict: true })) as Logs;
    expect(await weights()).toEqual([0.5, 0.5, 0.5]);
    expect(logs).toEqual({ loss: 1, binary_accuracy: 0 });
    // Now (1, 0) gives step(1) = 1 against a target 0: error -1 subtracts x.
    logs = (await model.trainOnBatch([[1, 0]], [[0]], { returnDict: true })) as Logs;
    expect(await weights()).toEqual([0, 0.5, 0]);
    // A sample it gets right changes nothing.
    logs = (await model.trainOnBatch([[0, 1]], [[1]], { returnDict: true })) as Logs;
    expect(await weights()).toEqual([0, 0.5, 0]);
    expect(logs).toEqual({ loss: 0, binary_accuracy: 1 });
    // A batch sums the updates: (0, 1) -> 1 (error -1), (1, 0) -> 0 (error +1), (0, 0) -> 0 (right).
    logs = (await model.trainOnBatch(
      [
        [0, 1],
        [1, 0],
        [0, 0],
      ],
      [[0], [1], [0]],
      { returnDict: true },
    )) as Logs;
    expect(await weights()).toEqual([0.5, 0, 0]);
    expect(logs.binary_accuracy).toBeCloseTo(1 / 3, 6);
    model.optimizer?.dispose();
    model.dispose();
    expect(memory().numTensors).toBe(before);
  });
});

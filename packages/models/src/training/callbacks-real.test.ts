// The monitor callbacks on real fits: early stopping stops at the right epoch and restores the best
// weights; ReduceLROnPlateau lowers the optimizer's rate on a plateau.
import { EarlyStopping, LambdaCallback, ReduceLROnPlateau } from '@layerwise/callbacks';
import { Dense, resetLayerNames } from '@layerwise/layers';
import { memory, setSeed, type Tensor } from '@layerwise/tensors';
import { beforeEach, describe, expect, it } from 'vitest';
import { Sequential } from '../sequential.js';

beforeEach(() => {
  resetLayerNames();
  setSeed(3);
});

const X = Array.from({ length: 32 }, (_, i) => [i / 32, ((i * 7) % 32) / 32]);
const Y = X.map(([a, b]) => [2 * a - b + 0.5]);

function model(lr: number): Sequential {
  const m = new Sequential([new Dense({ units: 1, inputShape: [2] })]);
  m.compile({ optimizer: { className: 'SGD', config: { learningRate: lr } }, loss: 'mse' });
  return m;
}

const values = (ts: Tensor[]) => ts.map((t) => Array.from(t.dataSync()));

describe('monitor callbacks on a real fit', () => {
  it('EarlyStopping stops after `patience` epochs without improvement and restores the best weights', async () => {
    // A learning rate far too large: the loss gets worse from the second epoch on.
    const m = model(5);
    const weightsByEpoch: number[][][] = [];
    const record = new LambdaCallback({ onEpochEnd: () => void weightsByEpoch.push(values(m.getWeights())) });
    const stop = new EarlyStopping({ monitor: 'loss', patience: 2, restoreBestWeights: true });
    const history = await m.fit(X, Y, {
      epochs: 20,
      batchSize: 32,
      shuffle: false,
      verbose: 0,
      callbacks: [record, stop],
    });
    const losses = history.history.loss;
    const best = losses.indexOf(Math.min(...losses));
    // Keras: training ends `patience` epochs after the best one.
    expect(losses.length).toBe(best + 1 + 2);
    expect(losses.length).toBeLessThan(20);
    expect(values(m.getWeights())).toEqual(weightsByEpoch[best]);
    const before = memory().numTensors;
    m.dispose();
    expect(memory().numTensors).toBeLessThan(before);
  });

  it('ReduceLROnPlateau lowers the learning rate once the monitored loss stops improving', async () => {
    const m = model(5);
    const reduce = new ReduceLROnPlateau({ monitor: 'loss', factor: 0.5, patience: 1, minLr: 0.01 });
    const history = await m.fit(X, Y, { epochs: 6, batchSize: 32, shuffle: false, verbose: 0, callbacks: [reduce] });
    const lr = history.history.learning_rate;
    expect(lr).toBeDefined();
    const losses = history.history.loss;
    // The logs carry the rate the epoch ran with (Keras logs it before reducing); the rate halves at each
    // epoch end where the loss did not improve for `patience` = 1 epoch.
    let expected = 5;
    let best = Number.POSITIVE_INFINITY;
    let wait = 0;
    losses.forEach((loss, epoch) => {
      expect(lr[epoch]).toBeCloseTo(expected, 6);
      if (loss < best - 1e-4) {
        best = loss;
        wait = 0;
      } else if (++wait >= 1) {
        expected = Math.max(expected * 0.5, 0.01);
        wait = 0;
      }
    });
    expect(lr.some((r) => r < 5)).toBe(true);
    expect(m.optimizer?.learningRate).toBeLessThan(5);
    m.dispose();
  });
});

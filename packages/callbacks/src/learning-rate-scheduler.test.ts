// LearningRateScheduler with a fake model and optimizer (keras/src/callbacks/learning_rate_scheduler_test.py cases).
import { type Logs, type ModelLike, NotReadyError, type OptimizerLike, ValueError } from '@layerwise/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { History } from './history.js';
import { LearningRateScheduler } from './learning-rate-scheduler.js';

function fakeModel(learningRate: number): ModelLike & { optimizer: OptimizerLike } {
  const optimizer = {
    iterations: 0,
    learningRate,
    applyGradients: () => {},
    variables: () => [],
    getConfig: () => ({}),
  };
  return { name: 'fake', stopTraining: false, optimizer, getWeights: () => [], setWeights: () => {} };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('LearningRateScheduler', () => {
  it('sets the rate from schedule(epoch, lr) at each epoch begin and logs it at epoch end', () => {
    const model = fakeModel(0.01);
    const seen: Array<[number, number]> = [];
    const cb = new LearningRateScheduler((epoch, lr) => {
      seen.push([epoch, lr]);
      return epoch < 2 ? lr : lr * Math.exp(-0.1);
    });
    const history = new History();
    for (const c of [cb, history]) c.setModel(model);
    history.onTrainBegin();
    for (let epoch = 0; epoch < 4; epoch++) {
      cb.onEpochBegin(epoch);
      const logs: Logs = { loss: 1 };
      cb.onEpochEnd(epoch, logs);
      history.onEpochEnd(epoch, logs);
    }
    expect(seen.map(([e]) => e)).toEqual([0, 1, 2, 3]);
    expect(seen[0][1]).toBe(0.01);
    expect(model.optimizer.learningRate).toBeCloseTo(0.01 * Math.exp(-0.2), 12);
    const rates = history.history.learning_rate;
    expect(rates).toHaveLength(4);
    expect(rates[0]).toBe(0.01);
    expect(rates[1]).toBe(0.01);
    expect(rates[2]).toBeCloseTo(0.01 * Math.exp(-0.1), 12);
    expect(rates[3]).toBeCloseTo(0.01 * Math.exp(-0.2), 12);
  });

  it('matches the Keras docstring: ten constant epochs then exp(-0.1) decay gives 0.00607 after 15', () => {
    const model = fakeModel(0.01);
    const cb = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
    cb.setModel(model);
    for (let epoch = 0; epoch < 15; epoch++) cb.onEpochBegin(epoch);
    expect(Math.round(model.optimizer.learningRate * 1e5) / 1e5).toBe(0.00607);
  });

  it('prints the rate it sets when verbose', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const cb = new LearningRateScheduler((epoch) => 0.1 / (epoch + 1), { verbose: 1 });
    cb.setModel(fakeModel(1));
    cb.onEpochBegin(1);
    expect(log).toHaveBeenCalledWith('\nEpoch 2: LearningRateScheduler setting learning rate to 0.05.');
  });

  it('rejects a schedule that does not return a number, and a model without an optimizer', () => {
    const cb = new LearningRateScheduler(() => 'fast' as unknown as number);
    cb.setModel(fakeModel(1));
    expect(() => cb.onEpochBegin(0)).toThrow(ValueError);
    expect(() => new LearningRateScheduler(0.1 as unknown as () => number)).toThrow(ValueError);
    const bare = new LearningRateScheduler((_e, lr) => lr);
    bare.setModel({ name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} });
    expect(() => bare.onEpochBegin(0)).toThrow(NotReadyError);
  });
});

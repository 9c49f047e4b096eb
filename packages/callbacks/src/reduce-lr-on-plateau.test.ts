// ReduceLROnPlateau, ported from keras/src/callbacks/reduce_lr_on_plateau_test.py with a fake model and optimizer.
import { type Logs, type ModelLike, NotReadyError, type OptimizerLike, ValueError } from '@layerwise/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';

function fakeOptimizer(learningRate: number): OptimizerLike {
  return {
    iterations: 0,
    learningRate,
    applyGradients: () => {},
    variables: () => [],
    getConfig: () => ({}),
  } as unknown as OptimizerLike;
}

function fakeModel(learningRate = 0.1): ModelLike & { optimizer: OptimizerLike } {
  return {
    name: 'fake',
    stopTraining: false,
    optimizer: fakeOptimizer(learningRate),
    getWeights: () => [],
    setWeights: () => {},
  };
}

/** Runs one fit's epoch hooks with the given monitored values; returns the learning rate after each epoch. */
function drive(
  cb: ReduceLROnPlateau,
  model: ModelLike & { optimizer: OptimizerLike },
  values: number[],
  key = 'val_loss',
): number[] {
  cb.setModel(model);
  cb.onTrainBegin();
  const rates: number[] = [];
  for (const [epoch, value] of values.entries()) {
    cb.onEpochEnd(epoch, { loss: 1, [key]: value });
    rates.push(model.optimizer.learningRate);
  }
  cb.onTrainEnd();
  return rates;
}

// A flat-ish validation loss: with minDelta 100 (or 10) nothing after the first epoch counts as an improvement.
const PLATEAU = [0.5, 0.49, 0.48, 0.47];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ReduceLROnPlateau', () => {
  it('reduces the rate after `patience` epochs without improvement (Keras test_reduces_lr_with_model_fit)', () => {
    const model = fakeModel(0.1);
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 100 });
    const rates = drive(cb, model, PLATEAU.slice(0, 2));
    expect(rates[0]).toBe(0.1);
    expect(rates[1]).toBeCloseTo(0.01, 12);
  });

  it('prints the reduction when verbose (Keras test_verbose_logging)', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 100, verbose: 1 });
    drive(cb, fakeModel(0.1), PLATEAU.slice(0, 2));
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0\.01/);
  });

  it('never goes below minLr (Keras test_honors_min_lr)', () => {
    const model = fakeModel(0.1);
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 10, minLr: 0.005 });
    const rates = drive(cb, model, PLATEAU);
    expect(rates[1]).toBeCloseTo(0.01, 12);
    expect(rates[2]).toBe(0.005);
    expect(rates[3]).toBe(0.005);
  });

  it('waits `cooldown` epochs after a reduction (Keras test_cooldown)', () => {
    const model = fakeModel(0.1);
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'val_loss', minDelta: 100, cooldown: 2 });
    const rates = drive(cb, model, PLATEAU);
    // Reduced at epochs 1 and 3 only: twice in four epochs.
    expect(rates[0]).toBe(0.1);
    expect(rates[1]).toBeCloseTo(0.01, 12);
    expect(rates[2]).toBeCloseTo(0.01, 12);
    expect(rates[3]).toBeCloseTo(0.001, 12);
  });

  it('resets an improvement wait and respects minDelta with the default patience', () => {
    const model = fakeModel(1);
    const cb = new ReduceLROnPlateau({ monitor: 'loss', patience: 2 });
    // Default minDelta 1e-4: 0.99995 is not an improvement over 1, 0.9 is.
    const rates = drive(cb, model, [1, 0.99995, 0.9, 0.9, 0.9, 0.9], 'loss');
    expect(rates).toEqual([1, 1, 1, 1, 0.1, 0.1]);
    expect(cb.best).toBe(0.9);
  });

  it('maximizes an accuracy in auto mode', () => {
    const model = fakeModel(1);
    const cb = new ReduceLROnPlateau({ monitor: 'val_accuracy', patience: 1, factor: 0.5 });
    const rates = drive(cb, model, [0.5, 0.6, 0.55, 0.7], 'val_accuracy');
    expect(cb.monitorOp).toBe('greater');
    expect(rates).toEqual([1, 1, 0.5, 0.5]);
  });

  it('writes the learning rate into the epoch logs', () => {
    const cb = new ReduceLROnPlateau({ monitor: 'loss' });
    cb.setModel(fakeModel(0.25));
    cb.onTrainBegin();
    const logs: Logs = { loss: 1 };
    cb.onEpochEnd(0, logs);
    expect(logs).toEqual({ loss: 1, learning_rate: 0.25 });
  });

  it('clears its per-run state at each onTrainBegin (Keras test_state_reset_across_fit_calls)', () => {
    const cb = new ReduceLROnPlateau({ patience: 1, factor: 0.1, monitor: 'loss', minDelta: 0, cooldown: 2 });
    cb.setModel(fakeModel());
    cb.onTrainBegin();
    cb.best = 0.5;
    cb.wait = 3;
    cb.cooldownCounter = 2;
    cb.onTrainBegin();
    expect(cb.best).toBeNull();
    expect(cb.wait).toBe(0);
    expect(cb.cooldownCounter).toBe(0);
  });

  it('warns when the monitored value is missing and changes nothing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const model = fakeModel(0.1);
    const cb = new ReduceLROnPlateau({ patience: 0 });
    const rates = drive(cb, model, [1, 2, 3], 'loss_typo');
    expect(rates).toEqual([0.1, 0.1, 0.1]);
    expect(warn).toHaveBeenCalledWith(
      'Learning rate reduction is conditioned on metric `val_loss` which is not available. Available metrics are: loss,loss_typo,learning_rate.',
    );
  });

  it('rejects a factor >= 1 and a model without an optimizer', () => {
    expect(() => new ReduceLROnPlateau({ factor: 1 })).toThrow(ValueError);
    expect(() => new ReduceLROnPlateau({ factor: 1.5 })).toThrow(
      'does not support a factor >= 1.0. Received factor=1.5',
    );
    const cb = new ReduceLROnPlateau({ monitor: 'loss' });
    cb.setModel({ name: 'm', stopTraining: false, getWeights: () => [], setWeights: () => {} });
    expect(() => cb.onEpochEnd(0, { loss: 1 })).toThrow(NotReadyError);
  });
});

// EarlyStopping, ported from keras/src/callbacks/early_stopping_test.py with a fake model.
import { type Logs, type ModelLike, ValueError } from '@layerwise/core';
import { memory, type Tensor, tensor } from '@layerwise/tensors';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EarlyStopping } from './early-stopping.js';

/** A model whose single weight is a number the test sets per epoch (Keras's DummyModel), served as tensors. */
class FakeModel implements ModelLike {
  readonly name = 'fake';
  stopTraining = false;
  value = -1;
  getWeights(): Tensor[] {
    return [tensor([this.value])];
  }
  setWeights(weights: Tensor[]): void {
    this.value = weights[0].dataSync()[0];
  }
}

/** Runs epochs through the hooks until the model is told to stop; returns the epochs run. */
function drive(cb: EarlyStopping, model: FakeModel, values: number[], key = 'val_loss', stopAt?: number): number {
  cb.setModel(model);
  cb.onTrainBegin();
  let trained = 0;
  for (const [epoch, value] of values.entries()) {
    trained++;
    model.value = epoch;
    cb.onEpochEnd(epoch, { [key]: value });
    if (epoch === stopAt) model.stopTraining = true;
    if (model.stopTraining) break;
  }
  cb.onTrainEnd();
  return trained;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('EarlyStopping', () => {
  it('resolves the direction per mode and monitored name (Keras test_early_stopping cases)', () => {
    const cases: Array<[mode: 'auto' | 'min' | 'max', monitor: string, expected: 'less' | 'greater']> = [
      ['max', 'val_mse', 'greater'],
      ['min', 'val_loss', 'less'],
      ['auto', 'val_mse', 'less'],
      ['auto', 'loss', 'less'],
      ['auto', 'acc', 'greater'],
      ['auto', 'val_accuracy', 'greater'],
      ['auto', 'hinge', 'less'],
      ['auto', 'f1_score', 'greater'],
      ['auto', 'val_auc', 'greater'],
    ];
    for (const [mode, monitor, expected] of cases) {
      const cb = new EarlyStopping({ monitor, mode, patience: 0 });
      drive(cb, new FakeModel(), [1, 2], monitor);
      expect(cb.monitorOp, `${mode} ${monitor}`).toBe(expected);
    }
    const unknown = new EarlyStopping({ monitor: 'unknown' });
    expect(() => drive(unknown, new FakeModel(), [1, 2], 'unknown')).toThrow(ValueError);
  });

  it('stops after `patience` epochs without improvement (Keras test_early_stopping_patience)', () => {
    const losses = [10.0, 9.0, 8.0, 9.0, 8.9, 8.8, 8.7, 8.6, 8.5];
    for (const patience of [0, 1, 2, 3]) {
      const stopper = new EarlyStopping({ monitor: 'loss', patience });
      const model = new FakeModel();
      const trained = drive(stopper, model, losses, 'loss');
      expect(stopper.stoppedEpoch, `patience ${patience}`).toBe(Math.max(patience, 1) + 2);
      expect(trained).toBe(stopper.stoppedEpoch + 1);
      expect(model.stopTraining).toBe(true);
    }
  });

  it('only counts a change larger than minDelta as an improvement', () => {
    // 1.0 -> 0.95 is within minDelta 0.1 of the best, so the wait runs out at epoch 2.
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 2, minDelta: 0.1 });
    drive(stopper, new FakeModel(), [1.0, 0.95, 0.91, 0.5], 'loss');
    expect(stopper.stoppedEpoch).toBe(2);
    expect(stopper.best).toBe(1.0);
    // In max mode the delta is added the other way.
    const up = new EarlyStopping({ monitor: 'val_accuracy', patience: 1, minDelta: 0.05 });
    drive(up, new FakeModel(), [0.5, 0.56, 0.58, 0.6], 'val_accuracy');
    expect(up.monitorOp).toBe('greater');
    expect(up.best).toBe(0.56);
    expect(up.stoppedEpoch).toBe(2);
  });

  it('clears its per-run state at each onTrainBegin (Keras test_state_reset_across_fit_calls)', () => {
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 3 });
    stopper.setModel(new FakeModel());
    stopper.onTrainBegin();
    stopper.best = 0.1;
    stopper.wait = 3;
    stopper.stoppedEpoch = 5;
    stopper.bestEpoch = 5;
    stopper.bestWeights = [tensor([1])];
    const before = memory().numTensors;
    stopper.onTrainBegin();
    expect(stopper.best).toBeNull();
    expect(stopper.wait).toBe(0);
    expect(stopper.stoppedEpoch).toBe(0);
    expect(stopper.bestEpoch).toBe(0);
    expect(stopper.bestWeights).toBeNull();
    expect(memory().numTensors).toBe(before - 1);
  });

  it('restores the best weights at train end, also below the baseline and when another callback stops (Keras test_early_stopping_final_weights_when_restoring_model_weights)', () => {
    const before = memory().numTensors;
    // The best epoch is 2 (0.1); patience 2 stops at epoch 4 and restores epoch 2.
    const stop1 = new EarlyStopping({ monitor: 'val_loss', patience: 2, restoreBestWeights: true });
    const model1 = new FakeModel();
    expect(drive(stop1, model1, [0.2, 0.15, 0.1, 0.11, 0.12])).toBe(5);
    expect(model1.value).toBe(2);

    // No epoch beats the baseline 0.5: train `patience` epochs and restore the best of them.
    const stop2 = new EarlyStopping({ monitor: 'val_loss', patience: 5, baseline: 0.5, restoreBestWeights: true });
    const model2 = new FakeModel();
    expect(drive(stop2, model2, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73])).toBe(5);
    expect(model2.value).toBe(2);

    // Another callback requests the stop at epoch 3: the best weights still come back.
    const stop3 = new EarlyStopping({ monitor: 'val_loss', patience: 5, baseline: 0.5, restoreBestWeights: true });
    const model3 = new FakeModel();
    expect(drive(stop3, model3, [0.9, 0.8, 0.7, 0.71, 0.72, 0.73], 'val_loss', 3)).toBe(4);
    expect(model3.value).toBe(2);
    expect(stop3.stoppedEpoch).toBe(0);

    // Every kept copy was disposed.
    for (const cb of [stop1, stop2, stop3]) expect(cb.bestWeights).toBeNull();
    expect(memory().numTensors).toBe(before);
  });

  it('keeps the last weights without restoreBestWeights and keeps no copies', () => {
    const before = memory().numTensors;
    const stopper = new EarlyStopping({ monitor: 'val_loss', patience: 2 });
    const model = new FakeModel();
    drive(stopper, model, [0.2, 0.15, 0.1, 0.11, 0.12]);
    expect(model.value).toBe(4);
    expect(stopper.bestEpoch).toBe(2);
    expect(memory().numTensors).toBe(before);
  });

  it('stops once a model that beats its best never beats the baseline', () => {
    const stopper = new EarlyStopping({ monitor: 'val_loss', patience: 2, baseline: 0.5 });
    // Never below 0.5, so the wait is never reset; as in Keras the stop comes on the first epoch that does not improve.
    drive(stopper, new FakeModel(), [0.9, 0.8, 0.85, 0.7]);
    expect(stopper.stoppedEpoch).toBe(2);
    expect(stopper.wait).toBe(3);
    // Beating the baseline resets the wait.
    const ok = new EarlyStopping({ monitor: 'val_loss', patience: 2, baseline: 0.5 });
    drive(ok, new FakeModel(), [0.9, 0.4, 0.3, 0.2, 0.1]);
    expect(ok.stoppedEpoch).toBe(0);
  });

  it('does not monitor before startFromEpoch (Keras test_early_stopping_with_start_from_epoch)', () => {
    // Worsening losses: with patience 0 it would stop at epoch 1; warm-up of 2 epochs delays it.
    const losses = [1, 2, 3, 4, 5, 6, 7, 8];
    const warm = new EarlyStopping({ monitor: 'loss', patience: 0, startFromEpoch: 2 });
    expect(drive(warm, new FakeModel(), losses, 'loss')).toBe(4);
    expect(warm.stoppedEpoch).toBe(3);
    const patient = new EarlyStopping({ monitor: 'loss', patience: 3, startFromEpoch: 2 });
    expect(drive(patient, new FakeModel(), losses, 'loss')).toBeGreaterThanOrEqual(3 + 2);
    expect(patient.stoppedEpoch).toBe(5);
  });

  it('warns and does nothing when the monitored value is missing', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stopper = new EarlyStopping({ patience: 0 });
    const model = new FakeModel();
    stopper.setModel(model);
    stopper.onTrainBegin();
    stopper.onEpochEnd(0, { loss: 1 } as Logs);
    stopper.onEpochEnd(1, { loss: 2 } as Logs);
    expect(model.stopTraining).toBe(false);
    expect(warn).toHaveBeenCalledWith(
      'Early stopping conditioned on metric `val_loss` which is not available. Available metrics are: loss',
    );
  });

  it('prints the stop and restore messages when verbose', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const stopper = new EarlyStopping({ monitor: 'loss', patience: 1, verbose: 1, restoreBestWeights: true });
    drive(stopper, new FakeModel(), [1, 2, 3], 'loss'); // stops at epoch 1
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Epoch 2: early stopping',
      'Restoring model weights from the end of the best epoch: 1.',
    ]);
  });

  it('falls back to auto mode with a warning on an unknown mode', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stopper = new EarlyStopping({ monitor: 'accuracy', mode: 'up' as 'max' });
    expect(stopper.mode).toBe('auto');
    expect(warn).toHaveBeenCalledWith("EarlyStopping mode 'up' is unknown, fallback to auto mode.");
  });
});

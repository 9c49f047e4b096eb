// MonitorCallback: Keras's direction inference and the minDelta improvement rule.
import { ValueError } from '@layerwise/core';
import { describe, expect, it } from 'vitest';
import { inferMonitorOp, MonitorCallback } from './monitor-callback.js';

describe('inferMonitorOp', () => {
  it('maximizes accuracies, AUC, F-scores and other upward metrics; minimizes losses and errors', () => {
    for (const name of [
      'acc',
      'accuracy',
      'val_acc',
      'val_accuracy',
      'sparse_categorical_accuracy',
      'auc',
      'val_auc',
      'precision',
      'recall',
      'f1_score',
      'r2_score',
      'mean_iou',
      'valAccuracy',
      'sparseCategoricalAccuracy',
    ]) {
      expect(inferMonitorOp(name), name).toBe('greater');
    }
    for (const name of [
      'loss',
      'val_loss',
      'output_1_loss',
      'mse',
      'val_mae',
      'hinge',
      'categorical_crossentropy',
      'mean_squared_error',
      'valLoss',
    ]) {
      expect(inferMonitorOp(name), name).toBe('less');
    }
    expect(inferMonitorOp('unknown')).toBeNull();
  });
});

describe('MonitorCallback', () => {
  it("negates minDelta when minimizing and applies Keras's _is_improvement rule", () => {
    const min = new MonitorCallback('val_loss', 'auto', null, 0.1);
    min.setMonitorOp();
    expect(min.monitorOp).toBe('less');
    expect(min.minDelta).toBe(-0.1);
    expect(min.isImprovement(5, null)).toBe(true);
    expect(min.isImprovement(0.85, 1)).toBe(true);
    expect(min.isImprovement(0.95, 1)).toBe(false);
    expect(min.isImprovement(Number.NaN, 1)).toBe(false);

    const max = new MonitorCallback('loss', 'max', null, -0.1);
    max.setMonitorOp();
    expect(max.monitorOp).toBe('greater');
    expect(max.minDelta).toBe(0.1);
    expect(max.isImprovement(1.15, 1)).toBe(true);
    expect(max.isImprovement(1.05, 1)).toBe(false);
  });

  it('starts from the baseline and names the callback in the auto-mode error', () => {
    expect(new MonitorCallback('loss', 'min', 0.5).best).toBe(0.5);
    const cb = new MonitorCallback('perplexity_gap');
    expect(() => cb.setMonitorOp()).toThrow(ValueError);
    expect(() => cb.setMonitorOp()).toThrow(/MonitorCallback callback received monitor=perplexity_gap.*mode: 'max'/);
  });
});

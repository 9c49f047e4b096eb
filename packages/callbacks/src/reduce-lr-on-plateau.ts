/**
 * `ReduceLROnPlateau`: lowers the learning rate when a monitored quantity
 * stops improving (Keras's `keras/src/callbacks/reduce_lr_on_plateau.py`).
 */
import { type Logs, NotReadyError, type OptimizerLike, ValueError } from '@layerwise/core';
import { MonitorCallback, type MonitorMode } from './monitor-callback.js';

/** Options of {@link ReduceLROnPlateau}; every one has Keras's default. */
export interface ReduceLROnPlateauOptions {
  /** The quantity to monitor. Default `'val_loss'`. */
  monitor?: string;
  /** The factor the learning rate is multiplied by (`newLr = lr * factor`); must be below 1. Default `0.1`. */
  factor?: number;
  /** Epochs with no improvement after which the rate is reduced. Default `10`. */
  patience?: number;
  /** `1` prints a message on each reduction. Default `0`. */
  verbose?: number;
  /** `'min'`, `'max'` or `'auto'` (inferred from the monitored name). Default `'auto'`. */
  mode?: MonitorMode;
  /** The threshold for a new optimum, to focus on significant changes. Default `1e-4`. */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting plateaus again. Default `0`. */
  cooldown?: number;
  /** The lower bound on the learning rate. Default `0`. */
  minLr?: number;
}

/**
 * Reduces the learning rate when a monitored quantity has stopped improving
 * (Keras's `ReduceLROnPlateau`). Models often benefit from dividing the rate
 * by 2 to 10 once learning stagnates: at each epoch end this callback compares
 * the monitored value with the best so far (an improvement must beat it by
 * more than `minDelta`), and after `patience` epochs without one sets
 * `model.optimizer.learningRate = max(lr * factor, minLr)`, then waits
 * `cooldown` epochs before counting again. It also writes the current rate
 * into the epoch logs as `learning_rate` (so {@link History} records it), and
 * only warns (`console.warn`) when the monitored value is missing.
 *
 * As in Keras, the rate is not reduced once it is at `minLr` (compared in
 * float32), and setting it replaces a learning-rate schedule with a constant.
 *
 * @example
 * ```ts
 * const reduceLr = new ReduceLROnPlateau({ monitor: 'val_loss', factor: 0.2, patience: 5, minLr: 0.001 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [reduceLr] });
 * model.optimizer.learningRate; // lowered on each plateau, never below 0.001
 * ```
 */
export class ReduceLROnPlateau extends MonitorCallback {
  /** The factor each reduction multiplies the rate by. */
  readonly factor: number;
  /** The lower bound on the rate. */
  readonly minLr: number;
  /** Epochs with no improvement before a reduction. */
  readonly patience: number;
  /** `1` prints a message on each reduction. */
  readonly verbose: number;
  /** Epochs to wait after a reduction. */
  readonly cooldown: number;
  /** Cooldown epochs left. */
  cooldownCounter = 0;
  /** Epochs counted since the last improvement (or reduction). */
  wait = 0;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super(options.monitor ?? 'val_loss', options.mode ?? 'auto', null, options.minDelta ?? 1e-4);
    const factor = options.factor ?? 0.1;
    if (factor >= 1.0) {
      throw new ValueError(`ReduceLROnPlateau does not support a factor >= 1.0. Received factor=${factor}`);
    }
    this.factor = factor;
    this.minLr = options.minLr ?? 0;
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.cooldown = options.cooldown ?? 0;
  }

  /** Whether the callback is cooling down after a reduction. */
  inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    // Delay setup until the first epoch, as Keras does.
    if (this.monitorOp === null) this.setMonitorOp();
    const entries = logs ?? {};
    const optimizer = this.requireOptimizer();
    entries.learning_rate = optimizer.learningRate;
    const current = entries[this.monitor];
    if (current === undefined || current === null) {
      console.warn(
        `Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. ` +
          `Available metrics are: ${Object.keys(entries).join(',')}.`,
      );
      return;
    }
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience && this.reduceOptimizerLr(optimizer, epoch)) {
        this.cooldownCounter = this.cooldown;
        this.wait = 0;
      }
    }
  }

  /** Resets the wait and cooldown counters and the best value. */
  private reset(): void {
    this.best = null;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  private reduceOptimizerLr(optimizer: OptimizerLike, epoch: number): boolean {
    const oldLr = optimizer.learningRate;
    // Keras reads the rate back from a float32 variable and compares it with float32(minLr).
    if (Math.fround(oldLr) > Math.fround(this.minLr)) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      optimizer.learningRate = newLr;
      if (this.verbose > 0) console.log(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.`);
      return true;
    }
    return false;
  }

  private requireOptimizer(): OptimizerLike {
    const optimizer = this.model?.optimizer;
    if (optimizer === undefined) {
      throw new NotReadyError(
        'ReduceLROnPlateau: the model has no optimizer; compile the model (and attach it with setModel) before training.',
      );
    }
    return optimizer;
  }
}

/**
 * `EarlyStopping`: stops training when a monitored quantity stops improving
 * (Keras's `keras/src/callbacks/early_stopping.py`).
 */
import { type Logs, type ModelLike, NotReadyError } from '@layerwise/core';
import { dispose, type Tensor } from '@layerwise/tensors';
import { MonitorCallback, type MonitorMode } from './monitor-callback.js';

/** Options of {@link EarlyStopping}; every one has Keras's default. */
export interface EarlyStoppingOptions {
  /** The quantity to monitor. Default `'val_loss'`. */
  monitor?: string;
  /** The smallest change that counts as an improvement (absolute). Default `0`. */
  minDelta?: number;
  /** Epochs with no improvement after which training stops. Default `0`. */
  patience?: number;
  /** `1` prints a message when the callback stops training or restores weights. Default `0`. */
  verbose?: number;
  /** `'min'`, `'max'` or `'auto'` (inferred from the monitored name). Default `'auto'`. */
  mode?: MonitorMode;
  /** Stop unless the model improves on this value within `patience` epochs. Default `null` (none). */
  baseline?: number | null;
  /** Restore the weights of the best epoch when training ends. Default `false`. */
  restoreBestWeights?: boolean;
  /** Epochs to wait before monitoring starts (a warm-up with no stopping). Default `0`. */
  startFromEpoch?: number;
}

/**
 * Stops training when a monitored quantity has stopped improving (Keras's
 * `EarlyStopping`). At the end of every epoch from `startFromEpoch` on it
 * compares the monitored log value with the best so far (an improvement must
 * beat it by more than `minDelta`); after `patience` epochs without one it
 * sets `model.stopTraining = true`. With a `baseline`, the wait only restarts
 * on epochs that also beat the baseline, so a model that never reaches it is
 * stopped after `patience` epochs. With `restoreBestWeights`, the weights of
 * the best epoch (or of the first monitored epoch, when none improved) are
 * put back when training ends, whoever stopped it. A missing monitored value
 * only warns (`console.warn`), as in Keras.
 *
 * The instance can be reused across `fit` calls: `onTrainBegin` resets it.
 * The weight copies it keeps are disposed when replaced and at train end.
 *
 * @example
 * ```ts
 * // Stop when the training loss has not improved for three epochs.
 * const stopper = new EarlyStopping({ monitor: 'loss', patience: 3 });
 * const history = await model.fit(x, y, { epochs: 100, callbacks: [stopper] });
 * history.epoch.length; // fewer than 100 once the loss plateaus
 * stopper.stoppedEpoch; // the epoch (from 0) at which it stopped, 0 if it never did
 * ```
 */
export class EarlyStopping extends MonitorCallback {
  /** Epochs with no improvement before stopping. */
  readonly patience: number;
  /** `1` prints messages when the callback acts. */
  readonly verbose: number;
  /** The value the model must beat for the wait to restart, or `null`. */
  readonly baseline: number | null;
  /** Whether to restore the best epoch's weights at train end. */
  readonly restoreBestWeights: boolean;
  /** Epochs before monitoring starts. */
  readonly startFromEpoch: number;
  /** Epochs counted since the last improvement. */
  wait = 0;
  /** The epoch (from 0) at which this callback stopped training; `0` if it did not. */
  stoppedEpoch = 0;
  /** The epoch (from 0) with the best monitored value. */
  bestEpoch = 0;
  /** Copies of the best epoch's weights (only with `restoreBestWeights`), owned by this callback. */
  bestWeights: Tensor[] | null = null;

  constructor(options: EarlyStoppingOptions = {}) {
    super(options.monitor ?? 'val_loss', options.mode ?? 'auto', null, options.minDelta ?? 0);
    this.patience = options.patience ?? 0;
    this.verbose = options.verbose ?? 0;
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = options.startFromEpoch ?? 0;
  }

  override onTrainBegin(_logs?: Logs): void {
    // Allow instances to be reused across fit calls.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.setBestWeights(null);
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs?: Logs): void {
    // Delay setup until the first epoch, as Keras does.
    if (this.monitorOp === null) this.setMonitorOp();
    const current = this.getMonitorValue(logs);
    // No monitored value, or still in the warm-up.
    if (current === null || epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) {
      // If best weights were never set, the current weights are the best.
      this.setBestWeights(model.getWeights());
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.setBestWeights(model.getWeights());
      // Only restart the wait when we beat both the baseline and the previous best.
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      // Patience exceeded: stop training.
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(_logs?: Logs): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) console.log(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0) {
        console.log(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
      }
      this.requireModel().setWeights(this.bestWeights);
    }
    // setWeights copies the values, so the kept copies can go.
    this.setBestWeights(null);
  }

  /** The monitored value in `logs`, or `null` (with a warning) when it is missing. */
  getMonitorValue(logs?: Logs): number | null {
    const entries = logs ?? {};
    const value = entries[this.monitor];
    if (value === undefined || value === null) {
      console.warn(
        `Early stopping conditioned on metric \`${this.monitor}\` which is not available. ` +
          `Available metrics are: ${Object.keys(entries).join(',')}`,
      );
      return null;
    }
    return value;
  }

  private setBestWeights(weights: Tensor[] | null): void {
    if (this.bestWeights !== null && this.bestWeights !== weights) dispose(this.bestWeights);
    this.bestWeights = weights;
  }

  private requireModel(): ModelLike {
    if (this.model === null) {
      throw new NotReadyError('EarlyStopping: no model is attached; call setModel(model) first (fit does).');
    }
    return this.model;
  }
}

/**
 * `LearningRateScheduler`: sets the learning rate at the start of every epoch
 * from a function (Keras's `keras/src/callbacks/learning_rate_scheduler.py`).
 */
import { type Logs, NotReadyError, type OptimizerLike, ValueError } from '@layerwise/core';
import { Callback } from './callback.js';

/** A schedule: the epoch (from 0) and the current learning rate in, the new learning rate out. */
export type EpochSchedule = (epoch: number, learningRate: number) => number;

/** Options of {@link LearningRateScheduler}. */
export interface LearningRateSchedulerOptions {
  /** `1` prints the rate set at each epoch. Default `0`. */
  verbose?: number;
}

/**
 * Sets the learning rate at the start of every epoch (Keras's
 * `LearningRateScheduler`): calls `schedule(epoch, currentLr)` and writes the
 * result to `model.optimizer.learningRate` (which replaces any
 * learning-rate schedule with a constant). At each epoch end it writes the
 * rate into the logs as `learning_rate`, so {@link History} records it. A
 * schedule that returns a non-number throws a `ValueError`, as Keras does for
 * a non-float.
 *
 * @example
 * ```ts
 * // Keep the initial rate for ten epochs, then decay it exponentially.
 * const scheduler = new LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * Math.exp(-0.1)));
 * const history = await model.fit(x, y, { epochs: 15, callbacks: [scheduler] });
 * history.history.learning_rate; // 0.01 for ten epochs, then 0.00905, 0.00819, ...
 * ```
 */
export class LearningRateScheduler extends Callback {
  /** The schedule called at each epoch start. */
  readonly schedule: EpochSchedule;
  /** `1` prints the rate set at each epoch. */
  readonly verbose: number;

  constructor(schedule: EpochSchedule, options: LearningRateSchedulerOptions = {}) {
    super();
    if (typeof schedule !== 'function') {
      throw new ValueError(
        `LearningRateScheduler expects a schedule function (epoch, lr) => lr, got ${String(schedule)}.`,
      );
    }
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    const optimizer = this.requireOptimizer();
    const learningRate = this.schedule(epoch, optimizer.learningRate);
    if (typeof learningRate !== 'number') {
      throw new ValueError(`The output of the \`schedule\` function should be a number. Got: ${String(learningRate)}`);
    }
    optimizer.learningRate = learningRate;
    if (this.verbose > 0)
      console.log(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${learningRate}.`);
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    const optimizer = this.requireOptimizer();
    if (logs !== undefined) logs.learning_rate = optimizer.learningRate;
  }

  private requireOptimizer(): OptimizerLike {
    const optimizer = this.model?.optimizer;
    if (optimizer === undefined) {
      throw new NotReadyError(
        'LearningRateScheduler: the model has no optimizer; compile the model (and attach it with setModel) before training.',
      );
    }
    return optimizer;
  }
}

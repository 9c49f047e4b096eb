/**
 * The base of learning-rate schedules: a serializable map from the number of
 * update steps taken so far to a learning rate. Concrete schedules
 * (`ExponentialDecay`, `CosineDecay`, ...) subclass it.
 */
import type { Config, Serializable } from '@layerwise/core';

/**
 * A learning rate that changes with the step count, as Keras's
 * `keras.optimizers.schedules.LearningRateSchedule`. The optimizer calls
 * {@link LearningRateSchedule.call} with its raw update count (0 on the first
 * update; with gradient accumulation, every micro-step counts, as in Keras)
 * on the host, so a schedule costs no device read-back.
 *
 * Subclasses set `static readonly className`, implement `call` and
 * `getConfig`, add a static `fromConfig`, and register with
 * `registerSerializable` so that an optimizer using them can be saved.
 *
 * @example
 * ```ts
 * class HalveEvery extends LearningRateSchedule {
 *   static readonly className = 'HalveEvery';
 *   constructor(readonly initial: number, readonly every: number) { super(); }
 *   call(step: number) { return this.initial * 0.5 ** Math.floor(step / this.every); }
 *   getConfig() { return { initial: this.initial, every: this.every }; }
 *   static fromConfig(c: Config) { return new HalveEvery(c.initial as number, c.every as number); }
 * }
 * registerSerializable(HalveEvery);
 * const opt = new SGD({ learningRate: new HalveEvery(0.1, 100) });
 * ```
 */
export abstract class LearningRateSchedule implements Serializable {
  /** The name the schedule is registered and saved under. */
  static readonly className: string = 'LearningRateSchedule';

  /** The learning rate after `step` update steps (0 for the first update). */
  abstract call(step: number): number;

  /** The schedule's hyperparameters, as JSON. */
  abstract getConfig(): Config;
}

/**
 * Whether `x` is a learning-rate schedule: an instance of
 * {@link LearningRateSchedule}, or any object with `call(step)` and
 * `getConfig()` (a schedule from another copy of this package).
 *
 * @example
 * ```ts
 * isLearningRateSchedule(0.01); // false
 * ```
 */
export function isLearningRateSchedule(x: unknown): x is LearningRateSchedule {
  if (x instanceof LearningRateSchedule) return true;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as { call?: unknown }).call === 'function' &&
    typeof (x as { getConfig?: unknown }).getConfig === 'function'
  );
}

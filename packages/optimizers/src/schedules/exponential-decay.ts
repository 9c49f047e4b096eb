/**
 * Exponential decay, as Keras 3's `keras.optimizers.schedules.ExponentialDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { bool, checkOptions, f32, finite, optionsFromConfig, positive, scheduleName } from './schedule-utils.js';

/**
 * Options of {@link ExponentialDecay} (Keras's arguments in camelCase).
 *
 * @example
 * ```ts
 * const options: ExponentialDecayOptions = { initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96 };
 * ```
 */
export interface ExponentialDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps over which the rate is multiplied by `decayRate` once; > 0. */
  decaySteps: number;
  /** The factor per `decaySteps` steps. */
  decayRate: number;
  /** Decay at discrete intervals: `floor(step / decaySteps)` as the exponent (default false). */
  staircase?: boolean;
  /** The schedule's name (default `'ExponentialDecay'`, as Keras). */
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * A learning rate that decays exponentially with the step:
 *
 * ```
 * lr(step) = initialLearningRate * decayRate ^ (step / decaySteps)
 * ```
 *
 * With `staircase`, the exponent is `floor(step / decaySteps)`, so the rate
 * drops by `decayRate` every `decaySteps` steps and is constant in between.
 * Computed in float32, as Keras does, so the numbers are Keras's.
 *
 * @example
 * ```ts
 * // 0.1, times 0.96 every 100000 steps.
 * const schedule = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 100000, decayRate: 0.96, staircase: true });
 * const optimizer = new SGD({ learningRate: schedule });
 * schedule.call(250000); // 0.1 * 0.96^2 = 0.09216
 * ```
 */
export class ExponentialDecay extends LearningRateSchedule {
  static override readonly className: string = 'ExponentialDecay';
  /** The config keys {@link ExponentialDecay.fromConfig} accepts (camelCase; snake_case works too). */
  static readonly configKeys: readonly string[] = KEYS;

  /** The learning rate at step 0. */
  readonly initialLearningRate: number;
  /** Steps per factor of `decayRate`. */
  readonly decaySteps: number;
  /** The decay factor per `decaySteps` steps. */
  readonly decayRate: number;
  /** Whether the exponent is floored. */
  readonly staircase: boolean;
  /** The schedule's name. */
  readonly name: string;

  /** @throws ValueError when an argument is missing or out of range (`decaySteps` <= 0). */
  constructor(options: ExponentialDecayOptions) {
    super();
    const cls = 'ExponentialDecay';
    checkOptions(cls, options, KEYS);
    this.initialLearningRate = finite(cls, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(cls, 'decaySteps', options.decaySteps);
    this.decayRate = finite(cls, 'decayRate', options.decayRate);
    this.staircase = bool(cls, 'staircase', options.staircase, false);
    this.name = scheduleName(cls, options.name, 'ExponentialDecay');
  }

  /** `initialLearningRate * decayRate ^ p`, `p = step / decaySteps` (floored with `staircase`), in float32. */
  call(step: number): number {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    return f32(f32(this.initialLearningRate) * f32(f32(this.decayRate) ** p));
  }

  getConfig(): Config {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      decayRate: this.decayRate,
      staircase: this.staircase,
      name: this.name,
    };
  }

  /**
   * Rebuilds the schedule from {@link ExponentialDecay.getConfig}'s output
   * or Keras's config (`initial_learning_rate`, `decay_steps`, ...).
   */
  static fromConfig(config: Config): ExponentialDecay {
    return new ExponentialDecay(
      optionsFromConfig('ExponentialDecay', config, KEYS) as unknown as ExponentialDecayOptions,
    );
  }
}

registerSerializable(ExponentialDecay);

/**
 * Inverse time decay, as Keras 3's `keras.optimizers.schedules.InverseTimeDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { bool, checkOptions, f32, finite, optionsFromConfig, positive, scheduleName } from './schedule-utils.js';

/**
 * Options of {@link InverseTimeDecay} (Keras's arguments in camelCase).
 *
 * @example
 * ```ts
 * const options: InverseTimeDecayOptions = { initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 };
 * ```
 */
export interface InverseTimeDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The step scale: the rate is `initialLearningRate / (1 + decayRate)` at `decaySteps`; > 0. */
  decaySteps: number;
  /** The decay rate. */
  decayRate: number;
  /** Decay at discrete intervals: `floor(step / decaySteps)` (default false). */
  staircase?: boolean;
  /** The schedule's name (default `'InverseTimeDecay'`, as Keras). */
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'decayRate', 'staircase', 'name'] as const;

/**
 * A learning rate that decays as `1 / t`:
 *
 * ```
 * lr(step) = initialLearningRate / (1 + decayRate * step / decaySteps)
 * ```
 *
 * With `staircase`, `step / decaySteps` is floored, so the rate changes only
 * every `decaySteps` steps. Computed in float32, as Keras.
 *
 * @example
 * ```ts
 * // 1/t decay with rate 0.5: 0.1, 0.0667, 0.05, 0.04, ...
 * const schedule = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
 * schedule.call(2); // 0.1 / (1 + 0.5 * 2) = 0.05
 * ```
 */
export class InverseTimeDecay extends LearningRateSchedule {
  static override readonly className: string = 'InverseTimeDecay';
  /** The config keys {@link InverseTimeDecay.fromConfig} accepts. */
  static readonly configKeys: readonly string[] = KEYS;

  /** The learning rate at step 0. */
  readonly initialLearningRate: number;
  /** The step scale. */
  readonly decaySteps: number;
  /** The decay rate. */
  readonly decayRate: number;
  /** Whether `step / decaySteps` is floored. */
  readonly staircase: boolean;
  /** The schedule's name. */
  readonly name: string;

  /** @throws ValueError when an argument is missing or out of range (`decaySteps` <= 0). */
  constructor(options: InverseTimeDecayOptions) {
    super();
    const cls = 'InverseTimeDecay';
    checkOptions(cls, options, KEYS);
    this.initialLearningRate = finite(cls, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(cls, 'decaySteps', options.decaySteps);
    this.decayRate = finite(cls, 'decayRate', options.decayRate);
    this.staircase = bool(cls, 'staircase', options.staircase, false);
    this.name = scheduleName(cls, options.name, 'InverseTimeDecay');
  }

  /** `initialLearningRate / (1 + decayRate * p)`, `p = step / decaySteps` (floored with `staircase`), in float32. */
  call(step: number): number {
    let p = f32(f32(step) / f32(this.decaySteps));
    if (this.staircase) p = Math.floor(p);
    const denominator = f32(1 + f32(f32(this.decayRate) * p));
    return f32(f32(this.initialLearningRate) / denominator);
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

  /** Rebuilds the schedule from {@link InverseTimeDecay.getConfig}'s output or Keras's config. */
  static fromConfig(config: Config): InverseTimeDecay {
    return new InverseTimeDecay(
      optionsFromConfig('InverseTimeDecay', config, KEYS) as unknown as InverseTimeDecayOptions,
    );
  }
}

registerSerializable(InverseTimeDecay);

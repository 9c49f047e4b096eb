/**
 * Polynomial decay, as Keras 3's `keras.optimizers.schedules.PolynomialDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { bool, checkOptions, f32, finite, optionsFromConfig, positive, scheduleName } from './schedule-utils.js';

/**
 * Options of {@link PolynomialDecay} (Keras's arguments in camelCase).
 *
 * @example
 * ```ts
 * const options: PolynomialDecayOptions = { initialLearningRate: 0.1, decaySteps: 10000, endLearningRate: 0.01, power: 0.5 };
 * ```
 */
export interface PolynomialDecayOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The number of steps to go from `initialLearningRate` to `endLearningRate`; > 0. */
  decaySteps: number;
  /** The learning rate from `decaySteps` on (default 0.0001, as Keras). */
  endLearningRate?: number;
  /** The power of the polynomial (default 1: linear). */
  power?: number;
  /** Start again after `decaySteps`, over the next multiple of `decaySteps` (default false). */
  cycle?: boolean;
  /** The schedule's name (default `'PolynomialDecay'`, as Keras). */
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'endLearningRate', 'power', 'cycle', 'name'] as const;

/**
 * A learning rate that goes from `initialLearningRate` to `endLearningRate`
 * in `decaySteps` steps along a polynomial, then stays there:
 *
 * ```
 * s = min(step, decaySteps)
 * lr(step) = (initialLearningRate - endLearningRate) * (1 - s / decaySteps) ^ power + endLearningRate
 * ```
 *
 * With `cycle`, instead of clamping the step, the decay period becomes the
 * first multiple of `decaySteps` that is >= the step
 * (`decaySteps * ceil(step / decaySteps)`, and `decaySteps` at step 0), so
 * the rate jumps back up after each period. Computed in float32, as Keras.
 *
 * @example
 * ```ts
 * // From 0.1 to 0.01 in 10000 steps, along a square root.
 * const schedule = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10000, endLearningRate: 0.01, power: 0.5 });
 * schedule.call(7500); // 0.09 * 0.25^0.5 + 0.01 = 0.055
 * ```
 */
export class PolynomialDecay extends LearningRateSchedule {
  static override readonly className: string = 'PolynomialDecay';
  /** The config keys {@link PolynomialDecay.fromConfig} accepts. */
  static readonly configKeys: readonly string[] = KEYS;

  /** The learning rate at step 0. */
  readonly initialLearningRate: number;
  /** The decay period. */
  readonly decaySteps: number;
  /** The final learning rate. */
  readonly endLearningRate: number;
  /** The polynomial's power. */
  readonly power: number;
  /** Whether the decay restarts after each period. */
  readonly cycle: boolean;
  /** The schedule's name. */
  readonly name: string;

  /** @throws ValueError when an argument is missing or out of range (`decaySteps` <= 0). */
  constructor(options: PolynomialDecayOptions) {
    super();
    const cls = 'PolynomialDecay';
    checkOptions(cls, options, KEYS);
    this.initialLearningRate = finite(cls, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(cls, 'decaySteps', options.decaySteps);
    this.endLearningRate = finite(cls, 'endLearningRate', options.endLearningRate ?? 0.0001);
    this.power = finite(cls, 'power', options.power ?? 1.0);
    this.cycle = bool(cls, 'cycle', options.cycle, false);
    this.name = scheduleName(cls, options.name, 'PolynomialDecay');
  }

  /** Keras's formula (see the class comment), in float32. */
  call(step: number): number {
    const initial = f32(this.initialLearningRate);
    const end = f32(this.endLearningRate);
    let s = f32(step);
    let decaySteps = f32(this.decaySteps);
    if (this.cycle) {
      // The first multiple of decaySteps that is >= step; 1 at step 0.
      const multiplier = s === 0 ? 1 : Math.ceil(f32(s / decaySteps));
      decaySteps = f32(decaySteps * multiplier);
    } else {
      s = Math.min(s, decaySteps);
    }
    const p = f32(s / decaySteps);
    return f32(f32(f32(initial - end) * f32(f32(1 - p) ** f32(this.power))) + end);
  }

  getConfig(): Config {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      endLearningRate: this.endLearningRate,
      power: this.power,
      cycle: this.cycle,
      name: this.name,
    };
  }

  /** Rebuilds the schedule from {@link PolynomialDecay.getConfig}'s output or Keras's config. */
  static fromConfig(config: Config): PolynomialDecay {
    return new PolynomialDecay(optionsFromConfig('PolynomialDecay', config, KEYS) as unknown as PolynomialDecayOptions);
  }
}

registerSerializable(PolynomialDecay);

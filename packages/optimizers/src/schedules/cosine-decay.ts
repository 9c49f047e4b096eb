/**
 * Cosine decay with an optional linear warmup, as Keras 3's
 * `keras.optimizers.schedules.CosineDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { checkOptions, f32, finite, nonNegative, optionsFromConfig, positive, scheduleName } from './schedule-utils.js';

/**
 * Options of {@link CosineDecay} (Keras's arguments in camelCase).
 *
 * @example
 * ```ts
 * const options: CosineDecayOptions = { initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100 };
 * ```
 */
export interface CosineDecayOptions {
  /** The learning rate at step 0: where the warmup starts, or (without warmup) where the decay starts. */
  initialLearningRate: number;
  /** The number of steps of the cosine decay (after the warmup); > 0. */
  decaySteps: number;
  /** The final rate as a fraction of the rate the decay starts from (default 0). */
  alpha?: number;
  /** The rate the warmup reaches and the decay starts from; null (the default) means no warmup. */
  warmupTarget?: number | null;
  /** The number of warmup steps (default 0); used only with `warmupTarget`. */
  warmupSteps?: number;
  /** The schedule's name (default `'CosineDecay'`, as Keras). */
  name?: string;
}

const KEYS = ['initialLearningRate', 'decaySteps', 'alpha', 'name', 'warmupTarget', 'warmupSteps'] as const;

/**
 * A cosine-shaped decay (Loshchilov & Hutter, SGDR), optionally after a
 * linear warmup (Goyal et al.). Without `warmupTarget`:
 *
 * ```
 * s = min(step, decaySteps)
 * lr(step) = initialLearningRate * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)
 * ```
 *
 * With `warmupTarget`, the rate first rises linearly from
 * `initialLearningRate` to `warmupTarget` over `warmupSteps` steps,
 *
 * ```
 * lr(step) = initialLearningRate + (warmupTarget - initialLearningRate) * step / warmupSteps   (step < warmupSteps)
 * ```
 *
 * then decays as above from `warmupTarget` (to `warmupTarget * alpha`) with
 * `step - warmupSteps` in place of `step`. This is Keras's code; Keras's
 * docstring (and test helper) leave out the `initialLearningRate +` term,
 * which only matters when it is not 0. Computed in float32, as Keras.
 *
 * @example
 * ```ts
 * // Warm up from 0 to 0.1 in 100 steps, then decay to 0 over 1000 steps.
 * const schedule = new CosineDecay({ initialLearningRate: 0, decaySteps: 1000, warmupTarget: 0.1, warmupSteps: 100 });
 * schedule.call(50); // 0.05
 * schedule.call(600); // 0.1 * 0.5 * (1 + cos(pi / 2)) = 0.05
 * ```
 */
export class CosineDecay extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecay';
  /** The config keys {@link CosineDecay.fromConfig} accepts. */
  static readonly configKeys: readonly string[] = KEYS;

  /** The learning rate at step 0. */
  readonly initialLearningRate: number;
  /** The length of the decay. */
  readonly decaySteps: number;
  /** The final rate as a fraction of the decay's starting rate. */
  readonly alpha: number;
  /** The warmup's target rate, or null for no warmup. */
  readonly warmupTarget: number | null;
  /** The length of the warmup. */
  readonly warmupSteps: number;
  /** The schedule's name. */
  readonly name: string;

  /** @throws ValueError when an argument is missing or out of range (`decaySteps` <= 0, `warmupSteps` < 0). */
  constructor(options: CosineDecayOptions) {
    super();
    const cls = 'CosineDecay';
    checkOptions(cls, options, KEYS);
    this.initialLearningRate = finite(cls, 'initialLearningRate', options.initialLearningRate);
    this.decaySteps = positive(cls, 'decaySteps', options.decaySteps);
    this.alpha = finite(cls, 'alpha', options.alpha ?? 0.0);
    this.warmupTarget =
      options.warmupTarget === undefined || options.warmupTarget === null
        ? null
        : finite(cls, 'warmupTarget', options.warmupTarget);
    this.warmupSteps = nonNegative(cls, 'warmupSteps', options.warmupSteps ?? 0);
    this.name = scheduleName(cls, options.name, 'CosineDecay');
  }

  /** Keras's formula (see the class comment), in float32. */
  call(step: number): number {
    const initial = f32(this.initialLearningRate);
    const decaySteps = f32(this.decaySteps);
    let s = f32(step);
    if (this.warmupTarget === null) {
      return this.decay(Math.min(s, decaySteps), decaySteps, initial);
    }
    const target = f32(this.warmupTarget);
    const warmupSteps = f32(this.warmupSteps);
    s = Math.min(s, f32(decaySteps + warmupSteps));
    if (s < warmupSteps) {
      const completed = f32(s / warmupSteps);
      return f32(f32(f32(target - initial) * completed) + initial);
    }
    return this.decay(f32(s - warmupSteps), decaySteps, target);
  }

  /** Keras's `_decay_function`: `from * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decaySteps)) + alpha)`. */
  private decay(s: number, decaySteps: number, from: number): number {
    const completed = f32(s / decaySteps);
    const cosineDecayed = f32(0.5 * f32(1 + f32(Math.cos(f32(f32(Math.PI) * completed)))));
    // Keras: `(1 - self.alpha) * cosine_decayed + self.alpha`, the Python floats rounded to float32.
    const decayed = f32(f32(f32(1 - this.alpha) * cosineDecayed) + f32(this.alpha));
    return f32(from * decayed);
  }

  getConfig(): Config {
    return {
      initialLearningRate: this.initialLearningRate,
      decaySteps: this.decaySteps,
      alpha: this.alpha,
      name: this.name,
      warmupTarget: this.warmupTarget,
      warmupSteps: this.warmupSteps,
    };
  }

  /** Rebuilds the schedule from {@link CosineDecay.getConfig}'s output or Keras's config. */
  static fromConfig(config: Config): CosineDecay {
    return new CosineDecay(optionsFromConfig('CosineDecay', config, KEYS) as unknown as CosineDecayOptions);
  }
}

registerSerializable(CosineDecay);

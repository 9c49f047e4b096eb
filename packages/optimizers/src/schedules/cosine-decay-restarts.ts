/**
 * Cosine decay with warm restarts (SGDR), as Keras 3's
 * `keras.optimizers.schedules.CosineDecayRestarts`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import {
  checkOptions,
  f32,
  finite,
  nonNegative,
  optionsFromConfig,
  positive,
  scheduleName,
  show,
} from './schedule-utils.js';

/**
 * Options of {@link CosineDecayRestarts} (Keras's arguments in camelCase).
 *
 * @example
 * ```ts
 * const options: CosineDecayRestartsOptions = { initialLearningRate: 0.1, firstDecaySteps: 1000, tMul: 2, mMul: 0.9 };
 * ```
 */
export interface CosineDecayRestartsOptions {
  /** The learning rate at step 0. */
  initialLearningRate: number;
  /** The length of the first period; > 0. */
  firstDecaySteps: number;
  /** Each period is `tMul` times as long as the one before (default 2); > 0. */
  tMul?: number;
  /** Each period starts at `mMul` times the previous period's starting rate (default 1); >= 0. */
  mMul?: number;
  /** The minimum rate, as a fraction of `initialLearningRate` (default 0). */
  alpha?: number;
  /** The schedule's name (default `'SGDRDecay'`, as Keras). */
  name?: string;
}

const KEYS = ['initialLearningRate', 'firstDecaySteps', 'tMul', 'mMul', 'alpha', 'name'] as const;

/**
 * Cosine decay with warm restarts (Loshchilov & Hutter, SGDR). Period `i`
 * (from 0) lasts `firstDecaySteps * tMul^i` steps; within it, with `t` the
 * fraction of the period completed,
 *
 * ```
 * lr(step) = initialLearningRate * ((1 - alpha) * mMul^i * 0.5 * (1 + cos(pi * t)) + alpha)
 * ```
 *
 * so each period decays from `mMul^i` (times the initial rate) towards
 * `alpha`, then restarts. As in Keras, the period is found in closed form,
 * `i = floor(log(1 - c * (1 - tMul)) / log(tMul))` with
 * `c = step / firstDecaySteps` (`i = floor(c)` when `tMul` is 1), in
 * float32, so the numbers are Keras's. With `tMul < 1` the periods shrink
 * and their total length is finite (`firstDecaySteps / (1 - tMul)`): past
 * it the formula (in Keras too) gives NaN, which the optimizer reports.
 *
 * Note that `alpha` is not scaled by `mMul^i`, as in Keras.
 *
 * @example
 * ```ts
 * // Periods of 1000, 2000, 4000, ... steps, each restarting at 0.1.
 * const schedule = new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 1000 });
 * schedule.call(500); // 0.05
 * schedule.call(1000); // 0.1 (restart)
 * schedule.call(2000); // 0.05 (half of the 2000-step second period)
 * ```
 */
export class CosineDecayRestarts extends LearningRateSchedule {
  static override readonly className: string = 'CosineDecayRestarts';
  /** The config keys {@link CosineDecayRestarts.fromConfig} accepts. */
  static readonly configKeys: readonly string[] = KEYS;

  /** The learning rate at step 0. */
  readonly initialLearningRate: number;
  /** The length of the first period. */
  readonly firstDecaySteps: number;
  /** The period length multiplier. */
  readonly tMul: number;
  /** The restart rate multiplier. */
  readonly mMul: number;
  /** The minimum rate as a fraction of the initial rate. */
  readonly alpha: number;
  /** The schedule's name. */
  readonly name: string;

  /** @throws ValueError when an argument is missing or out of range (`firstDecaySteps` <= 0, `tMul` <= 0, `mMul` < 0). */
  constructor(options: CosineDecayRestartsOptions) {
    super();
    const cls = 'CosineDecayRestarts';
    checkOptions(cls, options, KEYS);
    this.initialLearningRate = finite(cls, 'initialLearningRate', options.initialLearningRate);
    this.firstDecaySteps = positive(cls, 'firstDecaySteps', options.firstDecaySteps);
    const tMul = options.tMul ?? 2.0;
    if (typeof tMul !== 'number' || !Number.isFinite(tMul) || tMul <= 0) {
      throw new ValueError(
        `${cls}: \`tMul\` must be a finite number > 0 (the ratio of consecutive period lengths), got ${show(tMul)}.`,
      );
    }
    this.tMul = tMul;
    this.mMul = nonNegative(cls, 'mMul', options.mMul ?? 1.0);
    this.alpha = finite(cls, 'alpha', options.alpha ?? 0.0);
    this.name = scheduleName(cls, options.name, 'SGDRDecay');
  }

  /** Keras's formula (see the class comment), in float32. */
  call(step: number): number {
    const first = f32(this.firstDecaySteps);
    const alpha = f32(this.alpha);
    const tMul = f32(this.tMul);
    const mMul = f32(this.mMul);
    let completed = f32(f32(step) / first);
    let restart: number;
    if (tMul === 1) {
      restart = Math.floor(completed);
      completed = f32(completed - restart);
    } else {
      restart = Math.floor(f32(f32(Math.log(f32(1 - f32(completed * f32(1 - tMul))))) / f32(Math.log(tMul))));
      const tPow = f32(tMul ** restart);
      const sumR = f32(f32(1 - tPow) / f32(1 - tMul));
      completed = f32(f32(completed - sumR) / tPow);
    }
    const mFac = f32(mMul ** restart);
    const cosineDecayed = f32(f32(0.5 * mFac) * f32(1 + f32(Math.cos(f32(f32(Math.PI) * completed)))));
    const decayed = f32(f32(f32(1 - alpha) * cosineDecayed) + alpha);
    return f32(f32(this.initialLearningRate) * decayed);
  }

  getConfig(): Config {
    return {
      initialLearningRate: this.initialLearningRate,
      firstDecaySteps: this.firstDecaySteps,
      tMul: this.tMul,
      mMul: this.mMul,
      alpha: this.alpha,
      name: this.name,
    };
  }

  /**
   * Rebuilds the schedule from {@link CosineDecayRestarts.getConfig}'s
   * output or Keras's config (`first_decay_steps`, `t_mul`, `m_mul`, ...).
   */
  static fromConfig(config: Config): CosineDecayRestarts {
    return new CosineDecayRestarts(
      optionsFromConfig('CosineDecayRestarts', config, KEYS) as unknown as CosineDecayRestartsOptions,
    );
  }
}

registerSerializable(CosineDecayRestarts);

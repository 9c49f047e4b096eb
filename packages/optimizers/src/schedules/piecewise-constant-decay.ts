/**
 * Piecewise constant decay, as Keras 3's
 * `keras.optimizers.schedules.PiecewiseConstantDecay`
 * (keras/src/optimizers/schedules/learning_rate_schedule.py).
 */
import { type Config, registerSerializable, ValueError } from '@layerwise/core';
import { LearningRateSchedule } from './learning-rate-schedule.js';
import { checkOptions, f32, optionsFromConfig, scheduleName, show } from './schedule-utils.js';

/**
 * Options of {@link PiecewiseConstantDecay}.
 *
 * @example
 * ```ts
 * const options: PiecewiseConstantDecayOptions = { boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] };
 * ```
 */
export interface PiecewiseConstantDecayOptions {
  /** Step boundaries, increasing (each >= the previous); at least one. */
  boundaries: readonly number[];
  /** The learning rate in each interval: one more value than boundaries. */
  values: readonly number[];
  /** The schedule's name (default `'PiecewiseConstant'`, as Keras). */
  name?: string;
}

const KEYS = ['boundaries', 'values', 'name'] as const;

function numbers(key: string, value: unknown): number[] {
  if (!Array.isArray(value) || !value.every((x) => typeof x === 'number' && Number.isFinite(x))) {
    throw new ValueError(`PiecewiseConstantDecay: \`${key}\` must be an array of finite numbers, got ${show(value)}.`);
  }
  return [...value];
}

/**
 * A learning rate that is constant between step boundaries:
 *
 * ```
 * lr(step) = values[0]   if step <= boundaries[0]
 *            values[i]   if boundaries[i-1] < step <= boundaries[i]
 *            values[n]   if step > boundaries[n-1]     (n = boundaries.length)
 * ```
 *
 * The upper end of each interval is included, as in Keras. The value is
 * returned rounded to float32, as Keras's float32 result.
 *
 * @example
 * ```ts
 * // 1.0 for the first 100001 steps (0..100000), 0.5 for the next 10000, then 0.1.
 * const schedule = new PiecewiseConstantDecay({ boundaries: [100000, 110000], values: [1.0, 0.5, 0.1] });
 * schedule.call(100000); // 1
 * schedule.call(100001); // 0.5
 * ```
 */
export class PiecewiseConstantDecay extends LearningRateSchedule {
  static override readonly className: string = 'PiecewiseConstantDecay';
  /** The config keys {@link PiecewiseConstantDecay.fromConfig} accepts. */
  static readonly configKeys: readonly string[] = KEYS;

  /** The step boundaries. */
  readonly boundaries: readonly number[];
  /** The learning rate of each interval. */
  readonly values: readonly number[];
  /** The schedule's name. */
  readonly name: string;

  /**
   * @throws ValueError when `values.length !== boundaries.length + 1` (Keras's check), when there is no
   *   boundary, when boundaries decrease, or when an entry is not a finite number.
   */
  constructor(options: PiecewiseConstantDecayOptions) {
    super();
    const cls = 'PiecewiseConstantDecay';
    checkOptions(cls, options, KEYS);
    const boundaries = numbers('boundaries', options.boundaries);
    const values = numbers('values', options.values);
    if (boundaries.length !== values.length - 1) {
      throw new ValueError(
        `${cls}: the length of boundaries should be 1 less than the length of values. Received: ` +
          `boundaries=${show(boundaries)} of length ${boundaries.length}, and values=${show(values)} of length ${values.length}.`,
      );
    }
    if (boundaries.length === 0) {
      throw new ValueError(
        `${cls}: expected at least one boundary (and two values), got none. For a constant rate, pass a number as the learning rate.`,
      );
    }
    for (let i = 1; i < boundaries.length; i++) {
      if (boundaries[i] < boundaries[i - 1]) {
        throw new ValueError(
          `${cls}: \`boundaries\` must be increasing, but boundaries[${i}] = ${boundaries[i]} < boundaries[${i - 1}] = ${boundaries[i - 1]}.`,
        );
      }
    }
    this.boundaries = Object.freeze(boundaries);
    this.values = Object.freeze(values);
    this.name = scheduleName(cls, options.name, 'PiecewiseConstant');
  }

  /** `values[i]` for the first boundary `i` with `step <= boundaries[i]`, else the last value; float32. */
  call(step: number): number {
    const b = this.boundaries;
    for (let i = 0; i < b.length; i++) if (step <= b[i]) return f32(this.values[i]);
    return f32(this.values[b.length]);
  }

  getConfig(): Config {
    return { boundaries: [...this.boundaries], values: [...this.values], name: this.name };
  }

  /** Rebuilds the schedule from {@link PiecewiseConstantDecay.getConfig}'s output or Keras's config. */
  static fromConfig(config: Config): PiecewiseConstantDecay {
    return new PiecewiseConstantDecay(
      optionsFromConfig('PiecewiseConstantDecay', config, KEYS) as unknown as PiecewiseConstantDecayOptions,
    );
  }
}

registerSerializable(PiecewiseConstantDecay);

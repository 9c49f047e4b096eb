/**
 * `MeanMetricWrapper`: the running mean of a per-sample function.
 */
import { type Config, registerSerializable, SerializationError, toSnakeCase, ValueError } from '@layerwise/core';
import { type TensorInput, tidy } from '@layerwise/tensors';
import { type MetricFunction, metricFunctionName, metricFunctions } from './functions.js';
import { Mean } from './mean.js';
import { Metric, type MetricClass, type MetricOptions } from './metric.js';
import { asTensor, readConfig } from './utils.js';

/**
 * The weighted running mean of `fn(yTrue, yPred)` (Keras's
 * `MeanMetricWrapper`): `fn` returns one value per sample (or per entry,
 * averaged per sample), and sample weights weigh samples as in
 * {@link Mean}. `fn` may be a function or the name of a registered one;
 * saving needs a registered one (see `registerMetricFunction`).
 *
 * @example
 * ```ts
 * const mse = new MeanMetricWrapper((t, p) => square(sub(t, p)), { name: 'mse' });
 * mse.updateState([[0, 1], [1, 1]], [[0, 0], [1, 0]]); // per sample 0.5, 0.5
 * mse.result();                                        // 0.5
 * ```
 */
export class MeanMetricWrapper extends Mean {
  static override readonly className: string = 'MeanMetricWrapper';
  static override readonly configKeys: readonly string[] = ['name', 'dtype', 'fn'];

  readonly fn: MetricFunction;

  constructor(fn: MetricFunction | string, options: MetricOptions = {}, defaultName?: string) {
    const resolved = typeof fn === 'string' ? metricFunctions.get(fn) : fn;
    if (typeof resolved !== 'function') {
      throw new ValueError(
        `MeanMetricWrapper: fn is ${typeof fn}; expected a function (yTrue, yPred) => Tensor or a registered name.`,
      );
    }
    const registered = metricFunctionName(resolved);
    const fallback = resolved.name ? toSnakeCase(resolved.name) : 'mean_metric_wrapper';
    super(options, defaultName ?? (typeof fn === 'string' ? toSnakeCase(fn) : (registered ?? fallback)));
    this.fn = resolved;
  }

  /** Adds `fn(yTrue, yPred)`, weighted by `sampleWeight`, to the running mean. */
  override updateState(yTrue: TensorInput, yPred: TensorInput, sampleWeight?: TensorInput | null): void {
    tidy(() => this.accumulate(this.fn(asTensor(yTrue), asTensor(yPred)), sampleWeight));
  }

  /** `{ name, dtype, fn }` with `fn` the function's registered name; subclasses with a fixed function leave `fn` out. */
  override getConfig(): Config {
    const base = super.getConfig();
    if (this.constructor !== MeanMetricWrapper) return base;
    const fn = metricFunctionName(this.fn);
    if (fn === undefined) {
      throw new SerializationError(
        `MeanMetricWrapper '${this.name}': its function is not registered, so it cannot be saved. ` +
          `Register it first with registerMetricFunction('${this.name}', fn).`,
      );
    }
    return { ...base, fn };
  }

  static override fromConfig<T extends Metric>(this: MetricClass<T>, config: Config): T {
    // biome-ignore lint/complexity/noThisInStatic: subclasses with a fixed function rebuild through Metric.fromConfig
    if ((this as unknown) !== MeanMetricWrapper) return Metric.fromConfig.call(this, config) as T;
    const { fn, ...options } = readConfig('MeanMetricWrapper', config, MeanMetricWrapper.configKeys);
    if (typeof fn !== 'string') {
      throw new SerializationError(
        `MeanMetricWrapper.fromConfig: 'fn' must be the name of a registered metric function, got ${JSON.stringify(fn)}.`,
      );
    }
    return new MeanMetricWrapper(fn, options as MetricOptions) as unknown as T;
  }
}
registerSerializable(MeanMetricWrapper);

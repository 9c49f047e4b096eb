/**
 * The `Metric` base class: state in non-trainable variables on the device,
 * updated without reading anything back.
 */
import { type Config, type MetricLike, type Serializable, toSnakeCase, ValueError } from '@layerwise/core';
import {
  assign,
  dispose,
  type Tensor,
  type TensorInput,
  tidy,
  type Variable,
  variable,
  zeros,
} from '@layerwise/tensors';
import { readConfig } from './utils.js';

/**
 * Options every metric takes.
 *
 * @example
 * ```ts
 * new Mean({ name: 'val_loss' });
 * ```
 */
export interface MetricOptions {
  /** The metric's name, as it appears in logs (default: the class's Keras name, e.g. `'binary_accuracy'`). */
  name?: string;
  /** The dtype of the result: only `'float32'`, which is what the backends compute in (Keras's default). */
  dtype?: string;
}

/**
 * The static side of a metric class, as `fromConfig` sees it.
 *
 * @example
 * ```ts
 * const cls: MetricClass = BinaryAccuracy;
 * cls.className; // 'BinaryAccuracy'
 * ```
 */
export interface MetricClass<T extends Metric = Metric> {
  readonly className: string;
  readonly configKeys?: readonly string[];
  readonly prototype: T;
}

let nextVariableId = 0;

/**
 * The base class of every streaming metric. State lives in variables made
 * with {@link Metric.addWeight} (zeros at first and after `resetState`);
 * `updateState` folds a batch into them on the device, with no device read;
 * `result` returns the current value as a new scalar tensor (reading it back
 * is the caller's choice). `dispose` frees the variables.
 *
 * @example
 * ```ts
 * class TruePositives extends Metric {
 *   static override readonly className = 'TruePositives';
 *   private readonly tp = this.addWeight('true_positives');
 *   updateState(yTrue: TensorInput, yPred: TensorInput) {
 *     tidy(() => assignAdd(this.tp, sum(mul(cast(yTrue, 'float32'), cast(greater(yPred, 0.5), 'float32')))));
 *   }
 *   result() { return identity(this.tp); }
 * }
 * ```
 */
export abstract class Metric implements MetricLike, Serializable {
  /** The name the class is registered and saved under. */
  static readonly className: string = 'Metric';
  /** The serialization module: keeps metrics apart from same-named losses. */
  static readonly module: string = 'metrics';
  /** Config keys `fromConfig` accepts (camelCase; Keras's snake_case is converted). */
  static readonly configKeys: readonly string[] = ['name', 'dtype'];

  readonly name: string;
  readonly dtype: string;
  private readonly stateVariables: Variable[] = [];

  constructor(options: MetricOptions = {}, defaultName?: string) {
    const cls = this.constructor as { className?: string; name: string };
    const className = cls.className ?? cls.name;
    this.name = options.name ?? defaultName ?? toSnakeCase(className);
    this.dtype = options.dtype ?? 'float32';
    if (this.dtype !== 'float32') {
      throw new ValueError(`${className}: dtype '${this.dtype}' is not supported; metrics compute in float32.`);
    }
  }

  /**
   * Creates a non-trainable state variable of zeros (Keras's `add_variable`),
   * reset to zeros by `resetState`.
   */
  protected addWeight(name: string, shape: number[] = [], dtype: 'float32' | 'int32' = 'float32'): Variable {
    const v = tidy(() =>
      variable(zeros(shape, dtype), { trainable: false, name: `${this.name}/${name}_${nextVariableId++}` }),
    );
    this.stateVariables.push(v);
    return v;
  }

  /** The state variables, in creation order. */
  get variables(): Variable[] {
    return [...this.stateVariables];
  }

  /** Folds a batch into the state. Subclasses define what the arguments mean (`Mean` takes values). */
  abstract updateState(yTrue: TensorInput, yPred?: TensorInput, sampleWeight?: TensorInput | null): void;

  /** The current value as a new scalar tensor, which the caller disposes. */
  abstract result(): Tensor;

  /** Sets every state variable back to zeros. */
  resetState(): void {
    tidy(() => {
      for (const v of this.stateVariables) assign(v, zeros(v.shape, v.dtype));
    });
  }

  /** Frees the state variables; the metric cannot be used afterwards. */
  dispose(): void {
    dispose(this.stateVariables);
    this.stateVariables.length = 0;
  }

  /** `{ name, dtype }` plus the subclass's options, in camelCase. */
  getConfig(): Config {
    return { name: this.name, dtype: this.dtype };
  }

  /**
   * Rebuilds a metric from `getConfig()`'s output (or a Keras config with
   * snake_case keys). Unknown keys raise a `SerializationError`.
   */
  static fromConfig<T extends Metric>(this: MetricClass<T>, config: Config): T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass fromConfig was called on
    const cls = this as unknown as MetricClass<T> & (new (options: MetricOptions) => T);
    return new cls(readConfig(cls.className, config, cls.configKeys ?? ['name', 'dtype']) as MetricOptions);
  }
}

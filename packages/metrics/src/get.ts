/**
 * `getMetric`: a metric from a string identifier, a config, a function or an instance.
 */
import {
  deserialize,
  IdentifierTable,
  identifierKey,
  type MetricLike,
  type SerializedObject,
  toSnakeCase,
  UnknownIdentifierError,
  ValueError,
} from '@layerwise/core';
import { BinaryAccuracy } from './binary-accuracy.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { type MetricFunction, metricFunctions } from './functions.js';
import { Mean } from './mean.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import type { Metric, MetricOptions } from './metric.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { Sum } from './sum.js';

/**
 * What {@link getMetric} accepts.
 *
 * @example
 * ```ts
 * const ids: MetricIdentifier[] = ['accuracy', 'mse', new BinaryAccuracy({ threshold: 0.7 })];
 * ```
 */
export type MetricIdentifier = string | MetricLike | MetricFunction | SerializedObject;

/**
 * What {@link getMetric} may use to pick the accuracy that `'accuracy'` means.
 *
 * @example
 * ```ts
 * getMetric('accuracy', { loss: 'categorical_crossentropy' }); // CategoricalAccuracy
 * getMetric('accuracy', { outputShape: [null, 10], targetShape: [null, 1] }); // SparseCategoricalAccuracy
 * ```
 */
export interface GetMetricOptions {
  /**
   * The model's loss for this output: a name (`'binary_crossentropy'`,
   * `'sparseCategoricalCrossentropy'`, ...), a loss object or a loss function.
   */
  loss?: unknown;
  /** The model output's shape (e.g. `[null, 10]`; only the last dimension matters). */
  outputShape?: ReadonlyArray<number | null>;
  /** The targets' shape, which tells sparse from one-hot targets when the loss does not. */
  targetShape?: ReadonlyArray<number | null>;
}

type Factory = (options: MetricOptions) => Metric;

const builtIns = new IdentifierTable<Factory>('metric');
builtIns.register('mean', (o) => new Mean(o));
builtIns.register('sum', (o) => new Sum(o));
builtIns.register('binary_accuracy', (o) => new BinaryAccuracy(o));
builtIns.register('categorical_accuracy', (o) => new CategoricalAccuracy(o));
builtIns.register('sparse_categorical_accuracy', (o) => new SparseCategoricalAccuracy(o));
builtIns.register('mean_squared_error', (o) => new MeanMetricWrapper('mean_squared_error', o));
builtIns.register('mse', (o) => new MeanMetricWrapper('mean_squared_error', o));
builtIns.register('mean_absolute_error', (o) => new MeanMetricWrapper('mean_absolute_error', o));
builtIns.register('mae', (o) => new MeanMetricWrapper('mean_absolute_error', o));

const ACCURACY = new Set(['accuracy', 'acc']);

/**
 * Every string `getMetric` accepts, in snake_case (camelCase and class names work too).
 *
 * @example
 * ```ts
 * metricNames(); // ['acc', 'accuracy', 'binary_accuracy', 'categorical_accuracy', 'mae', ...]
 * ```
 */
export function metricNames(): string[] {
  return [...new Set(['accuracy', 'acc', ...builtIns.names(), ...metricFunctions.names()])].sort();
}

type AccuracyKind = 'binary' | 'sparse' | 'categorical';

/** The crossentropy a loss identifier, object or function names, if any. */
function crossentropyKind(loss: unknown): AccuracyKind | undefined {
  const names: unknown[] = [];
  if (typeof loss === 'string') names.push(loss);
  else if (typeof loss === 'function') names.push((loss as { name?: string }).name);
  else if (typeof loss === 'object' && loss !== null) {
    // The class and its ancestors (a subclass of BinaryCrossentropy is one), the wrapped function, then the name.
    for (let c = (loss as object).constructor; c && c !== Object; c = Object.getPrototypeOf(c)) {
      names.push((c as { className?: string }).className, c.name);
    }
    names.push((loss as { fn?: { name?: string } }).fn?.name, (loss as { name?: string }).name);
  }
  for (const name of names) {
    if (typeof name !== 'string') continue;
    const key = identifierKey(name);
    if (key === 'binarycrossentropy' || key === 'bce') return 'binary';
    if (key === 'sparsecategoricalcrossentropy') return 'sparse';
    if (key === 'categoricalcrossentropy') return 'categorical';
  }
  return undefined;
}

function accuracyKind(identifier: string, options: GetMetricOptions): AccuracyKind {
  const fromLoss = crossentropyKind(options.loss);
  if (fromLoss !== undefined) return fromLoss;
  const out = options.outputShape;
  if (out !== undefined && out.length > 0) {
    const last = out[out.length - 1];
    if (last === 1) return 'binary';
    const target = options.targetShape;
    if (target !== undefined && (target.length < out.length || (target[target.length - 1] === 1 && last !== 1))) {
      return 'sparse';
    }
    return 'categorical';
  }
  throw new ValueError(
    `getMetric('${identifier}'): cannot tell binary, categorical and sparse categorical accuracy apart without ` +
      "the loss or the output shape. Pass { loss } or { outputShape }, or name the metric: 'binary_accuracy', " +
      "'categorical_accuracy' or 'sparse_categorical_accuracy'.",
  );
}

function isSerializedObject(x: unknown): x is SerializedObject {
  return typeof x === 'object' && x !== null && typeof (x as SerializedObject).className === 'string';
}

/**
 * Resolves a metric identifier to a metric:
 *
 * - `'accuracy'` or `'acc'`: the accuracy that fits the loss, as Keras
 *   picks it (binary crossentropy -> `BinaryAccuracy`, sparse categorical
 *   crossentropy -> `SparseCategoricalAccuracy`, categorical crossentropy ->
 *   `CategoricalAccuracy`); for other losses, by shape as Keras 3 does
 *   (output last dimension 1 -> binary; targets of lower rank or ending in 1
 *   -> sparse; else categorical). Named `'accuracy'` or `'acc'`, as given.
 * - another string in snake_case or camelCase: `'mean'`, `'sum'`,
 *   `'binary_accuracy'`, `'categorical_accuracy'`,
 *   `'sparse_categorical_accuracy'`, `'mse'`/`'mean_squared_error'`,
 *   `'mae'`/`'mean_absolute_error'` (the last two as a
 *   {@link MeanMetricWrapper}), a class name such as `'BinaryAccuracy'`, or a
 *   function registered with `registerMetricFunction`. The metric is named
 *   after the identifier in snake_case, as Keras names compiled metrics.
 * - a `{ className, config }` object: the deserialized metric;
 * - a function `(yTrue, yPred) => Tensor`: a {@link MeanMetricWrapper};
 * - a metric object: itself.
 *
 * An unknown string raises an `UnknownIdentifierError` listing the valid names.
 *
 * @example
 * ```ts
 * getMetric('accuracy', { loss: 'sparse_categorical_crossentropy' }); // SparseCategoricalAccuracy named 'accuracy'
 * getMetric('acc', { outputShape: [null, 1] });                       // BinaryAccuracy named 'acc'
 * getMetric('mse');                                                   // MeanMetricWrapper named 'mse'
 * ```
 */
export function getMetric<T extends MetricLike>(identifier: T, options?: GetMetricOptions): T;
export function getMetric(identifier: string | MetricFunction | SerializedObject, options?: GetMetricOptions): Metric;
export function getMetric(identifier: MetricIdentifier, options?: GetMetricOptions): MetricLike;
export function getMetric(identifier: MetricIdentifier, options: GetMetricOptions = {}): MetricLike {
  if (typeof identifier === 'string') {
    const name = toSnakeCase(identifier);
    if (ACCURACY.has(identifierKey(identifier))) {
      const kind = accuracyKind(identifier, options);
      if (kind === 'binary') return new BinaryAccuracy({ name });
      if (kind === 'sparse') return new SparseCategoricalAccuracy({ name });
      return new CategoricalAccuracy({ name });
    }
    if (builtIns.has(identifier)) return builtIns.get(identifier)({ name });
    if (metricFunctions.has(identifier)) return new MeanMetricWrapper(metricFunctions.get(identifier), { name });
    throw new UnknownIdentifierError(
      `Unknown metric '${identifier}'. Expected one of: ${metricNames().join(', ')} (snake_case or camelCase), ` +
        'a { className, config } object, a function (yTrue, yPred) => Tensor, or a Metric instance.',
    );
  }
  if (typeof identifier === 'function') return new MeanMetricWrapper(identifier);
  if (typeof identifier === 'object' && identifier !== null) {
    if (typeof (identifier as MetricLike).updateState === 'function') return identifier as MetricLike;
    if (isSerializedObject(identifier)) return deserialize(identifier) as unknown as MetricLike;
  }
  throw new UnknownIdentifierError(
    `getMetric: cannot interpret ${JSON.stringify(identifier)} as a metric. Expected a name ` +
      `(${metricNames().join(', ')}), a { className, config } object, a function (yTrue, yPred) => Tensor, ` +
      'or a Metric instance.',
  );
}

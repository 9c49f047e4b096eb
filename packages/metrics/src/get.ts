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
import { AUC } from './auc.js';
import { BinaryAccuracy } from './binary-accuracy.js';
import { BinaryIoU } from './binary-iou.js';
import { CategoricalAccuracy } from './categorical-accuracy.js';
import { CosineSimilarity } from './cosine-similarity.js';
import { FBetaScore } from './f-beta-score.js';
import { F1Score } from './f1-score.js';
import { FalseNegatives } from './false-negatives.js';
import { FalsePositives } from './false-positives.js';
import { type MetricFunction, metricFunctions } from './functions.js';
import { CategoricalHinge, Hinge, SquaredHinge } from './hinge/index.js';
import type { IoUOptions } from './iou.js';
import { IoU } from './iou.js';
import type { IoUBaseOptions } from './iou-base.js';
import { LogCoshError } from './log-cosh-error.js';
import { Mean } from './mean.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { MeanIoU } from './mean-iou.js';
import { MeanMetricWrapper } from './mean-metric-wrapper.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { MeanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import type { Metric, MetricOptions } from './metric.js';
import { Precision } from './precision.js';
import { PrecisionAtRecall } from './precision-at-recall.js';
import {
  BinaryCrossentropy,
  CategoricalCrossentropy,
  KLDivergence,
  Poisson,
  SparseCategoricalCrossentropy,
} from './probabilistic/index.js';
import { R2Score } from './r2-score.js';
import { Recall } from './recall.js';
import { RecallAtPrecision } from './recall-at-precision.js';
import { RootMeanSquaredError } from './root-mean-squared-error.js';
import { SensitivityAtSpecificity } from './sensitivity-at-specificity.js';
import { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
import { SparseTopKCategoricalAccuracy } from './sparse-top-k-categorical-accuracy.js';
import { SpecificityAtSensitivity } from './specificity-at-sensitivity.js';
import { Sum } from './sum.js';
import { TopKCategoricalAccuracy } from './top-k-categorical-accuracy.js';
import { TrueNegatives } from './true-negatives.js';
import { TruePositives } from './true-positives.js';

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
builtIns.register('mean_squared_error', (o) => new MeanSquaredError(o));
builtIns.register('mse', (o) => new MeanSquaredError(o));
builtIns.register('mean_absolute_error', (o) => new MeanAbsoluteError(o));
builtIns.register('mae', (o) => new MeanAbsoluteError(o));
builtIns.register('mean_absolute_percentage_error', (o) => new MeanAbsolutePercentageError(o));
builtIns.register('mape', (o) => new MeanAbsolutePercentageError(o));
builtIns.register('mean_squared_logarithmic_error', (o) => new MeanSquaredLogarithmicError(o));
builtIns.register('msle', (o) => new MeanSquaredLogarithmicError(o));
builtIns.register('root_mean_squared_error', (o) => new RootMeanSquaredError(o));
builtIns.register('rmse', (o) => new RootMeanSquaredError(o));
builtIns.register('cosine_similarity', (o) => new CosineSimilarity(o));
builtIns.register('logcosh', (o) => new LogCoshError(o));
builtIns.register('r2_score', (o) => new R2Score(o));
builtIns.register('iou', (o) => new IoU(o as IoUOptions));
builtIns.register('mean_iou', (o) => new MeanIoU(o as IoUBaseOptions));
builtIns.register('binary_iou', (o) => new BinaryIoU(o));
builtIns.register('top_k_categorical_accuracy', (o) => new TopKCategoricalAccuracy(o));
builtIns.register('sparse_top_k_categorical_accuracy', (o) => new SparseTopKCategoricalAccuracy(o));
builtIns.register('auc', (o) => new AUC(o));
builtIns.register('precision', (o) => new Precision(o));
builtIns.register('recall', (o) => new Recall(o));
builtIns.register('true_positives', (o) => new TruePositives(o));
builtIns.register('false_positives', (o) => new FalsePositives(o));
builtIns.register('true_negatives', (o) => new TrueNegatives(o));
builtIns.register('false_negatives', (o) => new FalseNegatives(o));
builtIns.register('f1_score', (o) => new F1Score(o));
builtIns.register('fbeta_score', (o) => new FBetaScore(o));
builtIns.register('binary_crossentropy', (o) => new BinaryCrossentropy(o));
builtIns.register('bce', (o) => new BinaryCrossentropy(o));
builtIns.register('categorical_crossentropy', (o) => new CategoricalCrossentropy(o));
builtIns.register('sparse_categorical_crossentropy', (o) => new SparseCategoricalCrossentropy(o));
builtIns.register('kl_divergence', (o) => new KLDivergence(o));
builtIns.register('poisson', (o) => new Poisson(o));
builtIns.register('hinge', (o) => new Hinge(o));
builtIns.register('squared_hinge', (o) => new SquaredHinge(o));
builtIns.register('categorical_hinge', (o) => new CategoricalHinge(o));
// These need a target, as in Keras; the string form raises a ValueError that shows how to construct one.
builtIns.register('precision_at_recall', (o) => new PrecisionAtRecall(o as never));
builtIns.register('recall_at_precision', (o) => new RecallAtPrecision(o as never));
builtIns.register('sensitivity_at_specificity', (o) => new SensitivityAtSpecificity(o as never));
builtIns.register('specificity_at_sensitivity', (o) => new SpecificityAtSensitivity(o as never));

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

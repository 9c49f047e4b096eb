/**
 * The table of named metric functions: what `getMetric` resolves function
 * names to and what `MeanMetricWrapper` configs refer to.
 */
import { IdentifierTable, ValueError } from '@layerwise/core';
import type { Tensor, TensorInput } from '@layerwise/tensors';
import { accuracy, binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy } from './accuracy-functions.js';
import { meanAbsoluteError, meanSquaredError } from './regression-functions.js';

/**
 * A per-sample metric function: targets and predictions in, one value per sample (or per entry) out.
 *
 * @example
 * ```ts
 * const maxError: MetricFunction = (t, p) => max(abs(sub(t, p)), -1);
 * ```
 */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Named per-sample metric functions (snake_case or camelCase).
 *
 * @example
 * ```ts
 * metricFunctions.get('sparseCategoricalAccuracy'); // sparseCategoricalAccuracy
 * metricFunctions.names(); // ['accuracy', 'binary_accuracy', ...]
 * ```
 */
export const metricFunctions = new IdentifierTable<MetricFunction>('metric function');
const namesOf = new Map<MetricFunction, string>();

/**
 * Registers a per-sample metric function under `name` (any spelling), so
 * that `getMetric(name)` finds it and a `MeanMetricWrapper` around it can be
 * saved and loaded.
 *
 * @example
 * ```ts
 * registerMetricFunction('max_error', (t, p) => max(abs(sub(t, p)), -1));
 * getMetric('maxError'); // a MeanMetricWrapper named 'max_error'
 * ```
 */
export function registerMetricFunction(name: string, fn: MetricFunction): void {
  if (typeof fn !== 'function') {
    throw new ValueError(`registerMetricFunction: '${name}' is not a function; expected (yTrue, yPred) => Tensor.`);
  }
  metricFunctions.register(name, fn);
  if (!namesOf.has(fn)) namesOf.set(fn, name);
}

/** The name `fn` was registered under, if it was. */
export function metricFunctionName(fn: MetricFunction): string | undefined {
  return namesOf.get(fn);
}

const asMetricFunction = (f: (yTrue: TensorInput, yPred: TensorInput) => Tensor): MetricFunction => f;
registerMetricFunction('accuracy', asMetricFunction(accuracy));
registerMetricFunction('binary_accuracy', asMetricFunction(binaryAccuracy));
registerMetricFunction('categorical_accuracy', asMetricFunction(categoricalAccuracy));
registerMetricFunction('sparse_categorical_accuracy', asMetricFunction(sparseCategoricalAccuracy));
registerMetricFunction('mean_squared_error', asMetricFunction(meanSquaredError));
registerMetricFunction('mse', asMetricFunction(meanSquaredError));
registerMetricFunction('mean_absolute_error', asMetricFunction(meanAbsoluteError));
registerMetricFunction('mae', asMetricFunction(meanAbsoluteError));

/**
 * `@layerwise/metrics`: Keras 3's streaming metrics for Layerwise. A metric
 * keeps its state in variables on the device; `updateState` folds in a
 * batch without reading anything back, `result()` returns the current value
 * as a scalar tensor, `resetState()` starts over. `getMetric` resolves
 * Keras's string identifiers (including `'accuracy'`, picked from the loss)
 * in snake_case or camelCase.
 *
 * @example
 * ```ts
 * import '@layerwise/backend-wasm';
 * import { setBackend } from '@layerwise/tensors';
 * import { getMetric } from '@layerwise/metrics';
 *
 * await setBackend('wasm');
 * const acc = getMetric('accuracy', { loss: 'sparse_categorical_crossentropy' });
 * acc.updateState([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]]);
 * acc.result().print(); // 0.5
 * ```
 * @packageDocumentation
 */
export { Accuracy } from './accuracy.js';
export {
  accuracy,
  binaryAccuracy,
  categoricalAccuracy,
  sparseCategoricalAccuracy,
} from './accuracy-functions.js';
export { BinaryAccuracy, type BinaryAccuracyOptions } from './binary-accuracy.js';
export { CategoricalAccuracy } from './categorical-accuracy.js';
export { type MetricFunction, metricFunctions, registerMetricFunction } from './functions.js';
export { type GetMetricOptions, getMetric, type MetricIdentifier, metricNames } from './get.js';
export { Mean } from './mean.js';
export { MeanMetricWrapper } from './mean-metric-wrapper.js';
export { Metric, type MetricClass, type MetricOptions } from './metric.js';
export { meanAbsoluteError, meanSquaredError } from './regression-functions.js';
export { SparseCategoricalAccuracy } from './sparse-categorical-accuracy.js';
export { Sum } from './sum.js';
export { reduceToSamplewiseValues, squeezeOrExpandToSameRank } from './utils.js';

/**
 * Keras 3's probabilistic metrics (keras/src/metrics/probabilistic_metrics.py):
 * running means of the crossentropies, the Kullback-Leibler divergence and
 * the Poisson loss, each computed by the loss function of `@layerwise/losses`.
 */
export { BinaryCrossentropy, type BinaryCrossentropyOptions } from './binary-crossentropy.js';
export { CategoricalCrossentropy, type CategoricalCrossentropyOptions } from './categorical-crossentropy.js';
export { KLDivergence } from './kl-divergence.js';
export { Poisson } from './poisson.js';
export {
  SparseCategoricalCrossentropy,
  type SparseCategoricalCrossentropyOptions,
} from './sparse-categorical-crossentropy.js';

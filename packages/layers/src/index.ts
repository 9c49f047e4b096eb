/**
 * `@layerwise/layers`: Keras 3's layers for Layerwise. The `Layer` base
 * class, `Dense`, the activation, regularization and reshaping layers,
 * and the activations, initializers, regularizers and constraints that
 * layers use, with Keras's names, formulas and configs.
 *
 * @example
 * ```ts
 * import { Dense } from '@layerwise/layers';
 * const dense = new Dense({ units: 8, activation: 'relu' });
 * const y = dense.apply(x); // builds on the first call: kernel [x.shape[1], 8]
 * ```
 * @packageDocumentation
 */
export * from './activation-layers/index.js';
export * from './activations/index.js';
export * from './constraints/index.js';
export * from './core/index.js';
export * from './initializers/index.js';
export * from './layer.js';
export * from './regularization/index.js';
export * from './regularizers/index.js';
export * from './reshaping/index.js';

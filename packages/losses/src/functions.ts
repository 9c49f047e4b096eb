/**
 * The table of named loss functions: what `getLoss` resolves strings to and
 * what `LossFunctionWrapper` configs refer to.
 */
import { IdentifierTable, ValueError } from '@layerwise/core';
import type { Tensor, TensorInput } from '@layerwise/tensors';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { meanSquaredError } from './mean-squared-error.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';

/**
 * A per-sample loss function: targets and predictions in, unreduced losses out.
 *
 * @example
 * ```ts
 * const mae: LossFunction = (t, p) => mean(abs(sub(t, p)), -1);
 * ```
 */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Named per-sample loss functions (snake_case or camelCase).
 *
 * @example
 * ```ts
 * lossFunctions.get('binaryCrossentropy'); // binaryCrossentropy
 * lossFunctions.names(); // ['bce', 'binary_crossentropy', ...]
 * ```
 */
export const lossFunctions = new IdentifierTable<LossFunction>('loss function');
const namesOf = new Map<LossFunction, string>();

/**
 * Registers a per-sample loss function under `name` (any spelling), so that
 * `getLoss(name)` finds it and a `LossFunctionWrapper` around it can be saved
 * and loaded.
 *
 * @example
 * ```ts
 * registerLossFunction('mean_cubed_error', (t, p) => mean(pow(abs(sub(t, p)), 3), -1));
 * getLoss('meanCubedError'); // a LossFunctionWrapper named 'mean_cubed_error'
 * ```
 */
export function registerLossFunction(name: string, fn: LossFunction): void {
  if (typeof fn !== 'function') {
    throw new ValueError(`registerLossFunction: '${name}' is not a function; expected (yTrue, yPred) => Tensor.`);
  }
  lossFunctions.register(name, fn);
  if (!namesOf.has(fn)) namesOf.set(fn, name);
}

/** The name `fn` was registered under, if it was. */
export function lossFunctionName(fn: LossFunction): string | undefined {
  return namesOf.get(fn);
}

const asLossFunction = (f: (yTrue: TensorInput, yPred: TensorInput) => Tensor): LossFunction => f;
registerLossFunction('mean_squared_error', asLossFunction(meanSquaredError));
registerLossFunction('mse', asLossFunction(meanSquaredError));
registerLossFunction('binary_crossentropy', asLossFunction(binaryCrossentropy));
registerLossFunction('bce', asLossFunction(binaryCrossentropy));
registerLossFunction('categorical_crossentropy', asLossFunction(categoricalCrossentropy));
registerLossFunction('sparse_categorical_crossentropy', asLossFunction(sparseCategoricalCrossentropy));

/**
 * The table of named loss functions: what `getLoss` resolves strings to and
 * what `LossFunctionWrapper` configs refer to.
 */
import { IdentifierTable, ValueError } from '@layerwise/core';
import type { Tensor, TensorInput } from '@layerwise/tensors';
import { binaryCrossentropy } from './binary-crossentropy.js';
import { binaryFocalCrossentropy } from './binary-focal-crossentropy.js';
import { categoricalCrossentropy } from './categorical-crossentropy.js';
import { categoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';
import { categoricalHinge } from './categorical-hinge.js';
import { cosineSimilarity } from './cosine-similarity.js';
import { ctc } from './ctc.js';
import { dice } from './dice.js';
import { hinge } from './hinge.js';
import { huber } from './huber.js';
import { klDivergence } from './kl-divergence.js';
import { logCosh } from './log-cosh.js';
import { meanAbsoluteError } from './mean-absolute-error.js';
import { meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { meanSquaredError } from './mean-squared-error.js';
import { meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { poisson } from './poisson.js';
import { sparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { squaredHinge } from './squared-hinge.js';
import { tversky } from './tversky.js';

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
registerLossFunction('mean_absolute_error', asLossFunction(meanAbsoluteError));
registerLossFunction('mae', asLossFunction(meanAbsoluteError));
registerLossFunction('mean_absolute_percentage_error', asLossFunction(meanAbsolutePercentageError));
registerLossFunction('mape', asLossFunction(meanAbsolutePercentageError));
registerLossFunction('mean_squared_logarithmic_error', asLossFunction(meanSquaredLogarithmicError));
registerLossFunction('msle', asLossFunction(meanSquaredLogarithmicError));
registerLossFunction('huber', asLossFunction(huber));
registerLossFunction('log_cosh', asLossFunction(logCosh));
registerLossFunction('poisson', asLossFunction(poisson));
registerLossFunction('kl_divergence', asLossFunction(klDivergence));
registerLossFunction('kld', asLossFunction(klDivergence));
registerLossFunction('kullback_leibler_divergence', asLossFunction(klDivergence));
registerLossFunction('cosine_similarity', asLossFunction(cosineSimilarity));
registerLossFunction('binary_focal_crossentropy', asLossFunction(binaryFocalCrossentropy));
registerLossFunction('categorical_focal_crossentropy', asLossFunction(categoricalFocalCrossentropy));
registerLossFunction('hinge', asLossFunction(hinge));
registerLossFunction('squared_hinge', asLossFunction(squaredHinge));
registerLossFunction('categorical_hinge', asLossFunction(categoricalHinge));
registerLossFunction('dice', asLossFunction(dice));
registerLossFunction('tversky', asLossFunction(tversky));
registerLossFunction('ctc', asLossFunction(ctc));

/**
 * `getLoss`: a loss from a string identifier, a config, a function or an instance.
 */
import {
  deserialize,
  IdentifierTable,
  type LossLike,
  type SerializedObject,
  UnknownIdentifierError,
} from '@layerwise/core';
import { BinaryCrossentropy } from './binary-crossentropy.js';
import { BinaryFocalCrossentropy } from './binary-focal-crossentropy.js';
import { CategoricalCrossentropy } from './categorical-crossentropy.js';
import { CategoricalFocalCrossentropy } from './categorical-focal-crossentropy.js';
import { CategoricalHinge } from './categorical-hinge.js';
import { CosineSimilarity } from './cosine-similarity.js';
import { CTC } from './ctc.js';
import { Dice } from './dice.js';
import { type LossFunction, lossFunctions } from './functions.js';
import { Hinge } from './hinge.js';
import { Huber } from './huber.js';
import { KLDivergence } from './kl-divergence.js';
import { LogCosh } from './log-cosh.js';
import type { Loss } from './loss.js';
import { LossFunctionWrapper } from './loss-function-wrapper.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';
import { MeanAbsolutePercentageError } from './mean-absolute-percentage-error.js';
import { MeanSquaredError } from './mean-squared-error.js';
import { MeanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';
import { Poisson } from './poisson.js';
import { SparseCategoricalCrossentropy } from './sparse-categorical-crossentropy.js';
import { SquaredHinge } from './squared-hinge.js';
import { Tversky } from './tversky.js';

/** Built-in losses by name. Class names resolve too (`'MeanSquaredError'` is `'mean_squared_error'` in any case). */
const builtIns = new IdentifierTable<() => Loss>('loss');
builtIns.register('mean_squared_error', () => new MeanSquaredError());
builtIns.register('mse', () => new MeanSquaredError());
builtIns.register('binary_crossentropy', () => new BinaryCrossentropy());
builtIns.register('bce', () => new BinaryCrossentropy());
builtIns.register('categorical_crossentropy', () => new CategoricalCrossentropy());
builtIns.register('sparse_categorical_crossentropy', () => new SparseCategoricalCrossentropy());
builtIns.register('mean_absolute_error', () => new MeanAbsoluteError());
builtIns.register('mae', () => new MeanAbsoluteError());
builtIns.register('mean_absolute_percentage_error', () => new MeanAbsolutePercentageError());
builtIns.register('mape', () => new MeanAbsolutePercentageError());
builtIns.register('mean_squared_logarithmic_error', () => new MeanSquaredLogarithmicError());
builtIns.register('msle', () => new MeanSquaredLogarithmicError());
builtIns.register('huber', () => new Huber());
builtIns.register('logcosh', () => new LogCosh());
builtIns.register('log_cosh', () => new LogCosh());
builtIns.register('poisson', () => new Poisson());
builtIns.register('kld', () => new KLDivergence());
builtIns.register('kullback_leibler_divergence', () => new KLDivergence());
builtIns.register('kl_divergence', () => new KLDivergence());
builtIns.register('cosine_similarity', () => new CosineSimilarity());
builtIns.register('binary_focal_crossentropy', () => new BinaryFocalCrossentropy());
builtIns.register('categorical_focal_crossentropy', () => new CategoricalFocalCrossentropy());
builtIns.register('hinge', () => new Hinge());
builtIns.register('squared_hinge', () => new SquaredHinge());
builtIns.register('categorical_hinge', () => new CategoricalHinge());
builtIns.register('dice', () => new Dice());
builtIns.register('tversky', () => new Tversky());
builtIns.register('ctc', () => new CTC());

/**
 * What {@link getLoss} accepts.
 *
 * @example
 * ```ts
 * const id: LossIdentifier = 'sparse_categorical_crossentropy';
 * ```
 */
export type LossIdentifier = string | LossLike | LossFunction | SerializedObject;

/**
 * Every string `getLoss` accepts, in snake_case (camelCase and class names work too).
 *
 * @example
 * ```ts
 * lossNames(); // ['bce', 'binary_crossentropy', 'categorical_crossentropy', 'mean_squared_error', 'mse', ...]
 * ```
 */
export function lossNames(): string[] {
  return [...new Set([...builtIns.names(), ...lossFunctions.names()])].sort();
}

function isSerializedObject(x: unknown): x is SerializedObject {
  return typeof x === 'object' && x !== null && typeof (x as SerializedObject).className === 'string';
}

/**
 * Resolves a loss identifier to a loss:
 *
 * - a string, in Keras's snake_case or camelCase (`'mse'`,
 *   `'mean_squared_error'`, `'binaryCrossentropy'`,
 *   `'sparse_categorical_crossentropy'`, or a class name such as
 *   `'CategoricalCrossentropy'`): a new instance with default options; a
 *   function registered with `registerLossFunction`: a
 *   {@link LossFunctionWrapper} around it;
 * - a `{ className, config }` object: the deserialized loss;
 * - a function `(yTrue, yPred) => Tensor`: a {@link LossFunctionWrapper};
 * - a loss object (anything with `compute`): itself.
 *
 * An unknown string raises an `UnknownIdentifierError` listing the valid names.
 *
 * @example
 * ```ts
 * getLoss('sparse_categorical_crossentropy'); // SparseCategoricalCrossentropy
 * getLoss('binaryCrossentropy');              // BinaryCrossentropy
 * getLoss(new CategoricalCrossentropy({ fromLogits: true })); // the same instance
 * ```
 */
export function getLoss<T extends LossLike>(identifier: T): T;
export function getLoss(identifier: string | LossFunction | SerializedObject): Loss;
export function getLoss(identifier: LossIdentifier): LossLike;
export function getLoss(identifier: LossIdentifier): LossLike {
  if (typeof identifier === 'string') {
    if (builtIns.has(identifier)) return builtIns.get(identifier)();
    if (lossFunctions.has(identifier)) return new LossFunctionWrapper(lossFunctions.get(identifier));
    throw new UnknownIdentifierError(
      `Unknown loss '${identifier}'. Expected one of: ${lossNames().join(', ')} (snake_case or camelCase), ` +
        'a { className, config } object, a function (yTrue, yPred) => Tensor, or a Loss instance.',
    );
  }
  if (typeof identifier === 'function') return new LossFunctionWrapper(identifier);
  if (typeof identifier === 'object' && identifier !== null) {
    if (typeof (identifier as LossLike).compute === 'function') return identifier as LossLike;
    if (isSerializedObject(identifier)) return deserialize(identifier) as unknown as LossLike;
  }
  throw new UnknownIdentifierError(
    `getLoss: cannot interpret ${JSON.stringify(identifier)} as a loss. Expected a name (${lossNames().join(', ')}), ` +
      'a { className, config } object, a function (yTrue, yPred) => Tensor, or a Loss instance.',
  );
}

/**
 * `@layerwise/optimizers`: optimizers with Keras 3's semantics and numbers.
 * The {@link Optimizer} base class does learning rates and schedules,
 * gradient clipping, decoupled weight decay, loss scaling, gradient
 * accumulation and weight moving averages once; each optimizer ({@link SGD},
 * {@link RMSprop}, {@link Adagrad}, {@link Adadelta}, {@link Adam},
 * {@link AdamW}, {@link Adamax}, {@link Nadam}, {@link Ftrl}, {@link Lion},
 * {@link Lamb}, {@link Adafactor}) only writes its update rule.
 * {@link getOptimizer} resolves their names (snake_case or camelCase),
 * configs and instances. Learning-rate schedules ({@link ExponentialDecay},
 * {@link CosineDecay}, ...) follow Keras's formulas in float32.
 *
 * @example
 * ```ts
 * import '@layerwise/backend-wasm';
 * import { setBackend, variable, tensor, mean, square, sub } from '@layerwise/tensors';
 * import { Adam } from '@layerwise/optimizers';
 * await setBackend('wasm');
 * const w = variable(tensor([0, 0]));
 * const target = tensor([3, -1]);
 * const opt = new Adam({ learningRate: 0.1 });
 * for (let i = 0; i < 200; i++) opt.minimize(() => mean(square(sub(w, target))), [w]).dispose();
 * ```
 * @packageDocumentation
 */
export { Adadelta, type AdadeltaOptions } from './adadelta.js';
export { Adafactor, type AdafactorOptions } from './adafactor.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { Adam, type AdamOptions } from './adam.js';
export { Adamax, type AdamaxOptions } from './adamax.js';
export { AdamW, type AdamWOptions } from './adamw.js';
export { Ftrl, type FtrlOptions } from './ftrl.js';
export { getOptimizer, type OptimizerIdentifier, optimizerIdentifiers, registerOptimizer } from './get.js';
export { Lamb, type LambOptions } from './lamb.js';
export { Lion, type LionOptions } from './lion.js';
export { Nadam, type NadamOptions } from './nadam.js';
export {
  type GradientAndVariable,
  type LearningRate,
  type LearningRateFn,
  Optimizer,
  type OptimizerOptions,
} from './optimizer.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export {
  CosineDecay,
  type CosineDecayOptions,
  CosineDecayRestarts,
  type CosineDecayRestartsOptions,
  ExponentialDecay,
  type ExponentialDecayOptions,
  InverseTimeDecay,
  type InverseTimeDecayOptions,
  isLearningRateSchedule,
  LearningRateSchedule,
  PiecewiseConstantDecay,
  type PiecewiseConstantDecayOptions,
  PolynomialDecay,
  type PolynomialDecayOptions,
} from './schedules/index.js';
export { SGD, type SGDOptions } from './sgd.js';

/**
 * `@layerwise/optimizers`: optimizers with Keras 3's semantics and numbers.
 * The {@link Optimizer} base class does learning rates and schedules,
 * gradient clipping, decoupled weight decay, loss scaling, gradient
 * accumulation and weight moving averages once; {@link SGD}, {@link Adam} and
 * {@link RMSprop} only write their update rule. {@link getOptimizer} resolves
 * `'adam'`, `'rmsprop'`, `'sgd'`, `'momentum'` (snake_case or camelCase),
 * configs and instances.
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
export { Adam, type AdamOptions } from './adam.js';
export { getOptimizer, type OptimizerIdentifier, optimizerIdentifiers, registerOptimizer } from './get.js';
export {
  type GradientAndVariable,
  type LearningRate,
  type LearningRateFn,
  Optimizer,
  type OptimizerOptions,
} from './optimizer.js';
export { RMSprop, type RMSpropOptions } from './rmsprop.js';
export { isLearningRateSchedule, LearningRateSchedule } from './schedules/learning-rate-schedule.js';
export { SGD, type SGDOptions } from './sgd.js';

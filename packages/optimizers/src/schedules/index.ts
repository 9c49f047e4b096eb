/**
 * Learning-rate schedules with Keras 3's formulas and numbers
 * (`keras.optimizers.schedules`): pass one as any optimizer's `learningRate`.
 * Each registers itself under Keras's class name, so an optimizer config
 * saved by Keras (`{ class_name: 'ExponentialDecay', config: {...} }`) loads.
 *
 * @example
 * ```ts
 * import { CosineDecay, SGD } from '@layerwise/optimizers';
 * const optimizer = new SGD({
 *   learningRate: new CosineDecay({ initialLearningRate: 0, decaySteps: 9000, warmupTarget: 0.1, warmupSteps: 1000 }),
 * });
 * ```
 */
export { CosineDecay, type CosineDecayOptions } from './cosine-decay.js';
export { CosineDecayRestarts, type CosineDecayRestartsOptions } from './cosine-decay-restarts.js';
export { ExponentialDecay, type ExponentialDecayOptions } from './exponential-decay.js';
export { InverseTimeDecay, type InverseTimeDecayOptions } from './inverse-time-decay.js';
export { isLearningRateSchedule, LearningRateSchedule } from './learning-rate-schedule.js';
export { PiecewiseConstantDecay, type PiecewiseConstantDecayOptions } from './piecewise-constant-decay.js';
export { PolynomialDecay, type PolynomialDecayOptions } from './polynomial-decay.js';

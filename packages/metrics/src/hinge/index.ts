/**
 * Keras 3's hinge metrics (keras/src/metrics/hinge_metrics.py): running
 * means of the hinge losses, each computed by the loss function of
 * `@layerwise/losses`.
 */
export { CategoricalHinge } from './categorical-hinge.js';
export { Hinge } from './hinge.js';
export { SquaredHinge } from './squared-hinge.js';

/**
 * Comparisons, logical ops and reductions (Any, All), and ZerosLike: their outputs are piecewise constant
 * in their inputs, so the gradient is zero (TensorFlow marks them
 * `NotDifferentiable`). tfjs registers no gradient for them, so
 * backpropagation through anything built on them, such as tfjs's
 * `divNoNan` (`where(equal(b, 0), zerosLike(a / b), a / b)`), stopped with
 * "gradient function not found for Equal".
 */
import { type GradConfig, zerosOf } from './util.js';

/** Kernel name and input names of each such kernel. */
const KERNELS: Array<[string, string[]]> = [
  ['Equal', ['a', 'b']],
  ['NotEqual', ['a', 'b']],
  ['Less', ['a', 'b']],
  ['LessEqual', ['a', 'b']],
  ['Greater', ['a', 'b']],
  ['GreaterEqual', ['a', 'b']],
  ['LogicalAnd', ['a', 'b']],
  ['LogicalOr', ['a', 'b']],
  ['LogicalNot', ['x']],
  ['Any', ['x']],
  ['All', ['x']],
  ['ZerosLike', ['x']],
];

/** Zero gradients (float32, of each input's shape) for the kernels above. */
export const notDifferentiableGradConfigs: GradConfig[] = KERNELS.map(([kernelName, inputs]) => ({
  kernelName,
  inputsToSave: inputs,
  gradFunc: (_dy, saved) => Object.fromEntries(inputs.map((name, i) => [name, () => zerosOf(saved[i].shape)])),
}));

/**
 * `@layerwise/tensors`: a NumPy/TensorFlow-like tensor API over
 * TensorFlow.js kernels. Tensors, dtypes, NumPy-style indexing, broadcasting
 * math, reductions, linear algebra, seeded random numbers, automatic
 * differentiation, variables, sparse and ragged tensors, memory scopes, and
 * the backend registry.
 *
 * Import a backend package once (`@layerwise/backend-wasm` or
 * `@layerwise/backend-cpu`), then:
 *
 * @example
 * ```ts
 * import '@layerwise/backend-wasm';
 * import { setBackend, tensor, matMul, grad, pow, scalar } from '@layerwise/tensors';
 * await setBackend('auto');
 * matMul(tensor([[1, 2]]), tensor([[3], [4]])).print(); // [[11]]
 * grad((x) => pow(x, 3))(scalar(2)).print();           // 12
 * ```
 * @packageDocumentation
 */
import './format.js';

export * from './autodiff.js';
export { getBackend, listBackends, ready, setBackend, toBackend } from './backend.js';
export { backendOf, broadcastShapes, isTensor, type TensorInput } from './check.js';
export * from './combine.js';
export * from './complex.js';
export * from './creation.js';
export { type DType, dtypeNames, type NativeDType, nativeDType } from './dtypes.js';
export * from './elementwise.js';
export * from './errors.js';
export { type FormatOptions, formatTensor } from './format.js';
export { GradientTape } from './gradient-tape.js';
export * from './indexing/index.js';
export * from './linalg/index.js';
export * from './math.js';
export { dispose, keep, type MemoryInfo, memory, tidy } from './memory.js';
export * from './nn/index.js';
export * from './random.js';
export * from './reductions.js';
export * from './shapes.js';
export * from './sparse/index.js';
export type { DataType, Rank, Tensor, TensorLike, Variable } from './tfjs.js';
export * from './variables.js';

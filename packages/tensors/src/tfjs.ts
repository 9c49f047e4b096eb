/**
 * The one door to tfjs-core. Every other file in this package imports tfjs
 * from here, so that the gradient and chained-op registrations (which the Node
 * build of tfjs-core leaves out) are always loaded first.
 */
import * as tfc from '@tensorflow/tfjs-core';
import '../vendor/tfjs-extras.js';
import './gradients/index.js';

export type { DataType, Rank, Tensor, TensorLike, Variable } from '@tensorflow/tfjs-core';
export { tfc };

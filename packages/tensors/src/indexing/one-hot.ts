/**
 * One-hot encoding of integer class indices.
 */

import type { TensorInput } from '../check.js';
import { type DType, nativeDType } from '../dtypes.js';
import { ValueError } from '../errors.js';
import { type Tensor, tfc } from '../tfjs.js';
import { toIndices } from './common.js';

/**
 * One-hot encodes int32 class indices: the result has shape
 * `[...indices.shape, depth]` with `onValue` at each index and `offValue`
 * elsewhere. An index outside `[0, depth)` (including a negative one) gives a
 * row of `offValue`, as in TensorFlow. The dtype is float32 unless given, as
 * Keras's `ops.one_hot`.
 *
 * @example
 * ```ts
 * oneHot([0, 2], 3); // [[1, 0, 0], [0, 0, 1]]
 * ```
 */
export function oneHot(
  indices: TensorInput,
  depth: number,
  onValue = 1,
  offValue = 0,
  dtype: DType = 'float32',
): Tensor {
  const op = 'oneHot';
  if (!Number.isInteger(depth) || depth < 1) {
    throw new ValueError(`${op}: depth is ${depth}; expected a positive integer (the number of classes).`);
  }
  const native = nativeDType(dtype, op);
  if (native !== 'float32' && native !== 'int32') {
    throw new ValueError(`${op}: dtype '${dtype}' is not supported; expected a float or integer dtype.`);
  }
  return tfc.tidy(() => {
    const idx = toIndices(indices, 'indices', op).tensor;
    // An int32 result truncates the values toward zero, as a cast would (tfjs's cpu kernel would store 0.5 as is).
    const [on, off] = native === 'int32' ? [Math.trunc(onValue), Math.trunc(offValue)] : [onValue, offValue];
    return tfc.oneHot(idx, depth, on, off, native);
  });
}

/**
 * `Subtract`: the elementwise difference of two tensors.
 */
import { registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Merge } from './merge.js';

/**
 * Subtracts the second of exactly two tensors from the first, elementwise
 * (`inputs[0] - inputs[1]`), as `keras.layers.Subtract`. The shapes are
 * equal or broadcast (see {@link Merge}); any other number of inputs is a
 * `ValueError`.
 *
 * @example
 * ```ts
 * new Subtract().apply([tensor([[5, 7]]), tensor([[1, 2]])]); // [[4, 5]]
 * ```
 */
export class Subtract extends Merge {
  static override readonly className: string = 'Subtract';

  protected override get inputCountRange(): [number, number] {
    return [2, 2];
  }

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    return T.sub(inputs[0], inputs[1]);
  }
}
registerSerializable(Subtract);

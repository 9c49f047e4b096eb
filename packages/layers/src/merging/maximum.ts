/**
 * `Maximum`: the elementwise maximum of a list of tensors.
 */
import { registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Merge, type MergeMasks, maskedReduce } from './merge.js';

/**
 * The elementwise maximum of a list of tensors, as `keras.layers.Maximum`.
 * The shapes are equal or broadcast (see {@link Merge}).
 *
 * With masks in the call options (one per input, `null` for an unmasked
 * one), as Keras 3: a masked-out value does not take part, so the maximum
 * is over the inputs that keep each position.
 *
 * @example
 * ```ts
 * new Maximum().apply([tensor([[1, 5]]), tensor([[3, 4]])]); // [[3, 5]]
 * ```
 */
export class Maximum extends Merge {
  static override readonly className: string = 'Maximum';

  protected override get usesCallMasks(): boolean {
    return true;
  }

  protected override mergeFunction(inputs: Tensor[], masks: MergeMasks | null): Tensor {
    return maskedReduce(T.maximum, inputs, masks);
  }
}
registerSerializable(Maximum);

/**
 * `Average`: the elementwise mean of a list of tensors.
 */
import { registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Merge } from './merge.js';

/**
 * Averages a list of tensors elementwise (their sum divided by their
 * number), as `keras.layers.Average`. The shapes are equal or broadcast
 * (see {@link Merge}). Masks are not used in the mean; the output mask is
 * the OR of the input masks.
 *
 * @example
 * ```ts
 * new Average().apply([tensor([[1, 2]]), tensor([[3, 6]])]); // [[2, 4]]
 * ```
 */
export class Average extends Merge {
  static override readonly className: string = 'Average';

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    let out = inputs[0];
    for (const x of inputs.slice(1)) out = T.add(out, x);
    return T.div(out, inputs.length);
  }
}
registerSerializable(Average);

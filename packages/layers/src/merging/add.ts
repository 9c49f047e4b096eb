/**
 * `Add`: the elementwise sum of a list of tensors.
 */
import { registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Merge } from './merge.js';

/**
 * Adds a list of tensors elementwise, as `keras.layers.Add`. The inputs
 * have one shape, or shapes that broadcast (see {@link Merge}); the output
 * has the broadcast shape. Masks are not used in the sum; the output mask
 * is the OR of the input masks.
 *
 * @example
 * ```ts
 * new Add().apply([tensor([[1, 2]]), tensor([[10, 20]])]); // [[11, 22]]
 * const a = Input({ shape: [16] });
 * const b = Input({ shape: [16] });
 * const y = new Add().apply([a, b]); // SymbolicTensor [null, 16]
 * ```
 */
export class Add extends Merge {
  static override readonly className: string = 'Add';

  protected override mergeFunction(inputs: Tensor[]): Tensor {
    let out = inputs[0];
    for (const x of inputs.slice(1)) out = T.add(out, x);
    return out;
  }
}
registerSerializable(Add);

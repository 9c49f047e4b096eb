/**
 * `Multiply`: the elementwise product of a list of tensors.
 */
import { registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Merge, type MergeMasks } from './merge.js';

/**
 * Multiplies a list of tensors elementwise, as `keras.layers.Multiply`. The
 * shapes are equal or broadcast (see {@link Merge}).
 *
 * With masks in the call options (one per input, `null` for an unmasked
 * one), as Keras 3: a masked-out value counts as 1, so it drops out of the
 * product; when every input has a mask, positions that all inputs mask out
 * are 0 in the output.
 *
 * @example
 * ```ts
 * new Multiply().apply([tensor([[1, 2]]), tensor([[3, 4]])]); // [[3, 8]]
 * ```
 */
export class Multiply extends Merge {
  static override readonly className: string = 'Multiply';

  protected override get usesCallMasks(): boolean {
    return true;
  }

  protected override mergeFunction(inputs: Tensor[], masks: MergeMasks | null): Tensor {
    if (masks === null) {
      let out = inputs[0];
      for (const x of inputs.slice(1)) out = T.mul(out, x);
      return out;
    }
    const everyMasked = masks.every((m) => m !== null);
    let out: Tensor | null = null;
    let outMask: Tensor | null = null;
    for (let i = 0; i < inputs.length; i++) {
      const m = masks[i];
      let x = inputs[i];
      if (m !== null) {
        x = T.where(m, x, 1); // outside the mask, 1: no effect on the product
        if (everyMasked) outMask = outMask === null ? m : T.logicalOr(outMask, m);
      }
      out = out === null ? x : T.mul(out, x);
    }
    const product = out as Tensor;
    return outMask === null ? product : T.where(outMask, product, 0);
  }
}
registerSerializable(Multiply);

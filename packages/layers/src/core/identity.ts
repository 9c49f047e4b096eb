/**
 * `Identity`: a placeholder layer that returns its input unchanged.
 */
import { type CallOptions, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type Shape } from '../layer.js';

/**
 * Returns its input unchanged, as `keras.layers.Identity` (a placeholder,
 * for example where an architecture has an optional block). The output is
 * a new tensor handle with the same values; the gradient passes through
 * unchanged.
 *
 * Not to be confused with the `initializers.Identity` initializer.
 *
 * @example
 * ```ts
 * new Identity().apply(tensor([[1, 2]])); // [[1, 2]]
 * ```
 */
export class Identity extends Layer {
  static override readonly className: string = 'Identity';
  override supportsMasking = true;

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return T.identity(inputs);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }
}
registerSerializable(Identity);

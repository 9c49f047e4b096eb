/**
 * `Activation`: applies an activation function to its input.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import {
  type ActivationFn,
  type ActivationIdentifier,
  getActivation,
  serializeActivation,
} from '../activations/index.js';
import { Layer, type LayerOptions, type Shape } from '../layer.js';

/** Options of {@link Activation}. */
export interface ActivationOptions extends LayerOptions {
  /** The function: a registered name ('relu', 'gelu', 'leaky_relu'...) or a function. */
  activation: ActivationIdentifier;
}

/**
 * Applies an activation function to its input (any shape), as
 * `keras.layers.Activation`.
 *
 * @example
 * ```ts
 * new Activation({ activation: 'relu' }).apply(tensor([-1, 2])); // [0, 2]
 * ```
 */
export class Activation extends Layer {
  static override readonly className: string = 'Activation';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'activation'];

  readonly activation: ActivationFn;

  constructor(options: ActivationOptions) {
    super(options);
    this.supportsMasking = true;
    if (options?.activation === undefined) {
      throw new ValueError(`Activation '${this.name}': activation is required (a name such as 'relu', or a function).`);
    }
    this.activation = getActivation(options.activation);
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return this.activation(inputs);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}
registerSerializable(Activation);

/**
 * `LeakyReLU`: `x` for `x >= 0`, `negativeSlope * x` below.
 */
import { type CallOptions, type Config, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import { leakyRelu } from '../activations/index.js';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkRange } from '../layer-utils.js';

/** Options of {@link LeakyReLU}. */
export interface LeakyReLUOptions extends LayerOptions {
  /** Slope for negative inputs, >= 0 (default 0.3, as the Keras 3 layer; the `leaky_relu` function's default is 0.2). */
  negativeSlope?: number;
}

/**
 * Leaky rectified linear unit layer, as `keras.layers.LeakyReLU`:
 * `x` for `x >= 0`, `negativeSlope * x` otherwise. The default slope is
 * Keras 3's 0.3.
 *
 * @example
 * ```ts
 * new LeakyReLU().apply(tensor([-1, 2])); // [-0.3, 2]
 * ```
 */
export class LeakyReLU extends Layer {
  static override readonly className: string = 'LeakyReLU';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'negativeSlope'];

  readonly negativeSlope: number;

  constructor(options: LeakyReLUOptions = {}) {
    super(options);
    this.supportsMasking = true;
    this.negativeSlope = checkRange(
      `LeakyReLU '${this.name}'`,
      'negativeSlope',
      options.negativeSlope ?? 0.3,
      0,
      Number.POSITIVE_INFINITY,
    );
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return leakyRelu(inputs, this.negativeSlope);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), negativeSlope: this.negativeSlope };
  }
}
registerSerializable(LeakyReLU);

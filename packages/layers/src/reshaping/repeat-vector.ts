/**
 * `RepeatVector`: repeats a `[batch, features]` input `n` times.
 */
import { type CallOptions, type Config, registerSerializable } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { InputSpec, Layer, type LayerOptions, type Shape } from '../layer.js';
import { checkPositiveInt } from '../layer-utils.js';

/** Options of {@link RepeatVector}. */
export interface RepeatVectorOptions extends LayerOptions {
  /** How many times to repeat (a positive integer). */
  n: number;
}

/**
 * Repeats a `[batch, features]` input `n` times into `[batch, n, features]`,
 * as `keras.layers.RepeatVector`.
 *
 * @example
 * ```ts
 * new RepeatVector({ n: 3 }).apply(randomNormal([8, 32])).shape; // [8, 3, 32]
 * ```
 */
export class RepeatVector extends Layer {
  static override readonly className: string = 'RepeatVector';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'n'];

  readonly n: number;

  constructor(options: RepeatVectorOptions) {
    super(options);
    this.n = checkPositiveInt(`RepeatVector '${this.name}'`, 'n', options?.n);
    this.inputSpec = new InputSpec({ ndim: 2 });
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return T.tile(T.expandDims(inputs, 1), [1, this.n, 1]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, this.n, inputShape[1] ?? null];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), n: this.n };
  }
}
registerSerializable(RepeatVector);

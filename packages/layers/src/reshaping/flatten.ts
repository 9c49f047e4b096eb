/**
 * `Flatten`: collapses every axis after the batch into one.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { InputSpec, Layer, type LayerOptions, type Shape } from '../layer.js';

/** Options of {@link Flatten}. */
export interface FlattenOptions extends LayerOptions {
  /**
   * 'channels_last' (default) or 'channels_first': with channels first, the
   * channel axis is moved last before flattening, so the order of the
   * features matches a channels-last model (as Keras).
   */
  dataFormat?: 'channels_last' | 'channels_first' | 'channelsLast' | 'channelsFirst';
}

/**
 * Flattens the input to `[batch, features]`, as `keras.layers.Flatten`
 * (a rank-1 input becomes `[batch, 1]`).
 *
 * @example
 * ```ts
 * new Flatten().apply(randomNormal([8, 4, 4, 3])).shape; // [8, 48]
 * ```
 */
export class Flatten extends Layer {
  static override readonly className: string = 'Flatten';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'dataFormat'];

  readonly dataFormat: 'channels_last' | 'channels_first';

  constructor(options: FlattenOptions = {}) {
    super(options);
    const f = options.dataFormat ?? 'channels_last';
    if (f === 'channels_last' || f === 'channelsLast') this.dataFormat = 'channels_last';
    else if (f === 'channels_first' || f === 'channelsFirst') this.dataFormat = 'channels_first';
    else {
      throw new ValueError(
        `Flatten '${this.name}': dataFormat must be 'channels_last' or 'channels_first', got ${JSON.stringify(f)}.`,
      );
    }
    this.inputSpec = new InputSpec({ minNdim: 1 });
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    let x = inputs;
    if (this.dataFormat === 'channels_first' && x.rank > 2) {
      x = T.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
    }
    const features = x.shape.slice(1).reduce((a, b) => a * b, 1);
    return T.reshape(x, [x.shape[0], features]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const known = rest.every((d) => d !== null);
    return [inputShape[0] ?? null, known ? (rest as number[]).reduce((a, b) => a * b, 1) : null];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
registerSerializable(Flatten);

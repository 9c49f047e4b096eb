/**
 * `Permute`: reorders the axes after the batch.
 */
import { type CallOptions, type Config, registerSerializable, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { InputSpec, Layer, type LayerOptions, type Shape } from '../layer.js';

/** Options of {@link Permute}. */
export interface PermuteOptions extends LayerOptions {
  /** A permutation of `1..n` (1-based: axis 1 is the first after the batch, as Keras). */
  dims: number[];
}

/**
 * Permutes the axes of each sample, as `keras.layers.Permute`; `dims` is
 * 1-based and never moves the batch axis. Inputs must have rank `dims.length + 1`.
 *
 * @example
 * ```ts
 * new Permute({ dims: [2, 1] }).apply(randomNormal([8, 10, 64])).shape; // [8, 64, 10]
 * ```
 */
export class Permute extends Layer {
  static override readonly className: string = 'Permute';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'dims'];

  readonly dims: number[];

  constructor(options: PermuteOptions) {
    super(options);
    const dims = options?.dims;
    const ok = Array.isArray(dims) && dims.length > 0 && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!ok) {
      throw new ValueError(
        `Permute '${this.name}': dims must be a permutation of 1..n (1-based, the batch axis excluded), got ${JSON.stringify(dims)}.`,
      );
    }
    this.dims = [...dims];
    this.inputSpec = new InputSpec({ ndim: dims.length + 1 });
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    return T.transpose(inputs, [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.dims.map((d) => inputShape[d] ?? null)];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
registerSerializable(Permute);

/**
 * `Reshape`: reshapes each sample to `targetShape`.
 */
import { type CallOptions, type Config, registerSerializable, ShapeError, ValueError } from '@layerwise/core';
import type { Tensor } from '@layerwise/tensors';
import * as T from '@layerwise/tensors';
import { Layer, type LayerOptions, type Shape } from '../layer.js';
import { shapeText } from '../layer-utils.js';

/** Options of {@link Reshape}. */
export interface ReshapeOptions extends LayerOptions {
  /** Shape of one sample, without the batch axis; at most one entry may be -1 (inferred). */
  targetShape: number[];
}

/**
 * Reshapes each sample to `targetShape` (the batch axis is kept), as
 * `keras.layers.Reshape`. One entry may be -1: it takes whatever size
 * keeps the number of entries.
 *
 * @example
 * ```ts
 * new Reshape({ targetShape: [-1, 2] }).apply(randomNormal([8, 6])).shape; // [8, 3, 2]
 * ```
 */
export class Reshape extends Layer {
  static override readonly className: string = 'Reshape';
  static override readonly configKeys: readonly string[] = [...Layer.configKeys, 'targetShape'];

  readonly targetShape: number[];

  constructor(options: ReshapeOptions) {
    super(options);
    const t = options?.targetShape;
    const ok =
      Array.isArray(t) &&
      t.every((d) => Number.isInteger(d) && (d > 0 || d === -1)) &&
      t.filter((d) => d === -1).length <= 1;
    if (!ok) {
      throw new ValueError(
        `Reshape '${this.name}': targetShape must be an array of positive integers with at most one -1, got ${JSON.stringify(t)}.`,
      );
    }
    this.targetShape = [...t];
  }

  /** The target sample shape for `size` entries per sample (null size: unknown); throws when it cannot fit. */
  private resolve(sampleShape: readonly (number | null)[]): Array<number | null> {
    const known = this.targetShape.filter((d) => d !== -1).reduce((a, b) => a * b, 1);
    const size = sampleShape.every((d) => d !== null) ? (sampleShape as number[]).reduce((a, b) => a * b, 1) : null;
    const fail = () =>
      new ShapeError(
        `Reshape '${this.name}': cannot reshape samples of shape ${shapeText(sampleShape)} (${size} entries) ` +
          `to targetShape ${shapeText(this.targetShape)}. The number of entries must match.`,
      );
    if (size === null) return this.targetShape.map((d) => (d === -1 ? null : d));
    if (this.targetShape.includes(-1)) {
      if (size % known !== 0) throw fail();
      return this.targetShape.map((d) => (d === -1 ? size / known : d));
    }
    if (size !== known) throw fail();
    return [...this.targetShape];
  }

  override call(inputs: Tensor, _options: CallOptions = {}): Tensor {
    const target = this.resolve(inputs.shape.slice(1)) as number[];
    return T.reshape(inputs, [inputs.shape[0], ...target]);
  }

  override computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0] ?? null, ...this.resolve(inputShape.slice(1))];
  }

  override getConfig(): Config {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }
}
registerSerializable(Reshape);
